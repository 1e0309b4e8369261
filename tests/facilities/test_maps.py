"""Facilities on a map, with directions, and sorted by distance from a citizen or a district."""

import pytest
from django.urls import reverse

from tests.facilities.factories import FacilityFactory
from tests.factories import district
from tests.sharingcity.test_maps import map_places

pytestmark = pytest.mark.django_db
URL = reverse("facilities:search")


def at(slug, **kwargs):
    place = district(slug)
    return FacilityFactory(district=place, latitude=place.latitude, longitude=place.longitude, **kwargs)


def test_the_search_maps_each_room_found_and_links_to_directions(client):
    room = at("mapo-gu", name_en="Mangwon Room")
    response = client.get(URL)
    assert map_places(response) == [
        {
            "name": "Mangwon Room",
            "lat": float(room.latitude),
            "lng": float(room.longitude),
            "url": room.get_absolute_url(),
            "note": "",
        }
    ]
    assert f"route=%3B{room.latitude:.6f}%2C{room.longitude:.6f}" in response.text
    assert "Directions to Mangwon Room" in response.text


def test_a_room_without_coordinates_is_listed_but_not_mapped(client):
    FacilityFactory(name_en="Room Without A Place", latitude=None, longitude=None)
    response = client.get(URL)
    assert "Room Without A Place" in response.text
    assert map_places(response) is None and "Directions to" not in response.text


def test_rooms_are_sorted_nearest_first_from_a_chosen_district_with_the_distance_in_km(client):
    at("gangnam-gu", name="강남 회의실")
    at("dobong-gu", name="도봉 회의실")
    at("mapo-gu", name="마포 회의실")
    response = client.get(URL, {"near": "mapo-gu"})
    names = [room.name for room in response.context["page"].object_list]
    assert names == ["마포 회의실", "강남 회의실", "도봉 회의실"]
    assert "0.0 km away" in response.text


def test_rooms_are_sorted_from_the_browsers_location_and_limited_to_a_radius(client):
    mapo = district("mapo-gu")
    at("gangnam-gu", name="강남 회의실")
    at("mapo-gu", name="마포 회의실")
    response = client.get(URL, {"lat": str(mapo.latitude), "lng": str(mapo.longitude), "within": "5"})
    assert [room.name for room in response.context["page"].object_list] == ["마포 회의실"]
    assert "Sorted by distance from your location." in response.text


def test_a_location_that_is_not_on_earth_is_an_error_on_the_page_and_lists_nothing(client):
    at("mapo-gu")
    response = client.get(URL, {"lat": "9999", "lng": "126.9"})
    assert response.status_code == 200
    assert "lat" in response.context["near"].errors
    assert response.context["page"].paginator.count == 0


def test_the_search_near_a_district_takes_a_fixed_number_of_queries(client, django_assert_num_queries):
    for slug in ["mapo-gu", "gangnam-gu", "jongno-gu"]:
        at(slug)
    # Districts for the filter and for "near me", the chosen district, the count, the page, its photos, the next
    # free times.
    with django_assert_num_queries(7):
        client.get(URL, {"near": "mapo-gu"})
    for slug in ["mapo-gu", "gangnam-gu", "jongno-gu"] * 5:
        at(slug)
    with django_assert_num_queries(7):
        response = client.get(URL, {"near": "mapo-gu"})
    assert response.context["page"].paginator.count == 18


def test_the_facility_page_maps_the_building_and_links_to_directions(client):
    room = at("jongno-gu", name_en="Jongno Hall")
    response = client.get(room.get_absolute_url())
    assert [place["name"] for place in map_places(response)] == ["Jongno Hall"]
    assert "Directions to Jongno Hall" in response.text
