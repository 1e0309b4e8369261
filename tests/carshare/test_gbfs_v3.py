"""GBFS 3.0 at /gbfs/v3/ and 3.1-RC3 at /gbfs/v3.1-rc3/: every feed valid against MobilityData's official
schemas (shared/standards/gbfs), strings in Korean and English, RFC 3339 times, each version listed in
the others' gbfs_versions and manifest, and no personal data."""

from datetime import datetime, timedelta

import jsonschema
import pytest
from django.utils import timezone

from tests.carshare.test_gbfs import FEEDS as V2_FEEDS
from tests.standards import gbfs_schema, validate_gbfs

pytestmark = pytest.mark.django_db

V3_FEEDS = ["manifest", *V2_FEEDS]
PREFIX = {"3.0": "/gbfs/v3", "3.1-RC3": "/gbfs/v3.1-rc3"}
EVERY_FEED = [("3.0", name) for name in V3_FEEDS] + [("3.1-RC3", name) for name in [*V3_FEEDS, "vehicle_availability"]]


def get(client, version, name):
    response = client.get(f"{PREFIX[version]}/{name}.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()


@pytest.mark.parametrize(("version", "name"), EVERY_FEED)
def test_every_feed_validates_against_the_official_schema(client, fleet, version, name):
    body = get(client, version, name)
    validate_gbfs(body, version, name)
    assert body["version"] == version


@pytest.mark.parametrize(("version", "name"), EVERY_FEED)
def test_an_empty_system_still_validates(client, version, name):
    validate_gbfs(get(client, version, name), version, name)


def test_the_schema_check_refuses_a_posix_timestamp_where_3_0_wants_rfc_3339(client, fleet):
    body = get(client, "3.0", "station_status")
    body["last_updated"] = int(timezone.now().timestamp())
    with pytest.raises(jsonschema.ValidationError):
        validate_gbfs(body, "3.0", "station_status")
    body = get(client, "3.0", "station_status")
    body["data"]["stations"][0]["last_reported"] = "yesterday"
    with pytest.raises(jsonschema.ValidationError, match="date-time"):
        validate_gbfs(body, "3.0", "station_status")


def test_times_are_rfc_3339_in_seoul_time(client, fleet):
    body = get(client, "3.0", "station_status")
    updated = datetime.fromisoformat(body["last_updated"])
    assert updated.utcoffset() == timedelta(hours=9)
    assert abs((updated - timezone.now()).total_seconds()) < 60


def test_each_version_lists_every_version_its_schema_knows(client):
    v2 = {"version": "2.3", "url": "http://testserver/gbfs/gbfs.json"}
    v3 = {"version": "3.0", "url": "http://testserver/gbfs/v3/gbfs.json"}
    rc = {"version": "3.1-RC3", "url": "http://testserver/gbfs/v3.1-rc3/gbfs.json"}
    assert get(client, "3.0", "gbfs_versions")["data"]["versions"] == [v2, v3]
    assert get(client, "3.1-RC3", "gbfs_versions")["data"]["versions"] == [v2, v3, rc]
    assert get(client, "3.0", "manifest")["data"]["datasets"][0]["versions"] == [v2, v3]
    assert get(client, "3.1-RC3", "manifest")["data"]["datasets"][0]["versions"] == [v2, v3, rc]
    assert (
        "3.1-RC3"
        not in gbfs_schema("3.0", "gbfs_versions")["properties"]["data"]["properties"]["versions"]["items"][
            "properties"
        ]["version"]["enum"]
    )


def test_discovery_lists_every_feed_of_its_version_with_working_urls(client, fleet):
    for version, extra in [("3.0", set()), ("3.1-RC3", {"vehicle_availability"})]:
        feeds = get(client, version, "gbfs")["data"]["feeds"]
        assert {feed["name"] for feed in feeds} == set(V3_FEEDS) - {"manifest", "gbfs"} | extra
        for feed in feeds:
            assert feed["url"].startswith(f"http://testserver{PREFIX[version]}/")
            assert client.get(feed["url"].removeprefix("http://testserver")).json()["version"] == version


def test_system_and_station_names_are_in_korean_and_english(client, fleet):
    system = get(client, "3.0", "system_information")["data"]
    assert system["languages"] == ["ko", "en"]
    assert system["name"] == [
        {"text": "서울 공유도시 나눔카", "language": "ko"},
        {"text": "Seoul Sharing City car sharing", "language": "en"},
    ]
    stations = {s["station_id"]: s for s in get(client, "3.0", "station_information")["data"]["stations"]}
    assert stations["mapo-lot"]["name"] == [
        {"text": "마포 공영주차장", "language": "ko"},
        {"text": "Mapo public car park", "language": "en"},
    ]
    # A lot without an English name is named in Korean only, rather than with an empty string.
    assert stations["jongno-lot"]["name"] == [{"text": "종로 공영주차장", "language": "ko"}]
    plans = get(client, "3.0", "system_pricing_plans")["data"]["plans"]
    assert {d["language"] for plan in plans for d in plan["description"]} == {"ko", "en"}
    assert any("10분마다" in d["text"] for plan in plans for d in plan["description"])


def test_station_status_counts_the_cars_free_now_per_lot(client, fleet):
    stations = {s["station_id"]: s for s in get(client, "3.0", "station_status")["data"]["stations"]}
    assert stations["mapo-lot"]["num_vehicles_available"] == 1
    assert stations["mapo-lot"]["num_vehicles_disabled"] == 1
    assert stations["jongno-lot"]["num_vehicles_available"] == 1


def test_vehicle_types_and_plans_agree(client, fleet):
    types = get(client, "3.0", "vehicle_types")["data"]["vehicle_types"]
    plans = {p["plan_id"] for p in get(client, "3.0", "system_pricing_plans")["data"]["plans"]}
    assert {t["form_factor"] for t in types} == {"car"}
    assert {t["default_pricing_plan_id"] for t in types} <= plans


def test_no_personal_data_or_licence_number_is_in_any_feed(client, fleet):
    text = "".join(client.get(f"{PREFIX[version]}/{name}.json").content.decode() for version, name in EVERY_FEED)
    for secret in ["비밀 회원", "secret.member", "135790", fleet.licence_number, fleet.masked_licence_number]:
        assert secret not in text
