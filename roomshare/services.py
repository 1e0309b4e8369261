"""What people do in the programme, one function each, in one transaction, called by pages, API and admin alike."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from roomshare import notifications, rules
from roomshare.access import staff_districts
from roomshare.models import (
    DEFAULT_TERM_MONTHS,
    NO_OVERLAP,
    ONE_APPLICATION_PER_ROOM,
    STUDENT_HOUSED_ONCE,
    Agreement,
    Application,
    CheckIn,
    Host,
    Room,
    Student,
    Verification,
    add_months,
)
from sharingcity.audit import record_decision
from sharingcity.booking import booking_transaction, refuse_with, run_checks
from sharingcity.models import User
from sharingcity.roles import ROOMSHARE_COORDINATOR

Status = Application.Status


# Registration -------------------------------------------------------------------------------------------


@transaction.atomic
def register_host(user, host: Host) -> Host:
    if Host.objects.filter(user=user).exists():
        raise ValidationError(_("You are already registered as a host."))
    host.user = user
    rules.check_host_age(host.date_of_birth)
    host.full_clean()
    host.save()
    return host


@transaction.atomic
def register_student(user, student: Student, districts) -> Student:
    if Student.objects.filter(user=user).exists():
        raise ValidationError(_("You are already registered as a student."))
    student.user = user
    rules.check_enrolment_proof(student)
    student.full_clean()
    student.save()
    student.preferred_districts.set(districts)
    return student


@transaction.atomic
def offer_room(host: Host, room: Room, photos=()) -> Room:
    if host.erased_at:
        raise ValidationError(_("This host registration was erased."))
    room.host = host
    room.status = Room.Status.PENDING
    room.full_clean()
    room.save()
    for photo in photos:
        photo.room = room
        photo.full_clean()
        photo.save()
    return room


# Coordinators' verification --------------------------------------------------------------------------------


def _verify(person, coordinator):
    person.verification = Verification.VERIFIED
    person.verified_by, person.verified_at, person.rejection_reason = coordinator, timezone.now(), ""
    person.save(update_fields=["verification", "verified_by", "verified_at", "rejection_reason"])
    record_decision(coordinator, "verified", person)


def _reject(person, coordinator, reason):
    if not reason.strip():
        raise ValidationError({"rejection_reason": _("Give the reason.")})
    person.verification = Verification.REJECTED
    person.verified_by, person.verified_at, person.rejection_reason = coordinator, timezone.now(), reason.strip()
    person.save(update_fields=["verification", "verified_by", "verified_at", "rejection_reason"])
    record_decision(coordinator, "not accepted", person, reason.strip())


def check_student_in_scope(student, coordinator):
    """A coordinator looks after the students who prefer (or applied in) one of their districts."""
    districts = staff_districts(coordinator)
    if districts is not None and not Student.objects.in_districts(districts).filter(pk=student.pk).exists():
        raise ValidationError(_("You coordinate other districts: this student is not yours."))


@transaction.atomic
def verify_host(host, coordinator):
    rules.check_coordinator_district(coordinator, host.district_id)
    _verify(host, coordinator)


@transaction.atomic
def reject_host(host, coordinator, reason):
    rules.check_coordinator_district(coordinator, host.district_id)
    _reject(host, coordinator, reason)


@transaction.atomic
def verify_student(student, coordinator):
    check_student_in_scope(student, coordinator)
    rules.check_enrolment_proof(student)
    _verify(student, coordinator)


@transaction.atomic
def reject_student(student, coordinator, reason):
    check_student_in_scope(student, coordinator)
    _reject(student, coordinator, reason)


@transaction.atomic
def record_home_visit(room, coordinator, visited_on: date, notes="", **checks):
    rules.check_coordinator_district(coordinator, room.host.district_id)
    room.visited_on, room.visited_by, room.visit_notes = visited_on, coordinator, notes
    for item in Room.CHECKLIST:
        setattr(room, item, bool(checks.get(item, False)))
    room.save()
    record_decision(coordinator, "recorded home visit", room, notes)


@transaction.atomic
def publish_room(room, coordinator):
    rules.check_coordinator_district(coordinator, room.host.district_id)
    rules.check_host_verified(room.host)
    rules.check_home_visit_passed(room)
    rules.check_rent_within_cap(room.rent)
    room.status, room.rejection_reason = Room.Status.PUBLISHED, ""
    room.save(update_fields=["status", "rejection_reason"])
    record_decision(coordinator, "published", room)


@transaction.atomic
def reject_room(room, coordinator, reason):
    rules.check_coordinator_district(coordinator, room.host.district_id)
    if not reason.strip():
        raise ValidationError({"rejection_reason": _("Give the reason.")})
    room.status, room.rejection_reason = Room.Status.REJECTED, reason.strip()
    room.save(update_fields=["status", "rejection_reason"])
    record_decision(coordinator, "not accepted", room, reason.strip())


# Applications ------------------------------------------------------------------------------------------


@transaction.atomic
def apply_for_room(student, room, message) -> Application:
    run_checks(rules.APPLICATION_RULES, student=student, room=room)
    with refuse_with({ONE_APPLICATION_PER_ROOM: ValidationError(_("You have already applied for this room."))}):
        application = Application.objects.create(student=student, room=room, message=message.strip())
    notifications.notify_application_received(application)
    return application


def _locked(application) -> Application:
    return Application.objects.select_for_update(of=("self",)).select_related("room__host").get(pk=application.pk)


def _move_context(application, coordinator, action_label, allowed_from) -> dict:
    """What the move rules read: who moves which application, to what, from where."""
    return {
        "user": coordinator,
        "district": application.room.host.district_id,
        "application": application,
        "action": action_label,
        "allowed_from": allowed_from,
    }


def _move(application, coordinator, action_label, allowed_from, new_status, **fields):
    application = _locked(application)
    run_checks(rules.MOVE_RULES, **_move_context(application, coordinator, action_label, allowed_from))
    return _advance(application, coordinator, new_status, **fields)


def _advance(application, coordinator, new_status, **fields):
    application.status = new_status
    for name, value in fields.items():
        setattr(application, name, value)
    application.save()
    record_decision(coordinator, new_status, application, fields.get("closed_reason", ""))
    return application


@transaction.atomic
def shortlist(application, coordinator):
    return _move(application, coordinator, _("shortlisted"), [Status.SUBMITTED], Status.SHORTLISTED)


@transaction.atomic
def schedule_meeting(application, coordinator, when, place):
    rules.check_meeting_in_future(when)
    if not (place or "").strip():
        raise ValidationError({"meeting_place": _("Say where the meeting takes place.")})
    application = _move(
        application,
        coordinator,
        _("given a meeting"),
        [Status.SHORTLISTED, Status.MEETING],
        Status.MEETING,
        meeting_at=when,
        meeting_place=place.strip(),
    )
    notifications.notify_meeting(application)
    return application


@transaction.atomic
def record_both_accepted(application, coordinator):
    return _move(application, coordinator, _("marked as accepted by both"), [Status.MEETING], Status.ACCEPTED)


@transaction.atomic
def decline_application(application, coordinator, reason):
    if not (reason or "").strip():
        raise ValidationError({"closed_reason": _("Give the reason.")})
    application = _move(
        application, coordinator, _("declined"), Application.ACTIVE, Status.DECLINED, closed_reason=reason.strip()
    )
    notifications.notify_declined(application)
    return application


@transaction.atomic
def withdraw_application(application, student, reason):
    rules.check_application_closable_by(application, student)
    application = Application.objects.select_for_update().get(pk=application.pk)
    rules.check_transition(application, _("withdrawn"), Application.ACTIVE)
    if not (reason or "").strip():
        raise ValidationError({"closed_reason": _("Give the reason.")})
    application.status, application.closed_reason = Status.WITHDRAWN, reason.strip()
    application.save(update_fields=["status", "closed_reason", "updated_at"])
    return application


# Agreements -----------------------------------------------------------------------------------------------


def _create_agreement_row(**fields) -> Agreement:
    """Insert an agreement whose rules were checked; PostgreSQL refuses a room or a student held twice."""
    agreement = Agreement(**fields)
    with refuse_with(
        {
            NO_OVERLAP: ValidationError(_("This room already has an agreement for these dates.")),
            STUDENT_HOUSED_ONCE: ValidationError(_("This student already has an agreement for these dates.")),
        }
    ):
        agreement.save()
    return agreement


def proposed_term(application: Application, *, start: date | None = None, months: int = DEFAULT_TERM_MONTHS):
    """The (start, end) a coordinator proposes: from the given day, or the first day the room is free, the
    student moves in and it is not past, for `months` months."""
    start = start or max(application.room.available_from, application.student.move_in, timezone.localdate())
    return start, add_months(start, months)


@booking_transaction
def book_room(
    *,
    resource: Room,
    holder: Student,
    start: date,
    end: date,
    application: Application,
    coordinator: User,
    help_agreed: str = "",
    house_rules: str | None = None,
) -> Agreement:
    """Book the room for the student over [start, end): the coordinator turns their accepted application
    into a proposed agreement, which both then confirm. The database refuses a room or a student held twice."""
    # One agreement at a time per room, then per student (always in that order): later callers wait here,
    # then find the room or the student taken, and two inserts never deadlock inside the exclusion check.
    Room.objects.select_for_update().filter(pk=resource.pk).first()
    Student.objects.select_for_update(no_key=True).filter(pk=holder.pk).first()
    application = _locked(application)
    room, student = application.room, application.student
    run_checks(
        rules.BOOKING_RULES,
        **_move_context(application, coordinator, _("turned into an agreement"), [Status.ACCEPTED]),
        room=resource,
        student=holder,
        start=start,
        end=end,
        rent=room.rent,
    )
    application = _advance(application, coordinator, Status.AGREED)
    agreement = _create_agreement_row(
        application=application,
        host=room.host,
        student=student,
        room=room,
        start=start,
        end=end,
        rent=room.rent,
        deposit=room.deposit,
        help_agreed=help_agreed or room.host.help_wanted,
        house_rules=room.host.house_rules if house_rules is None else house_rules,
        created_by=coordinator,
    )
    # The room is taken and the student housed: their other open applications close.
    for other in Application.objects.active().filter(room=room).exclude(pk=application.pk):
        other.status, other.closed_reason = Status.DECLINED, _("The room was matched with another student.")
        other.save(update_fields=["status", "closed_reason", "updated_at"])
    for other in Application.objects.active().filter(student=application.student).exclude(pk=application.pk):
        other.status, other.closed_reason = Status.WITHDRAWN, _("The student was matched with another room.")
        other.save(update_fields=["status", "closed_reason", "updated_at"])
    record_decision(coordinator, "created agreement", agreement)
    notifications.notify_agreement_to_confirm(agreement)
    return agreement


def book_room_for(
    application: Application,
    *,
    coordinator: User,
    start: date | None = None,
    months: int = DEFAULT_TERM_MONTHS,
    help_agreed: str = "",
) -> Agreement:
    """`book_room` as the admin's "Create the agreement" calls it: the application's room for its student,
    over the term `proposed_term` gives."""
    start, end = proposed_term(application, start=start, months=months)
    return book_room(
        resource=application.room,
        holder=application.student,
        start=start,
        end=end,
        application=application,
        coordinator=coordinator,
        help_agreed=help_agreed,
    )


@transaction.atomic
def confirm_agreement(agreement, user) -> Agreement:
    agreement = Agreement.objects.select_for_update().select_related("host", "student").get(pk=agreement.pk)
    rules.check_party(agreement, user)
    rules.check_agreement_proposed(agreement)
    now = timezone.now()
    if user.pk == agreement.host.user_id:
        agreement.host_confirmed_at = agreement.host_confirmed_at or now
    if user.pk == agreement.student.user_id:
        agreement.student_confirmed_at = agreement.student_confirmed_at or now
    if agreement.host_confirmed_at and agreement.student_confirmed_at:
        agreement.status = Agreement.Status.ACTIVE
    agreement.save(update_fields=["host_confirmed_at", "student_confirmed_at", "status"])
    return agreement


@booking_transaction
def renew_agreement(agreement, coordinator, months=DEFAULT_TERM_MONTHS) -> Agreement:
    """A new six-month term from the day the current one ends; both confirm it again."""
    agreement = Agreement.objects.select_for_update().select_related("room__host").get(pk=agreement.pk)
    start, end = agreement.end, add_months(agreement.end, months)
    run_checks(
        rules.RENEWAL_RULES,
        user=coordinator,
        district=agreement.room.host.district_id,
        agreement=agreement,
        start=start,
        end=end,
        rent=agreement.rent,
    )
    renewal = _create_agreement_row(
        application=agreement.application,
        previous=agreement,
        host=agreement.host,
        student=agreement.student,
        room=agreement.room,
        start=start,
        end=end,
        rent=agreement.rent,
        deposit=agreement.deposit,
        help_agreed=agreement.help_agreed,
        house_rules=agreement.house_rules,
        created_by=coordinator,
    )
    record_decision(coordinator, "renewed agreement", agreement)
    return renewal


@transaction.atomic
def end_agreement_early(agreement, coordinator, on_date: date, reason: str) -> Agreement:
    agreement = Agreement.objects.select_for_update().select_related("room__host").get(pk=agreement.pk)
    run_checks(
        rules.EARLY_END_RULES,
        user=coordinator,
        district=agreement.room.host.district_id,
        agreement=agreement,
        on_date=on_date,
        reason=reason,
    )
    agreement.status, agreement.ended_on, agreement.end_reason = Agreement.Status.ENDED, on_date, reason.strip()
    agreement.save(update_fields=["status", "ended_on", "end_reason"])
    record_decision(coordinator, "ended agreement early", agreement, reason.strip())
    return agreement


@transaction.atomic
def record_checkin(
    agreement, coordinator, *, kind, day, host_satisfaction=None, student_satisfaction=None, notes="", issues=""
):
    rules.check_coordinator_district(coordinator, agreement.room.host.district_id)
    checkin = CheckIn(
        agreement=agreement,
        kind=kind,
        date=day,
        coordinator=coordinator,
        host_satisfaction=host_satisfaction,
        student_satisfaction=student_satisfaction,
        notes=notes,
        issues=issues,
    )
    checkin.full_clean()
    checkin.save()
    if kind == CheckIn.Kind.INCIDENT or any(
        score is not None and score <= 2 for score in (host_satisfaction, student_satisfaction)
    ):
        # An incident (or an unhappy side) flags the arrangement for the coordinator's attention.
        Agreement.objects.filter(pk=agreement.pk).update(needs_attention=True)
        agreement.needs_attention = True
    record_decision(coordinator, f"recorded {kind} check-in", agreement, issues)
    return checkin


@transaction.atomic
def report_incident(agreement, user, text) -> CheckIn:
    """The host or the student tells the coordinator something is wrong; the arrangement is flagged."""
    run_checks(rules.INCIDENT_RULES, agreement=agreement, user=user, text=text)
    side = _("host") if user.pk == agreement.host.user_id else _("student")
    checkin = CheckIn.objects.create(
        agreement=agreement,
        kind=CheckIn.Kind.INCIDENT,
        date=timezone.localdate(),
        issues=text.strip(),
        notes=_("Reported by the %(side)s.") % {"side": side},
    )
    Agreement.objects.filter(pk=agreement.pk).update(needs_attention=True)
    district = agreement.room.host.district_id
    coordinators = User.objects.filter(districts=district, is_active=True, groups__name=ROOMSHARE_COORDINATOR)
    notifications.notify_incident(coordinators, agreement)
    return checkin


@transaction.atomic
def resolve_attention(agreement, coordinator, note):
    rules.check_coordinator_district(coordinator, agreement.room.host.district_id)
    Agreement.objects.filter(pk=agreement.pk).update(needs_attention=False)
    record_decision(coordinator, "resolved", agreement, note)
