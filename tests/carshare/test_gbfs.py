"""The public GBFS feed: valid against the official v2.3 JSON schemas (shipped by the gbfs-validator
package), with ttl and last_updated, live availability per lot, and no personal data."""

import json
from datetime import timedelta
from importlib import resources

import jsonschema
import pytest
from django.utils import timezone
from psycopg2.extras import DateTimeTZRange

from carshare.models import Vehicle
from tests.carshare.factories import BookingFactory, MembershipFactory, ParkingLotFactory, VehicleFactory

pytestmark = pytest.mark.django_db

FEEDS = ["gbfs", "system_information", "vehicle_types", "station_information", "station_status", "system_pricing_plans"]


def official_schema(name):
    folder = resources.files("gbfs_validator") / "data" / "schemas" / "v2.3"
    return json.loads((folder / f"{name}.json").read_text())


@pytest.fixture
def fleet():
    mapo = ParkingLotFactory(slug="mapo-lot", name="마포 공영주차장")
    jongno = ParkingLotFactory(slug="jongno-lot", name="종로 공영주차장")
    ioniq = VehicleFactory(home_lot=mapo, model_name="Ioniq 5", propulsion="electric")
    VehicleFactory(home_lot=mapo, model_name="Ioniq 5", propulsion="electric", operator=ioniq.operator)
    VehicleFactory(home_lot=mapo, model_name="Avante", propulsion="hybrid", status=Vehicle.Status.MAINTENANCE)
    VehicleFactory(home_lot=jongno, model_name="Staria", propulsion="combustion", seats=9, vehicle_type="van")
    now = timezone.now()
    member = MembershipFactory(
        user__full_name="비밀 회원", user__email="secret.member@example.org", licence_number="11-19-135790-24"
    )
    BookingFactory(
        vehicle=ioniq, member=member, period=DateTimeTZRange(now - timedelta(minutes=30), now + timedelta(hours=1))
    )
    return member


@pytest.mark.parametrize("name", FEEDS)
def test_every_feed_validates_against_the_official_schema(client, fleet, name):
    response = client.get(f"/gbfs/{name}.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    jsonschema.validate(body, official_schema(name), format_checker=jsonschema.FormatChecker())
    assert body["version"] == "2.3"
    assert abs(body["last_updated"] - timezone.now().timestamp()) < 60


def test_an_empty_system_still_validates(client):
    for name in FEEDS:
        jsonschema.validate(client.get(f"/gbfs/{name}.json").json(), official_schema(name))


def test_discovery_lists_every_feed_with_absolute_urls(client, fleet):
    feeds = client.get("/gbfs/gbfs.json").json()["data"]["ko"]["feeds"]
    assert {feed["name"] for feed in feeds} == set(FEEDS) - {"gbfs"}
    for feed in feeds:
        assert feed["url"].startswith("http://testserver/gbfs/")
        assert client.get(feed["url"].removeprefix("http://testserver")).status_code == 200


def test_availability_changes_quickly_and_lots_slowly(client, fleet):
    assert client.get("/gbfs/station_status.json").json()["ttl"] == 60
    assert client.get("/gbfs/station_information.json").json()["ttl"] == 3600


def test_station_status_counts_the_cars_free_now_per_lot(client, fleet):
    stations = {s["station_id"]: s for s in client.get("/gbfs/station_status.json").json()["data"]["stations"]}
    # Mapo: one Ioniq in use, one free, one in maintenance. Jongno: the van is free.
    assert stations["mapo-lot"]["num_bikes_available"] == 1
    assert stations["mapo-lot"]["num_bikes_disabled"] == 1
    assert stations["jongno-lot"]["num_bikes_available"] == 1
    assert sum(t["count"] for t in stations["mapo-lot"]["vehicle_types_available"]) == 1


def test_cars_are_described_as_cars_with_their_prices(client, fleet):
    types = client.get("/gbfs/vehicle_types.json").json()["data"]["vehicle_types"]
    assert {t["form_factor"] for t in types} == {"car"}
    plans = {p["plan_id"]: p for p in client.get("/gbfs/system_pricing_plans.json").json()["data"]["plans"]}
    for vehicle_type in types:
        assert vehicle_type["default_pricing_plan_id"] in plans


def test_no_personal_data_or_licence_number_is_in_any_feed(client, fleet):
    text = "".join(client.get(f"/gbfs/{name}.json").content.decode() for name in FEEDS)
    for secret in ["비밀 회원", "secret.member", "135790", fleet.licence_number, fleet.masked_licence_number]:
        assert secret not in text


def test_station_status_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(12):
        lot = ParkingLotFactory()
        VehicleFactory(home_lot=lot)
        BookingFactory(vehicle=VehicleFactory(home_lot=lot))
    with django_assert_max_num_queries(4):
        assert len(client.get("/gbfs/station_status.json").json()["data"]["stations"]) == 12
    with django_assert_max_num_queries(2):
        client.get("/gbfs/station_information.json")
