"""What happens to a reservation: booked, approved, rejected, cancelled, blocked, completed.

Pages, the API and the admin all call these functions; each runs in one transaction, records staff
decisions in the audit log, and enqueues its email in the same transaction.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from facilities import notifications, payments, rules, waitlist
from facilities.models import (
    NO_OVERLAP,
    Facility,
    PaymentStatus,
    PriceCategory,
    ProofStatus,
    Reservation,
    ReservationSeries,
)
from sharingcity.audit import record_decision
from sharingcity.booking import AlreadyHeld, BookingConflict, booking_transaction, refuse_overlap, run_checks
from sharingcity.models import User

MAX_SERIES_WEEKS = 12


def price_snapshot(facility, start, end):
    return facility.price_of(start, end)


def _held(facility, start, end):
    return facility.held_range(start, end)


def _lock_citizen(citizen):
    # One booking at a time per citizen, so two parallel requests cannot both slip under the cap.
    User.objects.select_for_update().filter(pk=citizen.pk).first()


def lock_facility(facility):
    """Bookings of one facility queue here (citizen first, then facility, always in that order), so two
    overlapping inserts never wait on each other inside the exclusion constraint's check, which PostgreSQL
    can only end with a deadlock. NO KEY UPDATE leaves other tables' foreign-key checks free."""
    Facility.objects.select_for_update(no_key=True).filter(pk=facility.pk).first()


def _new_reservation(facility, citizen, start, end, details, series=None):
    reservation = Reservation(
        facility=facility,
        citizen=citizen,
        series=series,
        period=DateTimeTZRange(start, end),
        held_period=_held(facility, start, end),
        status=Reservation.Status.REQUESTED if facility.needs_approval else Reservation.Status.CONFIRMED,
        purpose=details.get("purpose", ""),
        group_name=details.get("group_name", ""),
        attendees=details.get("attendees", 1),
        contact_phone=details.get("contact_phone", ""),
        **payments.price_fields(facility, start, end, details.get("price_category", PriceCategory.STANDARD)),
    )
    payments.start_payment_clock(reservation, timezone.now())
    already_held = _held_by(facility, citizen, start, end)
    with refuse_overlap(NO_OVERLAP, already_held=already_held.exists):
        reservation.save()
    return reservation


def _held_by(facility, citizen, start, end):
    """The citizen's own reservations that hold part of [start, end) (with the facility's buffer)."""
    return facility.reservations.holding().filter(citizen=citizen, held_period__overlap=_held(facility, start, end))


def check_not_held_already(facility, citizen, start, end):
    """A second tab or a double click: the citizen holds this time already, which matters more than any rule
    (the second booking would also count against their cap). Their own bookings queue on `_lock_citizen`."""
    if _held_by(facility, citizen, start, end).exists():
        raise AlreadyHeld()


@booking_transaction
def book_facility(
    *,
    resource: Facility,
    holder: User,
    start: datetime,
    end: datetime,
    attendees: int = 1,
    purpose: str = "",
    group_name: str = "",
    contact_phone: str = "",
    price_category: str = PriceCategory.STANDARD,
    now: datetime | None = None,
) -> Reservation:
    """Book one time of the facility for the citizen; every rule is checked, and the database refuses a
    slot that was just taken."""
    facility, citizen = resource, holder
    now = now or timezone.now()
    _lock_citizen(citizen)
    lock_facility(facility)
    check_not_held_already(facility, citizen, start, end)
    run_checks(
        rules.BOOKING_RULES, facility=facility, citizen=citizen, start=start, end=end, attendees=attendees, now=now
    )
    details = dict(
        attendees=attendees,
        purpose=purpose,
        group_name=group_name,
        contact_phone=contact_phone,
        price_category=price_category,
    )
    reservation = _new_reservation(facility, citizen, start, end, details)
    notifications.notify(reservation, "requested" if facility.needs_approval else "confirmed")
    return reservation


@dataclass
class Occurrence:
    start: object
    end: object
    problem: str = ""
    held: bool = False  # the citizen holds this time already

    @property
    def ok(self):
        return not self.problem


def weekly_times(start, end, weeks):
    if not 1 <= weeks <= MAX_SERIES_WEEKS:
        raise ValidationError({"weeks": _("A weekly series runs for 1 to %(max)d weeks.") % {"max": MAX_SERIES_WEEKS}})
    return [(start + timedelta(weeks=i), end + timedelta(weeks=i)) for i in range(weeks)]


def preview_series(facility, citizen, start, end, weeks, *, attendees=1, now=None):
    """Which dates of a weekly series can be booked, and why the others cannot (shown before confirming)."""
    now = now or timezone.now()
    run_checks(
        [rules.check_capacity, rules.check_per_citizen_cap],
        facility=facility,
        citizen=citizen,
        attendees=attendees,
        now=now,
    )
    occurrences = []
    for occ_start, occ_end in weekly_times(start, end, weeks):
        try:
            run_checks(rules.TIME_RULES, facility=facility, start=occ_start, end=occ_end, now=now)
        except ValidationError as error:
            occurrences.append(Occurrence(occ_start, occ_end, " ".join(error.messages)))
            continue
        taken = facility.reservations.holding().filter(held_period__overlap=_held(facility, occ_start, occ_end))
        if _held_by(facility, citizen, occ_start, occ_end).exists():
            occurrences.append(Occurrence(occ_start, occ_end, str(AlreadyHeld.default_message), held=True))
        else:
            occurrences.append(Occurrence(occ_start, occ_end, _("Already booked.") if taken.exists() else ""))
    return occurrences


@booking_transaction
def book_series(
    *,
    resource: Facility,
    holder: User,
    start: datetime,
    end: datetime,
    weeks: int,
    attendees: int = 1,
    purpose: str = "",
    group_name: str = "",
    contact_phone: str = "",
    price_category: str = PriceCategory.STANDARD,
    now: datetime | None = None,
) -> tuple[ReservationSeries, list[Reservation]]:
    """Book every free date of a weekly series and skip the conflicting ones (the citizen saw them)."""
    facility, citizen = resource, holder
    now = now or timezone.now()
    _lock_citizen(citizen)
    lock_facility(facility)
    occurrences = preview_series(facility, citizen, start, end, weeks, attendees=attendees, now=now)
    if all(o.held for o in occurrences):
        raise AlreadyHeld()
    if not any(o.ok for o in occurrences):
        raise ValidationError(_("None of these dates can be booked."))
    series = ReservationSeries.objects.create(facility=facility, citizen=citizen, weeks=weeks)
    details = dict(
        attendees=attendees,
        purpose=purpose,
        group_name=group_name,
        contact_phone=contact_phone,
        price_category=price_category,
    )
    booked = []
    for occurrence in occurrences:
        if not occurrence.ok:
            continue
        try:
            booked.append(_new_reservation(facility, citizen, occurrence.start, occurrence.end, details, series))
        except BookingConflict as conflict:
            occurrence.problem, occurrence.held = str(conflict.message), isinstance(conflict, AlreadyHeld)
    if not booked:
        raise AlreadyHeld() if all(o.held for o in occurrences) else BookingConflict()
    notifications.notify_series(series, booked, "requested" if facility.needs_approval else "confirmed")
    return series, booked


def can_manage(user, facility) -> bool:
    return bool(user and user.is_staff) and Facility.objects.managed_by(user).filter(pk=facility.pk).exists()


def _require_manager(user, reservation):
    if not can_manage(user, reservation.facility):
        raise PermissionDenied(_("Only the facility's own agency can decide on this reservation."))


def _locked(reservation):
    return (
        Reservation.objects.select_for_update(of=("self",)).select_related("facility", "citizen").get(pk=reservation.pk)
    )


def _require_status(reservation, *statuses):
    if reservation.status not in statuses:
        raise ValidationError(
            _("This reservation is %(status)s; it cannot be changed this way.")
            % {"status": reservation.get_status_display()}
        )


@transaction.atomic
def approve_reservation(reservation, staff):
    reservation = _locked(reservation)
    _require_manager(staff, reservation)
    _require_status(reservation, Reservation.Status.REQUESTED)
    reservation.status = Reservation.Status.CONFIRMED
    reservation.decided_by, reservation.decided_at = staff, timezone.now()
    due = payments.start_payment_clock(reservation, reservation.decided_at)
    reservation.save(update_fields=["status", "decided_by", "decided_at", *due])
    record_decision(staff, "approved", reservation)
    notifications.notify(reservation, "confirmed")
    return reservation


@transaction.atomic
def reject_reservation(reservation, staff, reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for rejecting this reservation.")})
    reservation = _locked(reservation)
    _require_manager(staff, reservation)
    _require_status(reservation, Reservation.Status.REQUESTED)
    reservation.status, reservation.reason = Reservation.Status.REJECTED, reason
    reservation.decided_by, reservation.decided_at = staff, timezone.now()
    settled = payments.settle_on_cancel(reservation, reservation.decided_at, by_staff=True)
    reservation.save(update_fields=["status", "reason", "decided_by", "decided_at", *settled])
    record_decision(staff, "rejected", reservation, reason)
    notifications.notify(reservation, "rejected")
    waitlist.time_freed(reservation)
    return reservation


@transaction.atomic
def cancel_reservation(reservation, citizen, now=None):
    """The citizen cancels their own booking, before the facility's cancellation deadline."""
    now = now or timezone.now()
    reservation = _locked(reservation)
    if reservation.citizen_id != citizen.pk:
        raise PermissionDenied(_("You can only cancel your own reservations."))
    _require_status(reservation, Reservation.Status.REQUESTED, Reservation.Status.CONFIRMED)
    rules.check_cancellation_deadline(reservation, now)
    reservation.status, reservation.cancelled_at = Reservation.Status.CANCELLED, now
    settled = payments.settle_on_cancel(reservation, now)
    reservation.save(update_fields=["status", "cancelled_at", *settled])
    notifications.notify(reservation, "cancelled")
    waitlist.time_freed(reservation)
    return reservation


@transaction.atomic
def cancel_series(series, citizen, now=None):
    """Cancel every future occurrence of a weekly series in one action, with one email."""
    now = now or timezone.now()
    if series.citizen_id != citizen.pk:
        raise PermissionDenied(_("You can only cancel your own reservations."))
    future = list(
        series.occurrences.select_for_update()
        .active()
        .filter(period__startswith__gt=now)
        .select_related("facility")
        .order_by("period")
    )
    cancellable = []
    for occurrence in future:
        try:
            rules.check_cancellation_deadline(occurrence, now)
        except ValidationError:
            continue
        cancellable.append(occurrence)
    if not cancellable:
        raise ValidationError(_("No future date of this series can still be cancelled online."))
    for occurrence in cancellable:
        occurrence.status, occurrence.cancelled_at = Reservation.Status.CANCELLED, now
        settled = payments.settle_on_cancel(occurrence, now)
        occurrence.save(update_fields=["status", "cancelled_at", *settled])
        waitlist.time_freed(occurrence)
    notifications.notify_series(series, cancellable, "cancelled")
    return cancellable


@transaction.atomic
def cancel_by_staff(reservation, staff, reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling this reservation.")})
    reservation = _locked(reservation)
    _require_manager(staff, reservation)
    _require_status(reservation, Reservation.Status.REQUESTED, Reservation.Status.CONFIRMED, Reservation.Status.BLOCKED)
    was_blocked = reservation.status == Reservation.Status.BLOCKED
    reservation.status, reservation.reason = Reservation.Status.CANCELLED, reason
    reservation.cancelled_at = reservation.decided_at = timezone.now()
    reservation.decided_by = staff
    settled = payments.settle_on_cancel(reservation, reservation.cancelled_at, by_staff=True)
    reservation.save(update_fields=["status", "reason", "cancelled_at", "decided_at", "decided_by", *settled])
    record_decision(staff, "cancelled", reservation, reason)
    if not was_blocked:
        notifications.notify(reservation, "cancelled")
    waitlist.time_freed(reservation)
    return reservation


@booking_transaction
def block_period(facility, staff, start, end, reason):
    """Staff hold a time for maintenance or official use; it refuses bookings like a reservation does."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for blocking this time.")})
    if end <= start:
        raise ValidationError({"end": pgettext("times", "The end must be after the start.")})
    if not can_manage(staff, facility):
        raise PermissionDenied(_("Only the facility's own agency can block its times."))
    lock_facility(facility)
    reservation = Reservation(
        facility=facility,
        period=DateTimeTZRange(start, end),
        held_period=_held(facility, start, end),
        status=Reservation.Status.BLOCKED,
        reason=reason,
        decided_by=staff,
        decided_at=timezone.now(),
    )
    with refuse_overlap(NO_OVERLAP, _("This time overlaps a reservation or another block. Cancel that first.")):
        reservation.save()
    record_decision(staff, "blocked", reservation, reason)
    return reservation


@transaction.atomic
def mark_attendance(reservation, staff, showed_up: bool):
    reservation = _locked(reservation)
    _require_manager(staff, reservation)
    _require_status(reservation, Reservation.Status.CONFIRMED)
    if reservation.end > timezone.now():
        raise ValidationError(_("Attendance can be recorded only after the reservation has ended."))
    reservation.status = Reservation.Status.COMPLETED if showed_up else Reservation.Status.NO_SHOW
    reservation.decided_by, reservation.decided_at = staff, timezone.now()
    reservation.save(update_fields=["status", "decided_by", "decided_at"])
    record_decision(staff, "completed" if showed_up else "no-show", reservation)
    return reservation


@transaction.atomic
def complete_finished(now=None) -> int:
    """Confirmed reservations whose time is over become completed (staff may still mark a no-show)."""
    now = now or timezone.now()
    return (
        Reservation.objects.filter(status=Reservation.Status.CONFIRMED)
        .past(now)
        .update(status=Reservation.Status.COMPLETED)
    )


def send_reminders(now=None) -> int:
    """Remind citizens the day before: confirmed reservations starting tomorrow (Seoul time), once each."""
    from facilities.availability import at, local

    now = now or timezone.now()
    tomorrow = local(now).date() + timedelta(days=1)
    window = (at(tomorrow, time(0)), at(tomorrow + timedelta(days=1), time(0)))
    sent = 0
    due = Reservation.objects.filter(
        status=Reservation.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        period__startswith__gte=window[0],
        period__startswith__lt=window[1],
    ).values_list("pk", flat=True)
    for pk in due:
        with transaction.atomic():
            reservation = (
                Reservation.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("facility", "citizen")
                .filter(pk=pk, reminder_sent_at__isnull=True)
                .first()
            )
            if reservation is None:
                continue
            reservation.reminder_sent_at = now
            reservation.save(update_fields=["reminder_sent_at"])
            notifications.notify(reservation, "reminder")
            sent += 1
    return sent


@transaction.atomic
def record_payment(reservation, staff, now=None):
    """Staff record that a paid booking was paid (at the desk or by transfer), with who and when."""
    reservation = _locked(reservation)
    _require_manager(staff, reservation)
    if reservation.payment_status != PaymentStatus.UNPAID:
        raise ValidationError(_("Only an unpaid booking can be recorded as paid."))
    reservation.payment_status, reservation.paid_at = PaymentStatus.PAID, now or timezone.now()
    reservation.payment_recorded_by = staff
    reservation.save(update_fields=["payment_status", "paid_at", "payment_recorded_by"])
    record_decision(staff, "paid", reservation)
    return reservation


@transaction.atomic
def record_refund(reservation, staff, now=None):
    reservation = _locked(reservation)
    _require_manager(staff, reservation)
    if reservation.payment_status != PaymentStatus.REFUND_DUE:
        raise ValidationError(_("Only a booking with a refund due can be recorded as refunded."))
    reservation.payment_status, reservation.refunded_at = PaymentStatus.REFUNDED, now or timezone.now()
    reservation.payment_recorded_by = staff
    reservation.save(update_fields=["payment_status", "refunded_at", "payment_recorded_by"])
    record_decision(staff, "refunded", reservation)
    return reservation


@transaction.atomic
def check_proof(reservation, staff, accepted: bool, reason=""):
    """Staff check the proof of a discount category; refused, the booking is charged at the standard rate."""
    reservation = _locked(reservation)
    _require_manager(staff, reservation)
    if reservation.proof_status != ProofStatus.TO_CHECK:
        raise ValidationError(_("This booking has no proof waiting to be checked."))
    reservation.proof_checked_by = staff
    fields = ["proof_status", "proof_checked_by"]
    if accepted:
        reservation.proof_status = ProofStatus.ACCEPTED
    else:
        if reservation.payment_status not in (PaymentStatus.UNPAID, PaymentStatus.NOT_DUE):
            raise ValidationError(_("The booking is already paid: settle the difference at the desk first."))
        reservation.proof_status = ProofStatus.REFUSED
        price = reservation.facility.price_of(reservation.start, reservation.end)
        for field, value in price.items():
            setattr(reservation, field, value)
        reservation.discount_percent = 0
        reservation.payment_status = PaymentStatus.UNPAID if price["total_price"] else PaymentStatus.NOT_DUE
        fields += [*price, "discount_percent", "payment_status"]
        notifications.notify(reservation, "repriced")
    reservation.save(update_fields=fields)
    record_decision(staff, "proof accepted" if accepted else "proof refused", reservation, reason)
    return reservation


@transaction.atomic
def release_unpaid(now=None) -> int:
    """Confirmed bookings not paid by their deadline let go of their time (offered to the wait list)."""
    now = now or timezone.now()
    late = list(
        Reservation.objects.filter(
            status=Reservation.Status.CONFIRMED, payment_status=PaymentStatus.UNPAID, payment_due_at__lte=now
        )
        .select_related("facility", "citizen")
        .select_for_update(skip_locked=True, of=("self",))
    )
    for reservation in late:
        reservation.status, reservation.cancelled_at = Reservation.Status.CANCELLED, now
        reservation.payment_status = PaymentStatus.NOT_DUE
        reservation.reason = _("Not paid by the deadline.")
        reservation.save(update_fields=["status", "cancelled_at", "payment_status", "reason"])
        notifications.notify(reservation, "unpaid")
        waitlist.time_freed(reservation)
    return len(late)
