"""Booking a car: 10-minute steps, at least 30 minutes, at most 14 days ahead, never a car in maintenance,
never twice for the same time; members cancel before the start."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from psycopg2.extras import DateTimeTZRange

from carshare.models import Booking, Vehicle
from carshare.services import book_car, cancel_booking
from sharingcity.booking import BookingConflict
from tests.carshare.factories import (
    BookingFactory,
    MembershipFactory,
    ParkingLotFactory,
    VehicleFactory,
    next_slot,
    next_times,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(citizen):
    return MembershipFactory(user=citizen)


@pytest.fixture
def car():
    return VehicleFactory(price_per_10_min=2000)


def test_a_member_books_a_free_car_and_sees_the_estimated_price(member, car):
    start, end = next_slot(minutes=90)
    booking = book_car(resource=car, holder=member.user, start=start, end=end)
    assert booking.status == Booking.Status.RESERVED
    assert booking.estimated_price == 18000
    assert booking.final_price is None


def test_a_citizen_who_is_not_a_member_is_asked_to_join_first(other_citizen, car):
    with pytest.raises(ValidationError, match="member"):
        book_car(resource=car, holder=other_citizen, **next_times())


def test_bookings_start_and_end_on_the_ten_minute_mark(member, car):
    start, end = next_slot()
    with pytest.raises(ValidationError, match="10-minute"):
        book_car(resource=car, holder=member.user, start=start + timedelta(minutes=5), end=end)


def test_a_booking_lasts_at_least_thirty_minutes(member, car):
    with pytest.raises(ValidationError, match="30 minutes"):
        book_car(resource=car, holder=member.user, **next_times(minutes=20))


def test_thirty_minutes_is_enough(member, car):
    assert book_car(resource=car, holder=member.user, **next_times(minutes=30))


def test_a_booking_that_breaks_two_rules_is_told_both_and_nothing_is_booked(member, car):
    car.status = Vehicle.Status.MAINTENANCE
    car.save()
    start, end = next_slot(minutes=20)
    with pytest.raises(ValidationError) as error:
        book_car(resource=car, holder=member.user, start=start + timedelta(minutes=5), end=end)
    assert error.value.messages == [
        "Bookings start and end on the 10-minute mark (for example 14:00, 14:10).",
        "A booking lasts at least 30 minutes.",
        "This car is in maintenance and cannot be booked now.",
    ]
    assert not Booking.objects.exists()


def test_a_car_cannot_be_booked_more_than_fourteen_days_ahead(member, car):
    with pytest.raises(ValidationError, match="14 days"):
        book_car(resource=car, holder=member.user, **next_times(hours_from_now=14 * 24 + 1))


def test_a_car_cannot_be_booked_in_the_past(member, car):
    with pytest.raises(ValidationError, match="passed"):
        book_car(resource=car, holder=member.user, **next_times(hours_from_now=-3))


def test_a_car_in_maintenance_cannot_be_booked(member):
    car = VehicleFactory(status=Vehicle.Status.MAINTENANCE)
    with pytest.raises(ValidationError, match="maintenance"):
        book_car(resource=car, holder=member.user, **next_times())
    assert not Booking.objects.exists()


def test_a_retired_car_cannot_be_booked(member):
    car = VehicleFactory(status=Vehicle.Status.RETIRED)
    with pytest.raises(ValidationError, match="no longer"):
        book_car(resource=car, holder=member.user, **next_times())


def test_a_licence_expiring_before_the_return_refuses_the_booking(citizen, car):
    member = MembershipFactory(user=citizen, licence_expires_on=timezone.localdate())
    with pytest.raises(ValidationError, match="expires"):
        book_car(resource=car, holder=member.user, **next_times(hours_from_now=48))


def test_a_car_is_picked_up_only_while_its_lot_is_open(member):
    lot = ParkingLotFactory(opens_at=time(0, 0), closes_at=time(0, 10))
    car = VehicleFactory(home_lot=lot)
    with pytest.raises(ValidationError, match="open from"):
        book_car(resource=car, holder=member.user, **next_times())


def test_the_same_car_cannot_be_booked_twice_for_overlapping_times(member, car, other_citizen):
    start, end = next_slot(minutes=60)
    book_car(resource=car, holder=member.user, start=start, end=end)
    other = MembershipFactory(user=other_citizen)
    with pytest.raises(BookingConflict):
        book_car(resource=car, holder=other.user, start=start + timedelta(minutes=30), end=end + timedelta(minutes=30))
    assert Booking.objects.count() == 1


def test_back_to_back_bookings_of_the_same_car_are_fine(member, car):
    start, end = next_slot(minutes=60)
    book_car(resource=car, holder=member.user, start=start, end=end)
    assert book_car(resource=car, holder=member.user, start=end, end=end + timedelta(minutes=30))


def test_a_cancelled_booking_frees_the_time(member, car):
    start, end = next_slot()
    booking = book_car(resource=car, holder=member.user, start=start, end=end)
    cancel_booking(booking, member.user)
    assert book_car(resource=car, holder=member.user, start=start, end=end)


def test_a_member_cancels_a_reserved_booking_before_it_starts(member, car):
    booking = cancel_booking(book_car(resource=car, holder=member.user, **next_times()), member.user)
    assert booking.status == Booking.Status.CANCELLED and booking.cancelled_at


def test_a_booking_that_has_started_cannot_be_cancelled(member):
    start = timezone.now() - timedelta(minutes=10)
    booking = BookingFactory(member=member, period=DateTimeTZRange(start, start + timedelta(hours=1)))
    with pytest.raises(ValidationError, match="already started"):
        cancel_booking(booking, member.user)
