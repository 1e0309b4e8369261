"""Car-share actions: join, book, cancel, run trips, manage fleets and lots. Pages, the API and the admin
all call these, each in one transaction."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from psycopg2.extras import DateTimeTZRange

from carshare import notifications, pricing, rules
from carshare.models import (
    LICENCE_REGISTERED_ONCE,
    NO_OVERLAP,
    PLATE_REGISTERED_ONCE,
    VEHICLE_WITHIN_ALLOCATION,
    Booking,
    Membership,
    ParkingLot,
    SpaceAllocation,
    Trip,
    Vehicle,
)
from sharingcity.audit import record_decision
from sharingcity.booking import booking_transaction, refuse_overlap, refuse_with, run_checks
from sharingcity.models import User

CAR_TAKEN = _("This car was just booked by someone else for an overlapping time. Please choose another time or car.")


@transaction.atomic
def become_member(user, *, licence_class, licence_number, licence_issued_on, licence_expires_on, date_of_birth):
    """A citizen joins car sharing; eligibility is checked now, the licence is verified later by staff or
    by the operator at the first trip."""
    if Membership.objects.filter(user=user).exists():
        raise ValidationError(_("You are already a car-share member."))
    rules.check_member_eligible(date_of_birth, licence_issued_on, licence_expires_on)
    digits = "".join(ch for ch in licence_number if ch.isdigit())
    if len(digits) != 12:
        raise ValidationError({"licence_number": _("A Korean licence number has 12 digits, like 11-23-456789-01.")})
    member = Membership(
        user=user,
        licence_class=licence_class,
        licence_issued_on=licence_issued_on,
        licence_expires_on=licence_expires_on,
        date_of_birth=date_of_birth,
    )
    member.set_licence_number(digits)
    with refuse_with(
        {
            LICENCE_REGISTERED_ONCE: ValidationError(
                {"licence_number": _("This licence is already registered to another member.")}
            )
        }
    ):
        member.save()
    return member


@transaction.atomic
def verify_member(member: Membership, *, by_staff=None, by_operator=None, actor=None):
    """Staff (in the admin) or an operator (over the API) confirm the licence is genuine."""
    member = Membership.objects.select_for_update().get(pk=member.pk)
    if member.is_verified:
        return member
    rules.check_member_eligible(member.date_of_birth, member.licence_issued_on, member.licence_expires_on)
    member.verified_at = timezone.now()
    member.verified_by = by_staff
    member.verified_by_operator = by_operator
    member.save(update_fields=["verified_at", "verified_by", "verified_by_operator"])
    record_decision(actor or by_staff, "verified member", member)
    return member


@booking_transaction
def book_car(*, resource: Vehicle, holder: User, start: datetime, end: datetime) -> Booking:
    """Book the car for the member over [start, end); every rule is checked, and the database refuses a
    time that was just taken."""
    member = Membership.objects.filter(user=holder).first()
    if member is None:  # the rules below are about a member's licence: without one there is nothing to check
        raise ValidationError(_("Become a car-share member before booking a car."))
    # Bookings of one car queue on its row, so two overlapping inserts never deadlock inside the
    # exclusion constraint's check; NO KEY UPDATE leaves foreign-key checks of other tables free.
    vehicle = (
        Vehicle.objects.select_for_update(no_key=True, of=("self",)).select_related("home_lot").get(pk=resource.pk)
    )
    run_checks(rules.BOOKING_RULES, member=member, vehicle=vehicle, start=start, end=end)
    booking = Booking(
        vehicle=vehicle,
        member=member,
        period=DateTimeTZRange(start, end),
        estimated_price=pricing.estimate(vehicle, start, end),
    )
    mine = Booking.objects.holding().filter(vehicle=vehicle, member=member, period__overlap=booking.period)
    with refuse_overlap(NO_OVERLAP, CAR_TAKEN, already_held=mine.exists):
        booking.save()
    notifications.notify(booking, "booked")
    return booking


@transaction.atomic
def cancel_booking(booking: Booking, user, reason: str = "") -> Booking:
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    rules.check_can_cancel(booking)
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["status", "cancelled_at"])
    if user is not None and booking.member.user_id != getattr(user, "pk", None):
        record_decision(user, "cancelled booking", booking, reason)
    return booking


@transaction.atomic
def start_trip(booking: Booking, *, odometer_km: int, at=None, actor=None) -> Trip:
    at = at or timezone.now()
    booking = Booking.objects.select_for_update().select_related("member").get(pk=booking.pk)
    rules.check_trip_can_start(booking, at)
    rules.check_member_verified(booking.member)
    booking.status = Booking.Status.IN_USE
    booking.save(update_fields=["status"])
    trip = Trip.objects.create(booking=booking, started_at=at, odometer_start_km=odometer_km)
    record_decision(actor, "started trip", booking)
    return trip


@transaction.atomic
def end_trip(booking: Booking, *, odometer_km: int, energy_level: int, at=None, actor=None) -> Trip:
    """The car is back: record the readings and fix the final price from time, distance and lateness."""
    at = at or timezone.now()
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("vehicle", "vehicle__home_lot", "member__user")
        .get(pk=booking.pk)
    )
    rules.check_trip_can_end(booking)
    trip = Trip.objects.select_for_update().get(booking=booking)
    if odometer_km < trip.odometer_start_km:
        raise ValidationError({"odometer_km": _("The odometer at the end cannot be below the odometer at the start.")})
    if not 0 <= energy_level <= 100:
        raise ValidationError({"energy_level": _("Give the battery or fuel level as a percentage from 0 to 100.")})
    price = pricing.final_price(booking.vehicle, booking.start, booking.end, at, odometer_km - trip.odometer_start_km)
    trip.ended_at, trip.odometer_end_km, trip.energy_level_at_return = at, odometer_km, energy_level
    trip.time_price, trip.distance_price, trip.late_fee = price.time_price, price.distance_price, price.late_fee
    trip.save()
    booking.status, booking.final_price = Booking.Status.RETURNED, price.total
    booking.save(update_fields=["status", "final_price"])
    record_decision(actor, "ended trip", booking)
    notifications.notify(booking, "returned")
    return trip


@transaction.atomic
def mark_no_show(booking: Booking, *, actor=None) -> Booking:
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status != Booking.Status.RESERVED or booking.start > timezone.now():
        raise ValidationError(_("Only a reserved booking whose time has begun can be marked as a no-show."))
    booking.status = Booking.Status.NO_SHOW
    booking.save(update_fields=["status"])
    record_decision(actor, "marked no-show", booking)
    return booking


# Fleets.

VEHICLE_FIELDS = [
    "home_lot",
    "plate_number",
    "model_name",
    "vehicle_type",
    "propulsion",
    "seats",
    "price_per_10_min",
    "price_per_km",
    "range_km",
    "status",
]


def _save_vehicle(vehicle: Vehicle):
    vehicle.full_clean(exclude=["operator", "home_lot"], validate_unique=True)
    # Two registrations of the same plate, or for the last space, at the same moment: the second is told plainly.
    with refuse_with(
        {
            PLATE_REGISTERED_ONCE: ValidationError(
                {"plate_number": _("A car with this plate number is already registered.")}
            ),
            VEHICLE_WITHIN_ALLOCATION: ValidationError(
                {"home_lot": _("This operator has no free allocated space at this lot.")}
            ),
        }
    ):
        vehicle.save()


@transaction.atomic
def register_vehicle(operator, *, actor=None, **fields) -> Vehicle:
    rules.check_is_operator(operator)
    vehicle = Vehicle(operator=operator, **{k: v for k, v in fields.items() if k in VEHICLE_FIELDS})
    rules.check_lot_allocation(operator, vehicle.home_lot)
    _save_vehicle(vehicle)
    record_decision(actor, "registered vehicle", vehicle)
    return vehicle


@transaction.atomic
def update_vehicle(vehicle: Vehicle, *, actor=None, **fields) -> Vehicle:
    vehicle = Vehicle.objects.select_for_update().get(pk=vehicle.pk)
    was_based = vehicle.status != Vehicle.Status.RETIRED
    old_lot_id = vehicle.home_lot_id
    for name, value in fields.items():
        if name in VEHICLE_FIELDS:
            setattr(vehicle, name, value)
    now_based = vehicle.status != Vehicle.Status.RETIRED
    if now_based and (not was_based or vehicle.home_lot_id != old_lot_id):
        rules.check_lot_allocation(vehicle.operator, vehicle.home_lot, exclude_vehicle=vehicle)
    _save_vehicle(vehicle)
    if was_based and not now_based:
        # A retired car leaves its lot (its space is free again); its booked future trips are cancelled.
        Booking.objects.filter(
            vehicle=vehicle, status=Booking.Status.RESERVED, period__startswith__gt=timezone.now()
        ).update(status=Booking.Status.CANCELLED, cancelled_at=timezone.now())
    if "status" in fields:
        record_decision(actor, f"set vehicle status {vehicle.status}", vehicle)
    return vehicle


def retire_vehicle(vehicle: Vehicle, *, actor=None) -> Vehicle:
    return update_vehicle(vehicle, actor=actor, status=Vehicle.Status.RETIRED)


# Lots.


@transaction.atomic
def allocate_spaces(lot: ParkingLot, operator, *, spaces, permit_start, permit_end, actor=None) -> SpaceAllocation:
    """Give (or change) an operator's spaces at a lot under a permit; the lot's spaces are never overbooked."""
    rules.check_is_operator(operator)
    lot = ParkingLot.objects.select_for_update().get(pk=lot.pk)
    allocation = SpaceAllocation.objects.filter(lot=lot, operator=operator).first() or SpaceAllocation(
        lot=lot, operator=operator
    )
    rules.check_lot_capacity(lot, spaces, exclude_allocation=allocation)
    based = Vehicle.objects.home_based().filter(home_lot=lot, operator=operator).count()
    if spaces < based:
        raise ValidationError(
            {
                "spaces": _("%(count)d of this operator's cars are based here; move or retire some first.")
                % {"count": based}
            }
        )
    allocation.spaces, allocation.permit_start, allocation.permit_end = spaces, permit_start, permit_end
    allocation.full_clean(exclude=["lot", "operator"], validate_unique=False)
    allocation.save()
    record_decision(actor, "allocated spaces", allocation)
    return allocation
