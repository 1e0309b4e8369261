"""Operator API: each operator (partner key of a business) runs only its own fleet and its cars' bookings.
Another operator's cars and bookings are 404; anonymous callers get 401 and citizens or other partners 403."""

from datetime import timedelta

import pytest
from django.utils import timezone
from psycopg2.extras import DateTimeTZRange
from rest_framework.test import APIClient

from carshare.models import Booking, Vehicle
from sharingcity.models import AuditEntry
from tests.carshare.factories import (
    BookingFactory,
    MembershipFactory,
    OperatorFactory,
    SpaceAllocationFactory,
    VehicleFactory,
)
from tests.factories import issue_key

pytestmark = pytest.mark.django_db


def client_for(organisation):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {issue_key(organisation)}")
    return client


@pytest.fixture
def operator_a():
    return OperatorFactory(slug="greencar-test")


@pytest.fixture
def operator_b():
    return OperatorFactory(slug="citywheels-test")


@pytest.fixture
def api_a(operator_a):
    return client_for(operator_a)


@pytest.fixture
def api_b(operator_b):
    return client_for(operator_b)


def new_car(lot_slug, plate="77하7777"):
    return {
        "home_lot": lot_slug,
        "plate_number": plate,
        "model_name": "Kia EV3",
        "vehicle_type": "compact",
        "propulsion": "electric",
        "seats": 5,
        "price_per_10_min": 1800,
        "price_per_km": 170,
        "range_km": 500,
    }


def booking_now(vehicle, **kwargs):
    start = timezone.now().replace(second=0, microsecond=0)
    return BookingFactory(vehicle=vehicle, period=DateTimeTZRange(start, start + timedelta(hours=1)), **kwargs)


# Who may call.


@pytest.mark.parametrize("path", ["/api/v1/carshare/vehicles/", "/api/v1/carshare/bookings/"])
def test_anonymous_callers_are_asked_for_a_key(api, path):
    assert api.get(path).status_code == 401


@pytest.mark.parametrize("path", ["/api/v1/carshare/vehicles/", "/api/v1/carshare/bookings/"])
def test_a_signed_in_citizen_is_not_an_operator(citizen_api, path):
    assert citizen_api.get(path).status_code == 403


@pytest.mark.parametrize("path", ["/api/v1/carshare/vehicles/", "/api/v1/carshare/bookings/"])
def test_a_partner_that_is_not_a_business_is_not_an_operator(partner_api, path):
    assert partner_api.get(path).status_code == 403


def test_each_operator_lists_only_its_own_cars_and_bookings(operator_a, operator_b, api_a):
    own = VehicleFactory(operator=operator_a)
    theirs = VehicleFactory(operator=operator_b)
    BookingFactory(vehicle=own)
    BookingFactory(vehicle=theirs)
    cars = api_a.get("/api/v1/carshare/vehicles/").json()["results"]
    assert [car["plate_number"] for car in cars] == [own.plate_number]
    bookings = api_a.get("/api/v1/carshare/bookings/").json()["results"]
    assert [b["plate_number"] for b in bookings] == [own.plate_number]


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("get", "", None),
        ("patch", "", {"price_per_10_min": 1}),
        ("delete", "", None),
        ("post", "status/", {"status": "maintenance"}),
    ],
)
def test_another_operators_car_is_not_found(operator_b, api_a, method, suffix, body):
    theirs = VehicleFactory(operator=operator_b)
    response = getattr(api_a, method)(f"/api/v1/carshare/vehicles/{theirs.pk}/{suffix}", body, format="json")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Vehicle.Status.ACTIVE and theirs.price_per_10_min != 1


@pytest.mark.parametrize(
    ("suffix", "body"),
    [
        ("", None),
        ("start-trip/", {"odometer_km": 10}),
        ("end-trip/", {"odometer_km": 20, "energy_level": 50}),
        ("verify-member/", {}),
        ("no-show/", {}),
    ],
)
def test_another_operators_booking_is_not_found(operator_b, api_a, suffix, body):
    booking = booking_now(VehicleFactory(operator=operator_b), member=MembershipFactory(verified_at=None))
    method = api_a.get if not suffix else api_a.post
    assert method(f"/api/v1/carshare/bookings/{booking.pk}/{suffix}", body, format="json").status_code == 404
    booking.refresh_from_db()
    assert booking.status == Booking.Status.RESERVED and not booking.member.is_verified


# Fleet.


def test_an_operator_registers_a_car_at_a_lot_where_it_holds_spaces(operator_a, api_a):
    allocation = SpaceAllocationFactory(operator=operator_a, spaces=1)
    response = api_a.post("/api/v1/carshare/vehicles/", new_car(allocation.lot.slug), format="json")
    assert response.status_code == 201, response.json()
    assert Vehicle.objects.get(plate_number="77하7777").operator == operator_a
    assert AuditEntry.objects.filter(action="registered vehicle", actor_label=f"partner:{operator_a.slug}").exists()


def test_registering_beyond_the_allocated_spaces_is_a_400_on_the_lot(operator_a, api_a):
    allocation = SpaceAllocationFactory(operator=operator_a, spaces=1)
    VehicleFactory(operator=operator_a, home_lot=allocation.lot)
    response = api_a.post("/api/v1/carshare/vehicles/", new_car(allocation.lot.slug), format="json")
    assert response.status_code == 400
    assert "home_lot" in response.json()


def test_registering_at_a_lot_of_another_operator_only_is_refused(operator_b, api_a):
    allocation = SpaceAllocationFactory(operator=operator_b)
    response = api_a.post("/api/v1/carshare/vehicles/", new_car(allocation.lot.slug), format="json")
    assert response.status_code == 400 and "home_lot" in response.json()


def test_bad_car_data_gets_field_errors(operator_a, api_a):
    allocation = SpaceAllocationFactory(operator=operator_a)
    body = new_car(allocation.lot.slug) | {"seats": 40, "vehicle_type": "spaceship"}
    response = api_a.post("/api/v1/carshare/vehicles/", body, format="json")
    assert response.status_code == 400
    assert "vehicle_type" in response.json()


def test_an_operator_sends_a_car_to_maintenance_and_it_can_no_longer_be_booked(operator_a, api_a):
    car = VehicleFactory(operator=operator_a)
    response = api_a.post(f"/api/v1/carshare/vehicles/{car.pk}/status/", {"status": "maintenance"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "maintenance"
    assert not Vehicle.objects.bookable().filter(pk=car.pk).exists()


def test_retiring_a_car_keeps_it_on_record_and_cancels_its_future_bookings(operator_a, api_a):
    car = VehicleFactory(operator=operator_a)
    booking = BookingFactory(vehicle=car)
    assert api_a.delete(f"/api/v1/carshare/vehicles/{car.pk}/").status_code == 204
    car.refresh_from_db()
    booking.refresh_from_db()
    assert car.status == Vehicle.Status.RETIRED
    assert booking.status == Booking.Status.CANCELLED


def test_an_operator_changes_the_price_of_its_car(operator_a, api_a):
    car = VehicleFactory(operator=operator_a)
    response = api_a.patch(f"/api/v1/carshare/vehicles/{car.pk}/", {"price_per_10_min": 2100}, format="json")
    assert response.status_code == 200
    car.refresh_from_db()
    assert car.price_per_10_min == 2100


# Trips.


def test_the_operator_runs_a_trip_and_the_final_price_is_fixed(operator_a, api_a):
    car = VehicleFactory(operator=operator_a, price_per_10_min=2000, price_per_km=200)
    booking = booking_now(car, member=MembershipFactory(verified_at=None))
    url = f"/api/v1/carshare/bookings/{booking.pk}/"
    refused = api_a.post(url + "start-trip/", {"odometer_km": 1000}, format="json")
    assert refused.status_code == 400  # the member's licence is not verified yet
    assert api_a.post(url + "verify-member/").json()["member"]["verified"] is True
    started = api_a.post(url + "start-trip/", {"odometer_km": 1000}, format="json")
    assert started.status_code == 200 and started.json()["status"] == "in_use"
    ended = api_a.post(url + "end-trip/", {"odometer_km": 1030, "energy_level": 72}, format="json")
    assert ended.status_code == 200, ended.json()
    body = ended.json()
    assert body["status"] == "returned"
    assert body["trip"]["distance_km"] == 30
    booking.refresh_from_db()
    assert (
        body["final_price"] == booking.final_price == body["trip"]["time_price"] + 30 * 200 + body["trip"]["late_fee"]
    )


def test_ending_a_trip_with_the_odometer_running_backwards_is_a_400(operator_a, api_a):
    booking = booking_now(VehicleFactory(operator=operator_a))
    url = f"/api/v1/carshare/bookings/{booking.pk}/"
    api_a.post(url + "start-trip/", {"odometer_km": 1000}, format="json")
    response = api_a.post(url + "end-trip/", {"odometer_km": 900, "energy_level": 50}, format="json")
    assert response.status_code == 400 and "odometer_km" in response.json()


def test_ending_a_trip_needs_the_readings(operator_a, api_a):
    booking = booking_now(VehicleFactory(operator=operator_a))
    response = api_a.post(f"/api/v1/carshare/bookings/{booking.pk}/end-trip/", {}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"odometer_km", "energy_level"}


def test_the_operator_api_never_shows_a_licence_number(operator_a, api_a):
    member = MembershipFactory(licence_number="11-20-987654-32")
    BookingFactory(vehicle=VehicleFactory(operator=operator_a), member=member)
    body = api_a.get("/api/v1/carshare/bookings/").content.decode()
    assert "987654" not in body and member.licence_number not in body
    assert member.masked_licence_number in body


def test_the_public_lot_list_shows_free_cars(api):
    api.get("/api/v1/carshare/lots/")  # the server has answered before: "now" must not stick
    car = VehicleFactory()
    VehicleFactory(home_lot=car.home_lot)
    start = timezone.now()  # a booking that began after the server started
    BookingFactory(vehicle=car, period=DateTimeTZRange(start, start + timedelta(hours=1)))
    lot = api.get(f"/api/v1/carshare/lots/{car.home_lot.slug}/").json()
    assert (lot["active_cars"], lot["free_cars"]) == (2, 1)


def test_operator_lists_take_a_fixed_number_of_queries(operator_a, api_a, django_assert_max_num_queries):
    for _ in range(25):
        BookingFactory(vehicle=VehicleFactory(operator=operator_a))
    with django_assert_max_num_queries(8):
        assert len(api_a.get("/api/v1/carshare/bookings/").json()["results"]) == 20
    with django_assert_max_num_queries(8):
        assert len(api_a.get("/api/v1/carshare/vehicles/").json()["results"]) == 20


def test_the_public_lot_list_takes_a_fixed_number_of_queries(api, django_assert_max_num_queries):
    for _ in range(25):
        VehicleFactory()
    with django_assert_max_num_queries(4):
        assert len(api.get("/api/v1/carshare/lots/").json()["results"]) == 20


def test_a_plate_number_already_registered_is_a_400(operator_a, api_a):
    allocation = SpaceAllocationFactory(operator=operator_a, spaces=3)
    VehicleFactory(operator=operator_a, home_lot=allocation.lot, plate_number="77하7777")
    response = api_a.post("/api/v1/carshare/vehicles/", new_car(allocation.lot.slug), format="json")
    assert response.status_code == 400 and "plate_number" in response.json()
