"""Car-share rules, one named check each; every check raises a ValidationError a citizen understands. A
booking's rules (`BOOKING_RULES`) take keywords and are run together by the kernel's `run_checks`, so a
member hears every reason at once."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carshare.models import Booking, Membership, SpaceAllocation, Vehicle

MINIMUM_BOOKING = timedelta(minutes=30)
BOOKING_HORIZON = timedelta(days=14)
PICKUP_EARLY = timedelta(minutes=15)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


# Membership (Seoul's original Nanum Car rule): 21 or over, licence held a year or more, not expired.


def eligibility_problems(date_of_birth: date, licence_issued_on: date, licence_expires_on: date, today=None):
    """Every reason a licence holder cannot join, as readable messages (empty if they can)."""
    today = today or timezone.localdate()
    problems = []
    if date_of_birth > _years_before(today, Membership.MINIMUM_AGE):
        problems.append(_("You must be at least 21 years old to join car sharing."))
    if licence_issued_on > today:
        problems.append(_("The licence issue date cannot be in the future."))
    elif licence_issued_on > _years_before(today, Membership.MINIMUM_YEARS_LICENSED):
        problems.append(_("You must have held your driving licence for at least one year."))
    if licence_expires_on < today:
        problems.append(_("Your driving licence has expired. Renew it, then apply again."))
    return problems


def check_member_eligible(date_of_birth, licence_issued_on, licence_expires_on, today=None):
    problems = eligibility_problems(date_of_birth, licence_issued_on, licence_expires_on, today)
    if problems:
        raise ValidationError(problems)


def check_licence_valid_through(*, member: Membership, end, **context):
    if member.licence_expires_on < timezone.localtime(end).date():
        raise ValidationError(_("Your driving licence expires before the end of this booking."))


def check_member_verified(member: Membership):
    if not member.is_verified:
        raise ValidationError(_("The member's licence has not been verified yet; verify it before the trip starts."))


# Bookings.


def check_ten_minute_steps(*, start, end, **context):
    for moment in (start, end):
        if moment.minute % 10 or moment.second or moment.microsecond:
            raise ValidationError(_("Bookings start and end on the 10-minute mark (for example 14:00, 14:10)."))


def check_minimum_duration(*, start, end, **context):
    if end - start < MINIMUM_BOOKING:
        raise ValidationError(_("A booking lasts at least 30 minutes."))


def check_booking_window(*, start, now=None, **context):
    now = now or timezone.now()
    if start < now:
        raise ValidationError(_("This time has already passed. Choose a time from now on."))
    if start > now + BOOKING_HORIZON:
        raise ValidationError(_("Cars can be booked at most 14 days ahead."))


def check_vehicle_bookable(*, vehicle: Vehicle, **context):
    if vehicle.status == Vehicle.Status.MAINTENANCE:
        raise ValidationError(_("This car is in maintenance and cannot be booked now."))
    if vehicle.status != Vehicle.Status.ACTIVE:
        raise ValidationError(_("This car is no longer in service."))


def check_lot_open(*, vehicle: Vehicle, start, end, **context):
    lot = vehicle.home_lot
    if not (lot.is_open_at(start) and lot.is_open_at(end)):
        raise ValidationError(
            _("The car is picked up and returned at %(lot)s, which is open from %(opens)s to %(closes)s.")
            % {"lot": lot, "opens": f"{lot.opens_at:%H:%M}", "closes": f"{lot.closes_at:%H:%M}"}
        )


# In the order a member should hear them.
BOOKING_RULES = [
    check_ten_minute_steps,
    check_minimum_duration,
    check_booking_window,
    check_vehicle_bookable,
    check_lot_open,
    check_licence_valid_through,
]


def check_can_cancel(booking: Booking, now=None):
    now = now or timezone.now()
    if booking.status != Booking.Status.RESERVED:
        raise ValidationError(_("Only a reserved booking can be cancelled."))
    if booking.start <= now:
        raise ValidationError(_("This booking has already started and can no longer be cancelled."))


def check_trip_can_start(booking: Booking, now):
    if booking.status != Booking.Status.RESERVED:
        raise ValidationError(_("Only a reserved booking can start a trip."))
    if now < booking.start - PICKUP_EARLY or now >= booking.end:
        raise ValidationError(_("A trip starts at most 15 minutes before the booked time and before its end."))


def check_trip_can_end(booking: Booking):
    if booking.status != Booking.Status.IN_USE:
        raise ValidationError(_("Only a booking in use can end a trip."))


# Fleets and lots.


def check_lot_allocation(operator, lot, exclude_vehicle=None, on=None):
    """An operator may base no more cars at a lot than the spaces the city allocated to it there."""
    allocation = SpaceAllocation.objects.in_force(on).select_for_update().filter(lot=lot, operator=operator).first()
    if allocation is None:
        raise ValidationError(
            {
                "home_lot": _("%(operator)s has no space permit in force at %(lot)s.")
                % {"operator": operator, "lot": lot}
            }
        )
    cars = Vehicle.objects.home_based().filter(home_lot=lot, operator=operator)
    if exclude_vehicle is not None and exclude_vehicle.pk:
        cars = cars.exclude(pk=exclude_vehicle.pk)
    if cars.count() >= allocation.spaces:
        raise ValidationError(
            {
                "home_lot": _("All %(spaces)d spaces allocated to %(operator)s at %(lot)s are taken.")
                % {"spaces": allocation.spaces, "operator": operator, "lot": lot}
            }
        )


def check_lot_capacity(lot, spaces, exclude_allocation=None):
    """The spaces allocated to all operators at a lot never exceed the lot's spaces."""
    others = SpaceAllocation.objects.filter(lot=lot)
    if exclude_allocation is not None and exclude_allocation.pk:
        others = others.exclude(pk=exclude_allocation.pk)
    taken = sum(others.values_list("spaces", flat=True))
    if taken + spaces > lot.total_spaces:
        raise ValidationError(
            {
                "spaces": _("%(lot)s has %(total)d spaces and %(taken)d are already allocated.")
                % {"lot": lot, "total": lot.total_spaces, "taken": taken}
            }
        )


def check_is_operator(organisation):
    from hub.models import Organisation

    if organisation.kind != Organisation.Kind.BUSINESS:
        raise ValidationError({"operator": _("Only partner businesses operate shared cars.")})
