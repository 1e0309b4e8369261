"""Every GBFS feed is built at most once per its ttl and served from the shared cache: N requests within
the ttl run the feed's queries once, and the copy is rebuilt once the ttl has passed."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from psycopg2.extras import DateTimeTZRange

from carshare.gbfs import serve
from carshare.gbfs.rows import TTL
from tests.carshare.factories import BookingFactory, ParkingLotFactory, VehicleFactory

pytestmark = pytest.mark.django_db

# The feed's queries on a cold cache: the same at any fleet size (the caching adds none).
QUERIES = {
    "station_status": 4,
    "station_information": 1,
    "vehicle_types": 1,
    "system_pricing_plans": 1,
    "system_information": 0,
    "vehicle_availability": 2,
}
URLS = [
    *[f"gbfs:{name}" for name in QUERIES if name != "vehicle_availability"],
    *[f"gbfs:v3:{name}" for name in QUERIES if name != "vehicle_availability"],
    *[f"gbfs:v3_1_rc3:{name}" for name in QUERIES],
]


@pytest.fixture
def clock(monkeypatch):
    moment = [serve.now()]
    monkeypatch.setattr(serve, "now", lambda: moment[0])
    return moment


def make_fleet(n):
    for _ in range(n):
        lot = ParkingLotFactory()
        VehicleFactory(home_lot=lot)
        start = timezone.now() + timedelta(hours=2)
        BookingFactory(vehicle=VehicleFactory(home_lot=lot), period=DateTimeTZRange(start, start + timedelta(hours=1)))


@pytest.mark.parametrize("url_name", URLS)
@pytest.mark.parametrize("size", [3, 6])
def test_ten_requests_within_the_ttl_run_the_feeds_queries_once(client, django_assert_num_queries, url_name, size):
    make_fleet(size)
    url = reverse(url_name)
    with django_assert_num_queries(QUERIES[url_name.rpartition(":")[2]]):
        bodies = {client.get(url).content for _ in range(10)}
    assert len(bodies) == 1


def test_a_copy_is_rebuilt_once_its_ttl_has_passed(client, clock, django_assert_num_queries):
    make_fleet(2)
    url = reverse("gbfs:v3:station_status")
    first = client.get(url)
    VehicleFactory(home_lot=ParkingLotFactory(slug="zz-new-lot"))
    clock[0] += TTL["station_status"] - 1
    with django_assert_num_queries(0):
        assert client.get(url).content == first.content
    clock[0] += 2
    with django_assert_num_queries(4):
        stations = client.get(url).json()["data"]["stations"]
    assert stations[-1]["station_id"] == "zz-new-lot"


def test_while_one_worker_rebuilds_a_stale_copy_the_others_serve_it(client, clock, django_assert_num_queries):
    make_fleet(1)
    url = reverse("gbfs:station_information")
    first = client.get(url).content
    clock[0] += TTL["station_information"] + 1
    key = serve.cache_key(RequestFactory().get(url), "2.3", "station_information")
    assert serve.cache.add(f"{key}:rebuilding", 1)
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response.content == first
    assert response["Cache-Control"] == "public, max-age=0"


def test_the_http_max_age_counts_down_with_the_cached_copy(client, clock):
    url = reverse("gbfs:v3:station_information")
    assert client.get(url)["Cache-Control"] == f"public, max-age={TTL['station_information']}"
    clock[0] += 600
    assert client.get(url)["Cache-Control"] == f"public, max-age={TTL['station_information'] - 600}"


def test_each_host_has_its_own_copy_since_the_feeds_hold_absolute_urls(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example"]
    assert "testserver" in client.get("/gbfs/v3/gbfs.json").content.decode()
    assert "mirror.example" in client.get("/gbfs/v3/gbfs.json", HTTP_HOST="mirror.example").content.decode()
