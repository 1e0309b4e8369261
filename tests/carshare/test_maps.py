"""Parking lots and cars on a map, with directions, and the nearest lots with a free car."""

from datetime import timedelta

import pytest
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.urls import reverse
from django.utils import timezone

from tests.carshare.factories import BookingFactory, ParkingLotFactory, VehicleFactory
from tests.factories import district
from tests.sharingcity.test_maps import map_places

pytestmark = pytest.mark.django_db
LOTS = reverse("carshare:lot-list")


def lot_in(slug, **kwargs):
    return ParkingLotFactory(district=district(slug), **kwargs)


def test_the_lot_list_maps_every_lot_and_links_to_directions(client):
    lot = lot_in("mapo-gu", name="망원 공영주차장")
    response = client.get(LOTS)
    assert [(p["name"], p["url"]) for p in map_places(response)] == [("망원 공영주차장", lot.get_absolute_url())]
    assert "망원 공영주차장 가는 길" in response.text


def test_near_me_lists_the_nearest_lots_that_have_a_free_car_now(client):
    busy = lot_in("mapo-gu", name="마포 주차장")
    now = timezone.now()
    BookingFactory(
        vehicle=VehicleFactory(home_lot=busy),
        period=DateTimeTZRange(now - timedelta(minutes=10), now + timedelta(hours=1)),
    )
    VehicleFactory(home_lot=lot_in("gangnam-gu", name="강남 주차장"))
    VehicleFactory(home_lot=lot_in("seodaemun-gu", name="서대문 주차장"))
    lot_in("mapo-gu", name="빈 주차장")  # no car at all
    response = client.get(LOTS, {"near": "mapo-gu"})
    assert [lot.name for lot in response.context["page"].object_list] == ["서대문 주차장", "강남 주차장"]
    assert "km 거리" in response.text


def test_the_lot_list_near_a_district_takes_a_fixed_number_of_queries(client, django_assert_num_queries):
    for slug in ["mapo-gu", "gangnam-gu"]:
        VehicleFactory(home_lot=lot_in(slug))
    # The districts of both drop-downs, the chosen district, the count, the page.
    with django_assert_num_queries(5):
        client.get(LOTS, {"near": "mapo-gu"})
    for slug in ["mapo-gu", "gangnam-gu", "jongno-gu"] * 4:
        VehicleFactory(home_lot=lot_in(slug))
    with django_assert_num_queries(5):
        response = client.get(LOTS, {"near": "mapo-gu"})
    assert response.context["page"].paginator.count == 14


def test_the_car_search_sorts_cars_by_the_distance_of_their_lot(client):
    VehicleFactory(home_lot=lot_in("gangnam-gu"), model_name="Kia Ray")
    VehicleFactory(home_lot=lot_in("mapo-gu"), model_name="Hyundai Casper")
    response = client.get(reverse("carshare:find-car"), {"near": "mapo-gu"})
    assert [car.model_name for car in response.context["page"].object_list] == ["Hyundai Casper", "Kia Ray"]
    assert len(map_places(response)) == 2


def test_the_car_search_near_a_district_takes_a_fixed_number_of_queries(client, django_assert_num_queries):
    VehicleFactory(home_lot=lot_in("mapo-gu"))
    # The districts of both drop-downs, the chosen district, the count, the page with each car's lot, the photos.
    with django_assert_num_queries(6):
        client.get(reverse("carshare:find-car"), {"near": "mapo-gu"})
    for slug in ["mapo-gu", "gangnam-gu", "jongno-gu"] * 3:
        VehicleFactory(home_lot=lot_in(slug))
    with django_assert_num_queries(6):
        response = client.get(reverse("carshare:find-car"), {"near": "mapo-gu"})
    assert response.context["page"].paginator.count == 10


def test_the_lot_page_maps_the_lot_and_links_to_directions(client):
    lot = lot_in("jongno-gu", name="종묘 공영주차장")
    response = client.get(lot.get_absolute_url())
    assert [p["name"] for p in map_places(response)] == ["종묘 공영주차장"]
    assert f"{lot.latitude:.6f}" in response.text and "종묘 공영주차장 가는 길" in response.text
