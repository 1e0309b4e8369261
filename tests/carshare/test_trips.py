"""Trips: the operator starts and ends a trip with odometer and battery or fuel readings, which completes the
booking and fixes its final price."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from psycopg2.extras import DateTimeTZRange

from carshare.models import Booking
from carshare.services import end_trip, mark_no_show, start_trip
from tests.carshare.factories import BookingFactory, MembershipFactory, VehicleFactory

pytestmark = pytest.mark.django_db


def booking_starting_now(minutes=60, **kwargs):
    start = timezone.now().replace(second=0, microsecond=0)
    return BookingFactory(period=DateTimeTZRange(start, start + timedelta(minutes=minutes)), **kwargs)


def test_ending_a_trip_returns_the_booking_with_its_final_price():
    booking = booking_starting_now(60, vehicle=VehicleFactory(price_per_10_min=2000, price_per_km=200))
    start_trip(booking, odometer_km=10_000, at=booking.start)
    trip = end_trip(booking, odometer_km=10_042, energy_level=63, at=booking.start + timedelta(minutes=55))
    booking.refresh_from_db()
    assert booking.status == Booking.Status.RETURNED
    assert trip.distance_km == 42
    assert booking.final_price == 12000 + 42 * 200
    assert trip.energy_level_at_return == 63


def test_a_late_return_adds_the_late_fee():
    booking = booking_starting_now(60, vehicle=VehicleFactory(price_per_10_min=1000, price_per_km=100))
    start_trip(booking, odometer_km=500, at=booking.start)
    trip = end_trip(booking, odometer_km=510, energy_level=40, at=booking.end + timedelta(minutes=15))
    assert trip.late_fee == 2000
    booking.refresh_from_db()
    assert booking.final_price == 8000 + 1000 + 2000


def test_a_trip_cannot_start_for_a_member_whose_licence_is_not_verified():
    booking = booking_starting_now(member=MembershipFactory(verified_at=None))
    with pytest.raises(ValidationError, match="verified"):
        start_trip(booking, odometer_km=1, at=booking.start)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.RESERVED


def test_a_trip_cannot_start_long_before_the_booked_time():
    booking = BookingFactory()
    with pytest.raises(ValidationError, match="15 minutes"):
        start_trip(booking, odometer_km=1, at=booking.start - timedelta(minutes=30))


def test_a_trip_that_has_not_started_cannot_end():
    booking = booking_starting_now()
    with pytest.raises(ValidationError, match="in use"):
        end_trip(booking, odometer_km=1, energy_level=50)


def test_the_odometer_cannot_run_backwards():
    booking = booking_starting_now()
    start_trip(booking, odometer_km=1000, at=booking.start)
    with pytest.raises(ValidationError, match="odometer"):
        end_trip(booking, odometer_km=999, energy_level=50, at=booking.end)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.IN_USE and booking.final_price is None


def test_the_energy_level_is_a_percentage():
    booking = booking_starting_now()
    start_trip(booking, odometer_km=1000, at=booking.start)
    with pytest.raises(ValidationError, match="percentage"):
        end_trip(booking, odometer_km=1001, energy_level=120, at=booking.end)


def test_a_member_who_never_came_is_marked_as_no_show_and_the_car_is_free_again():
    booking = booking_starting_now()
    mark_no_show(booking)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.NO_SHOW
    assert not Booking.objects.holding().exists()


def test_a_future_booking_cannot_be_marked_as_no_show():
    with pytest.raises(ValidationError):
        mark_no_show(BookingFactory())
