"""The booking rules, one small check each. A check raises ValidationError naming the rule and why; the
kernel's `run_checks` runs a list of them (`BOOKING_RULES` for a booking) so a citizen sees every reason at once.

Each facility sets its own numbers (slot size, durations, window, cap, ...); the defaults live on the model.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.db.models import Count, Q
from django.utils import formats
from django.utils.translation import gettext as _

from facilities.availability import earliest_bookable, holiday_name, latest_bookable, local


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


def check_published(facility, **kwargs):
    if not facility.is_published:
        raise ValidationError(_("This facility is not open for booking."), code="published")


def check_slot_alignment(facility, start, end, **kwargs):
    """Bookings start and end on the facility's slot boundaries (e.g. on the hour)."""
    step = facility.slot_minutes
    for moment in (start, end):
        moment = local(moment)
        if moment.second or moment.microsecond or (moment.hour * 60 + moment.minute) % step:
            raise ValidationError(
                _("Slot size: bookings start and end on %(minutes)d-minute steps (for example 14:00).")
                % {"minutes": step},
                code="slot_alignment",
            )


def check_duration(facility, start, end, **kwargs):
    minutes = _minutes(end - start)
    if minutes < facility.min_duration_minutes:
        raise ValidationError(
            _("Minimum duration: book at least %(minutes)d minutes.") % {"minutes": facility.min_duration_minutes},
            code="min_duration",
        )
    if minutes > facility.max_duration_minutes:
        raise ValidationError(
            _("Maximum duration: book at most %(minutes)d minutes at a time.")
            % {"minutes": facility.max_duration_minutes},
            code="max_duration",
        )


def check_booking_window(facility, start, end, now, **kwargs):
    if start < earliest_bookable(facility, now):
        raise ValidationError(
            _("Booking window: book at least %(days)d days ahead.") % {"days": facility.min_days_ahead},
            code="too_soon",
        )
    if end > latest_bookable(facility, now):
        raise ValidationError(
            _("Booking window: book at most %(days)d days ahead.") % {"days": facility.max_days_ahead},
            code="too_far",
        )


def check_within_opening_hours(facility, start, end, **kwargs):
    local_start, local_end = local(start), local(end)
    inside = (
        local_start.date() == local_end.date()
        and facility.opening_periods.filter(
            weekday=local_start.weekday(), opens__lte=local_start.time(), closes__gte=local_end.time()
        ).exists()
    )
    if not inside:
        raise ValidationError(
            _("Opening hours: the facility is not open for all of this time. See the week grid for open times."),
            code="opening_hours",
        )


def check_not_public_holiday(facility, start, **kwargs):
    name = holiday_name(local(start).date())
    if name and not facility.open_on_holidays:
        raise ValidationError(
            _("Public holiday: the facility is closed on %(holiday)s.") % {"holiday": name}, code="holiday"
        )


def check_not_closed(facility, start, end, **kwargs):
    closure = facility.closures.filter(period__overlap=DateTimeTZRange(start, end)).first()
    if closure:
        raise ValidationError(
            _("Closure: the facility is closed then (%(reason)s).") % {"reason": closure.reason}, code="closed"
        )


def check_capacity(facility, attendees, **kwargs):
    if attendees > facility.capacity:
        raise ValidationError(
            {
                "attendees": ValidationError(
                    _("Capacity: this room holds at most %(capacity)d people.") % {"capacity": facility.capacity},
                    code="capacity",
                )
            }
        )


def active_bookings_of(citizen, facility, now) -> int:
    """A weekly series counts as one booking, like a single reservation."""
    from facilities.models import Reservation

    counts = (
        Reservation.objects.active()
        .upcoming(now)
        .filter(citizen=citizen, facility=facility)
        .aggregate(single=Count("id", filter=Q(series__isnull=True)), series=Count("series", distinct=True))
    )
    return counts["single"] + counts["series"]


def check_per_citizen_cap(facility, citizen, now, **kwargs):
    if active_bookings_of(citizen, facility, now) >= facility.max_active_per_citizen:
        raise ValidationError(
            _("Booking limit: you already have %(cap)d active bookings here. Cancel one or wait until it is over.")
            % {"cap": facility.max_active_per_citizen},
            code="per_citizen_cap",
        )


def check_cancellation_deadline(reservation, now, **kwargs):
    deadline = reservation.cancel_deadline()
    if now > deadline:
        raise ValidationError(
            _("Cancellation deadline: bookings can be cancelled online until %(deadline)s. Please call the facility.")
            % {"deadline": formats.date_format(local(deadline), "DATETIME_FORMAT")},
            code="cancel_deadline",
        )


# The rules of one occurrence's time; the citizen cap is checked once per booking or series.
TIME_RULES = [
    check_published,
    check_slot_alignment,
    check_duration,
    check_booking_window,
    check_within_opening_hours,
    check_not_public_holiday,
    check_not_closed,
]


# Every rule of one booking.
BOOKING_RULES = [*TIME_RULES, check_capacity, check_per_citizen_cap]
