"""The wait list: citizens queue for a taken time; when it frees, the first one is offered it.

An offer is a reservation in status `offered`, so the exclusion constraint keeps the time for that citizen
while they decide. They accept it (it becomes a normal request or confirmed booking), decline it, or let
the deadline pass; then the time is offered to the next citizen waiting. Every change runs in one
transaction and enqueues its email and the next offer there too.
"""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone
from django.utils.translation import gettext as _

from facilities import notifications, payments, rules
from facilities.models import NO_OVERLAP, WAITLIST_ONCE, Facility, Reservation, WaitlistEntry
from sharingcity.booking import BookingConflict, booking_transaction, refuse_overlap, refuse_with, run_checks
from sharingcity.queue import task

# How long a citizen has to accept an offered time, and how close to its start an offer still makes sense.
OFFER_TIME = timedelta(hours=24)
LAST_CALL = timedelta(hours=2)


def _lock(facility_id):
    # The same queue as bookings (see services.lock_facility): offers and bookings of one facility never
    # wait on each other inside the exclusion constraint.
    return Facility.objects.select_for_update(no_key=True).get(pk=facility_id)


@transaction.atomic
def join_waitlist(*, facility, citizen, start, end, attendees=1, purpose="", now=None) -> WaitlistEntry:
    """Queue for a time someone else holds; every booking rule but the free slot still applies."""
    now = now or timezone.now()
    run_checks(
        [*rules.TIME_RULES, rules.check_capacity],
        facility=facility,
        citizen=citizen,
        start=start,
        end=end,
        attendees=attendees,
        now=now,
    )
    held = facility.reservations.holding().filter(held_period__overlap=facility.held_range(start, end))
    if held.filter(citizen=citizen).exists():
        raise ValidationError(_("You already hold this time; there is no need to wait for it."), code="held")
    if not held.exists():
        raise ValidationError(_("This time is free: book it directly."), code="free")
    if held.filter(lottery_hold__status="open").exists():
        raise ValidationError(_("This time is given by draw: enter the draw on the facility's page."), code="draw")
    entry = WaitlistEntry(
        facility=facility, citizen=citizen, period=DateTimeTZRange(start, end), attendees=attendees, purpose=purpose
    )
    once = ValidationError(_("You are already on the wait list for this time."), code="once")
    with refuse_with({WAITLIST_ONCE: once}):
        entry.save()
    return entry


def time_freed(reservation):
    """A holding reservation let go of its time (cancelled, rejected, released): offer it to whoever waits."""
    offer_freed_time.enqueue(reservation.facility_id, reservation.start.isoformat(), reservation.end.isoformat())


@task
def offer_freed_time(facility_id: int, start: str, end: str) -> int:
    return offer(facility_id, datetime.fromisoformat(start), datetime.fromisoformat(end))


@booking_transaction
def offer(facility_id, start, end, now=None) -> int:
    """Offer the freed [start, end) in queue order to each waiting citizen whose whole wanted time is now
    free; an entry whose time overlaps one just offered stays waiting (the constraint refuses it). Returns
    the number of offers made."""
    now = now or timezone.now()
    facility = _lock(facility_id)
    waiting = facility.waitlist.filter(status=WaitlistEntry.Status.WAITING, period__overlap=(start, end))
    offers = 0
    for entry in waiting.in_turn().select_related("citizen").select_for_update(of=("self",)):
        if entry.start - LAST_CALL <= now:
            entry.status = WaitlistEntry.Status.LAPSED
            entry.save(update_fields=["status"])
            continue
        reservation = Reservation(
            facility=facility,
            citizen=entry.citizen,
            period=entry.period,
            held_period=facility.held_range(entry.start, entry.end),
            status=Reservation.Status.OFFERED,
            attendees=entry.attendees,
            purpose=entry.purpose,
            **payments.price_fields(facility, entry.start, entry.end),
        )
        try:
            with refuse_overlap(NO_OVERLAP):
                reservation.save()
        except BookingConflict:
            continue  # part of the time is still held: this citizen keeps their place
        entry.status, entry.offer = WaitlistEntry.Status.OFFERED, reservation
        entry.offer_expires_at = min(now + OFFER_TIME, entry.start - LAST_CALL)
        entry.save(update_fields=["status", "offer", "offer_expires_at"])
        notifications.notify_offer(entry)
        offers += 1
    return offers


def _own_open_entry(entry, citizen, *statuses):
    entry = WaitlistEntry.objects.select_for_update(of=("self",)).select_related("offer", "facility").get(pk=entry.pk)
    if entry.citizen_id != citizen.pk:
        raise PermissionDenied(_("This is not your wait list entry."))
    if entry.status not in statuses:
        raise ValidationError(
            _("This wait list entry is %(status)s; it cannot be changed now.") % {"status": entry.get_status_display()},
            code="status",
        )
    return entry


def _release(entry, status):
    """The offered reservation lets go of its time, and the next citizen in line is offered it."""
    entry.offer.status = Reservation.Status.EXPIRED
    entry.offer.save(update_fields=["status"])
    entry.status = status
    entry.save(update_fields=["status"])
    time_freed(entry.offer)


@booking_transaction
def accept_offer(entry, citizen, now=None) -> Reservation:
    """The offered time becomes the citizen's booking (a request where the facility needs approval)."""
    now = now or timezone.now()
    entry = _own_open_entry(entry, citizen, WaitlistEntry.Status.OFFERED)
    if entry.offer_expires_at <= now:
        raise ValidationError(_("This offer has expired; the time has gone to the next citizen waiting."), code="late")
    facility = entry.facility
    run_checks([rules.check_per_citizen_cap], facility=facility, citizen=citizen, now=now)
    reservation = entry.offer
    approved = not facility.needs_approval
    reservation.status = Reservation.Status.CONFIRMED if approved else Reservation.Status.REQUESTED
    due = payments.start_payment_clock(reservation, now)
    reservation.save(update_fields=["status", *due])
    entry.status = WaitlistEntry.Status.BOOKED
    entry.save(update_fields=["status"])
    notifications.notify(reservation, "confirmed" if approved else "requested")
    return reservation


@transaction.atomic
def decline_offer(entry, citizen) -> WaitlistEntry:
    entry = _own_open_entry(entry, citizen, WaitlistEntry.Status.OFFERED)
    _release(entry, WaitlistEntry.Status.DECLINED)
    return entry


@transaction.atomic
def leave_waitlist(entry, citizen) -> WaitlistEntry:
    entry = _own_open_entry(entry, citizen, WaitlistEntry.Status.WAITING)
    entry.status = WaitlistEntry.Status.WITHDRAWN
    entry.save(update_fields=["status"])
    return entry


@transaction.atomic
def expire_offers(now=None) -> int:
    """Offers past their deadline go to the next citizen; waiting entries whose time has come lapse."""
    now = now or timezone.now()
    late = list(
        WaitlistEntry.objects.filter(status=WaitlistEntry.Status.OFFERED, offer_expires_at__lte=now)
        .select_related("offer")
        .select_for_update(skip_locked=True, of=("self",))
    )
    for entry in late:
        _release(entry, WaitlistEntry.Status.EXPIRED)
    WaitlistEntry.objects.filter(status=WaitlistEntry.Status.WAITING, period__startswith__lte=now + LAST_CALL).update(
        status=WaitlistEntry.Status.LAPSED
    )
    return len(late)
