"""GBFS 3.1-RC3 vehicle_availability: each car in service with the windows it is free to book, from now
to the booking horizon, between the bookings that hold it; nothing about who booked."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from psycopg2.extras import DateTimeTZRange

from carshare.models import Booking, Vehicle
from carshare.rules import BOOKING_HORIZON
from tests.carshare.factories import BookingFactory, ParkingLotFactory, VehicleFactory
from tests.standards import validate_gbfs

pytestmark = pytest.mark.django_db
URL = "/gbfs/v3.1-rc3/vehicle_availability.json"


def windows(client, car):
    body = client.get(URL).json()
    validate_gbfs(body, "3.1-RC3", "vehicle_availability")
    vehicles = {v["vehicle_id"]: v for v in body["data"]["vehicles"]}
    return [
        (datetime.fromisoformat(w["from"]), datetime.fromisoformat(w["until"]))
        for w in vehicles[str(car.pk)]["availabilities"]
    ]


def book(car, start, end, status=Booking.Status.RESERVED):
    return BookingFactory(vehicle=car, period=DateTimeTZRange(start, end), status=status)


def test_a_car_is_free_between_its_bookings_until_the_horizon(client):
    car = VehicleFactory(home_lot=ParkingLotFactory(slug="mapo-lot"))
    hour = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    book(car, hour - timedelta(hours=2), hour + timedelta(hours=1), status=Booking.Status.IN_USE)
    book(car, hour + timedelta(hours=2), hour + timedelta(hours=3))
    book(car, hour + timedelta(hours=4), hour + timedelta(hours=5), status=Booking.Status.CANCELLED)
    book(car, hour + timedelta(days=20), hour + timedelta(days=20, hours=1))
    before = timezone.now()
    free = windows(client, car)
    assert free[:2] == [
        (hour + timedelta(hours=1), hour + timedelta(hours=2)),
        (hour + timedelta(hours=3), free[1][1]),
    ]
    assert len(free) == 2
    # The last window closes at the horizon: bookings further ahead are not taken yet.
    assert before - timedelta(seconds=1) <= free[1][1] - BOOKING_HORIZON <= timezone.now()


def test_a_car_free_now_is_available_from_now(client):
    car = VehicleFactory()
    before = timezone.now().replace(microsecond=0)
    [(start, end)] = windows(client, car)
    assert before <= start <= timezone.now()
    assert end - start == BOOKING_HORIZON


def test_a_gap_too_short_to_book_is_not_a_window(client):
    car = VehicleFactory()
    hour = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=2)
    book(car, hour, hour + timedelta(hours=1))
    book(car, hour + timedelta(minutes=70), hour + timedelta(hours=2))
    assert [start for start, _end in windows(client, car)][1:] == [hour + timedelta(hours=2)]


def test_each_car_names_its_lot_type_and_plan_and_cars_out_of_service_are_left_out(client):
    car = VehicleFactory(home_lot=ParkingLotFactory(slug="mapo-lot"))
    broken = VehicleFactory(status=Vehicle.Status.MAINTENANCE)
    vehicles = client.get(URL).json()["data"]["vehicles"]
    assert [v["vehicle_id"] for v in vehicles] == [str(car.pk)]
    assert str(broken.pk) not in {v["vehicle_id"] for v in vehicles}
    types = {
        t["vehicle_type_id"] for t in client.get("/gbfs/v3.1-rc3/vehicle_types.json").json()["data"]["vehicle_types"]
    }
    assert vehicles[0]["station_id"] == "mapo-lot"
    assert vehicles[0]["vehicle_type_id"] in types
    assert "plate" not in str(vehicles) and car.plate_number not in str(vehicles)


def test_the_feed_is_listed_only_in_the_3_1_discovery(client):
    names = {f["name"] for f in client.get("/gbfs/v3.1-rc3/gbfs.json").json()["data"]["feeds"]}
    assert "vehicle_availability" in names
    assert "vehicle_availability" not in {f["name"] for f in client.get("/gbfs/v3/gbfs.json").json()["data"]["feeds"]}
    assert client.get("/gbfs/v3/vehicle_availability.json").status_code == 404
