"""The programme's rules, one named check each, raising a ValidationError a citizen understands. The checks of
one action (`APPLICATION_RULES`, `BOOKING_RULES`, ...) take keywords and are run together by the kernel's
`run_checks`, so people hear every reason at once."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from roomshare.models import HOST_MIN_AGE, Agreement, Room, Verification, rent_cap
from sharingcity.ages import age_on


def check_host_age(date_of_birth, today=None):
    """Hosts are 60 or over."""
    if date_of_birth is None:
        raise ValidationError({"date_of_birth": _("Give your date of birth.")})
    if age_on(date_of_birth, today or timezone.localdate()) < HOST_MIN_AGE:
        raise ValidationError(
            {
                "date_of_birth": _("Hosts must be %(age)d or over: the programme is for older homeowners.")
                % {"age": HOST_MIN_AGE}
            }
        )


def check_enrolment_proof(student):
    """Students show proof that they are enrolled (or on leave) at a university."""
    if not student.enrolment_proof:
        raise ValidationError({"enrolment_proof": _("Upload a proof of enrolment from your university.")})


def check_rent_within_cap(rent, **context):
    """Rents stay within the programme's cap (300,000 KRW a month unless the city sets another)."""
    cap = rent_cap()
    if rent > cap:
        raise ValidationError({"rent": _("The monthly rent may be at most %(cap)s KRW.") % {"cap": f"{cap:,}"}})


def check_student_verified(student, **context):
    if student.erased_at or student.verification != Verification.VERIFIED:
        raise ValidationError(_("Your student registration must be verified by the coordinator before you apply."))


def check_student_not_housed(student, **context):
    """A student holds one agreement at a time: while housed (or about to be), they do not apply elsewhere."""
    if Agreement.objects.holding().filter(student=student, end__gt=timezone.localdate()).exists():
        raise ValidationError(
            _("You already have a room-sharing agreement. Ask your coordinator about changing rooms.")
        )


def check_room_open(room, **context):
    if not Room.objects.listed().filter(pk=room.pk).exists():
        raise ValidationError(_("This room is not open for applications."))


def check_rent_within_budget(room, student, **context):
    if room.rent > student.budget:
        raise ValidationError(_("The rent of this room is over your budget."))


def check_host_verified(host):
    if host.erased_at or host.verification != Verification.VERIFIED:
        raise ValidationError(_("The host must be verified before the room is published."))


def check_home_visit_passed(room):
    if not room.checklist_passed:
        raise ValidationError(_("Record the home visit with every safety check passed before publishing the room."))


def check_coordinator_district(user, district, **context):
    """Coordinators act only in their own districts (supervisors and superusers everywhere)."""
    from roomshare.access import can_see_district

    if not can_see_district(user, district):
        raise ValidationError(_("You coordinate other districts: this one is not yours."))


def check_transition(application, action, allowed_from, **context):
    if application.status not in allowed_from:
        raise ValidationError(
            _("This application is “%(status)s”: it cannot be %(action)s.")
            % {"status": application.get_status_display(), "action": action}
        )


def check_meeting_in_future(when):
    if when is None or when <= timezone.now():
        raise ValidationError({"meeting_at": _("Choose a meeting time in the future.")})


def check_dates(start, end, **context):
    if start is None or end is None or end <= start:
        raise ValidationError({"end": pgettext_lazy("dates", "The end must be after the start.")})


def check_application_for(application, room, student, **context):
    """An agreement books the room and the student of its application, no other."""
    if application.room_id != room.pk or application.student_id != student.pk:
        raise ValidationError(_("This application is for another room or another student."))


def check_agreement_active(agreement, **context):
    if agreement.status != Agreement.Status.ACTIVE:
        raise ValidationError(_("Only an active agreement can be renewed."))


def check_not_renewed_yet(agreement, **context):
    if Agreement.objects.filter(previous=agreement).exists():
        raise ValidationError(_("This agreement was already renewed."))


def check_agreement_holding(agreement, **context):
    if agreement.status not in Agreement.HOLDING:
        raise ValidationError(_("This agreement has already ended."))


def check_end_reason_given(reason, **context):
    if not (reason or "").strip():
        raise ValidationError({"end_reason": _("Give the reason for ending early.")})


def check_early_end_within_term(agreement, on_date, **context):
    if on_date is None or not (agreement.start < on_date < agreement.end):
        raise ValidationError({"ended_on": _("The early end must fall within the agreement's term.")})


def check_incident_on_active_agreement(agreement, **context):
    if agreement.status != Agreement.Status.ACTIVE:
        raise ValidationError(_("Only an active agreement can have an incident report."))


def check_incident_described(text, **context):
    if not (text or "").strip():
        raise ValidationError({"issues": _("Describe what happened.")})


def check_party(agreement, user, **context):
    if not agreement.is_party(user):
        raise ValidationError(_("Only the host and the student of this agreement can confirm it."))


def check_agreement_proposed(agreement):
    if agreement.status != Agreement.Status.PROPOSED:
        raise ValidationError(_("This agreement is not waiting for confirmation."))


def check_application_closable_by(application, student):
    if application.student_id != student.pk:
        raise ValidationError(_("This is not your application."))


# The checks of one action, in the order people should hear them.
APPLICATION_RULES = [check_student_verified, check_student_not_housed, check_room_open, check_rent_within_budget]
# A coordinator moves an application on only in their districts and from the statuses that allow it.
MOVE_RULES = [check_coordinator_district, check_transition]
# A new term (a first agreement or a renewal): real dates and a rent within the cap.
TERM_RULES = [check_dates, check_rent_within_cap]
# Booking a room: the accepted application turned into an agreement for its room and student.
BOOKING_RULES = [*MOVE_RULES, check_application_for, *TERM_RULES]
RENEWAL_RULES = [check_coordinator_district, check_agreement_active, check_not_renewed_yet, *TERM_RULES]
EARLY_END_RULES = [
    check_coordinator_district,
    check_agreement_holding,
    check_end_reason_given,
    check_early_end_within_term,
]
INCIDENT_RULES = [check_party, check_incident_on_active_agreement, check_incident_described]
