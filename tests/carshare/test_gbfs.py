"""The public GBFS 2.3 feed, kept for existing consumers: valid against the official v2.3 JSON schemas
(shipped by the gbfs-validator package), with ttl and last_updated, live availability per lot, and no
personal data. Versions 3.0 and 3.1-RC3 are tested in test_gbfs_v3.py."""

import json
from importlib import resources

import jsonschema
import pytest
from django.utils import timezone

from tests.carshare.factories import BookingFactory, ParkingLotFactory, VehicleFactory

pytestmark = pytest.mark.django_db

FEEDS = [
    "gbfs",
    "gbfs_versions",
    "system_information",
    "vehicle_types",
    "station_information",
    "station_status",
    "system_pricing_plans",
]


def official_schema(name):
    folder = resources.files("gbfs_validator") / "data" / "schemas" / "v2.3"
    return json.loads((folder / f"{name}.json").read_text())


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


def test_gbfs_versions_points_existing_consumers_to_version_3(client):
    versions = client.get("/gbfs/gbfs_versions.json").json()["data"]["versions"]
    assert versions == [
        {"version": "2.3", "url": "http://testserver/gbfs/gbfs.json"},
        {"version": "3.0", "url": "http://testserver/gbfs/v3/gbfs.json"},
    ]


def test_station_status_takes_a_fixed_number_of_queries(client, django_assert_num_queries):
    for _ in range(12):
        lot = ParkingLotFactory()
        VehicleFactory(home_lot=lot)
        BookingFactory(vehicle=VehicleFactory(home_lot=lot))
    with django_assert_num_queries(4):
        assert len(client.get("/gbfs/station_status.json").json()["data"]["stations"]) == 12
    with django_assert_num_queries(1):
        client.get("/gbfs/station_information.json")
