"""Maps and distances shared by the programmes: Leaflet from npm, tile and directions settings, the
near-me form, and the GiST index behind "within N km"."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.template import Context, Template
from django.urls import reverse

from facilities.models import Facility
from sharingcity.geo import Point, nearest
from sharingcity.maps import directions_url
from sharingcity.nearby import NearForm
from tests.facilities.factories import FacilityFactory
from tests.factories import district

pytestmark = pytest.mark.django_db


def map_places(response):
    match = re.search(r'<script id="map-places" type="application/json">(.*?)</script>', response.text, re.S)
    return json.loads(match.group(1)) if match else None


def test_leaflet_1_9_4_is_served_from_our_own_static_files_not_a_cdn():
    script = finders.find("leaflet/leaflet.js")
    assert script and "1.9.4" in Path(script).read_text(encoding="utf-8")[:200]
    assert finders.find("leaflet/leaflet.css") and finders.find("leaflet/images/marker-icon.png")
    assert finders.find("js/map.js") and finders.find("js/near.js") and finders.find("js/admin_map.js")


def test_a_page_with_a_map_loads_leaflet_from_the_site_and_the_tiles_from_the_setting(client, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_ATTRIBUTION = "© Example Maps"
    FacilityFactory(latitude="37.566000", longitude="126.901000")
    text = client.get(reverse("facilities:search")).text
    assert 'src="/static/leaflet/leaflet.js"' in text and 'href="/static/leaflet/leaflet.css"' in text
    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in text
    assert 'data-attribution="© Example Maps"' in text
    assert "unpkg.com" not in text and "cdn" not in text.lower()


def test_openstreetmap_is_the_default_and_its_tiles_are_allowed_by_the_content_security_policy():
    assert settings.MAP_TILE_URL.startswith("https://tile.openstreetmap.org/")
    assert "OpenStreetMap" in settings.MAP_ATTRIBUTION
    assert "https://tile.openstreetmap.org" in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]


def test_the_directions_link_fills_the_placeholders_of_the_chosen_service(settings):
    settings.MAP_DIRECTIONS_URL = "https://map.kakao.com/link/to/{name},{lat},{lng}"
    assert directions_url("37.5", "126.9", "마포 회의실") == (
        "https://map.kakao.com/link/to/%EB%A7%88%ED%8F%AC%20%ED%9A%8C%EC%9D%98%EC%8B%A4,37.500000,126.900000"
    )


def test_a_place_without_coordinates_has_no_directions_link_and_no_marker():
    room = FacilityFactory(latitude=None, longitude=None)
    rendered = Template("{% load maps %}[{{ room|directions }}]{% place_map room %}").render(Context({"room": room}))
    assert rendered.strip() == "[]"


def test_a_place_name_cannot_break_out_of_the_map_data():
    room = FacilityFactory(name="</script><script>alert(1)</script>", latitude="37.5", longitude="126.9")
    rendered = Template("{% load maps %}{% place_map room %}").render(Context({"room": room}))
    assert "<script>alert" not in rendered and "\\u003C/script\\u003E" in rendered


def test_nearest_sorts_by_distance_and_gives_it_in_km():
    mapo, gangnam = district("mapo-gu"), district("gangnam-gu")
    far = FacilityFactory(latitude=gangnam.latitude, longitude=gangnam.longitude)
    near = FacilityFactory(latitude=mapo.latitude, longitude=mapo.longitude)
    found = list(nearest(Facility.objects.all(), Point(float(mapo.latitude), float(mapo.longitude))))
    assert found == [near, far]
    assert found[0].distance_km == pytest.approx(0, abs=0.01)
    assert 10 < found[1].distance_km < 20  # Mapo-gu office to Gangnam-gu office, about 14 km


def test_within_leaves_out_places_further_away():
    mapo, gangnam = district("mapo-gu"), district("gangnam-gu")
    FacilityFactory(latitude=gangnam.latitude, longitude=gangnam.longitude)
    near = FacilityFactory(latitude=mapo.latitude, longitude=mapo.longitude)
    point = Point(float(mapo.latitude), float(mapo.longitude))
    assert list(nearest(Facility.objects.all(), point, within_km=5)) == [near]


def test_the_within_filter_is_answered_by_the_gist_index_on_ll_to_earth():
    for _ in range(3):
        FacilityFactory(latitude="37.56", longitude="126.90")
    queryset = nearest(Facility.objects.all(), Point(37.56, 126.90), within_km=2)
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # Three rows are cheaper to scan than to look up; forbid the scan to see that the index fits the query.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Scan using facilities_facility_earth" in plan
    # PostgreSQL writes the box test the other way round: the row's point inside the box.
    assert re.search(r"Index Cond: .*ll_to_earth\(\(latitude\)::double precision.* <@ ", plan)


@pytest.mark.parametrize(
    "query, field",
    [
        ({"lat": "9999", "lng": "126.9"}, "lat"),
        ({"lat": "37.5", "lng": "-500"}, "lng"),
        ({"lat": "37.5\x00", "lng": "126.9"}, "lat"),
        ({"near": "x" * 10_000}, "near"),
        ({"within": "100000000000000000000"}, "within"),
        ({"lat": "37.5"}, "__all__"),
    ],
)
def test_the_near_me_form_refuses_what_is_not_a_place(query, field):
    form = NearForm(query)
    assert not form.is_valid()
    assert field in form.errors
    assert form.point is None


def test_your_location_wins_over_a_district():
    form = NearForm({"lat": "37.1", "lng": "127.2", "near": "mapo-gu"})
    assert form.is_valid() and form.point == Point(37.1, 127.2)
    mapo = district("mapo-gu")
    assert NearForm({"near": "mapo-gu"}).point == Point(float(mapo.latitude), float(mapo.longitude))
