"""In Chromium: maps drawn by Leaflet from the page's places, "use my location", and the admin's map
that fills a place's coordinates with a click."""

import pytest

from tests.facilities.factories import FacilityFactory
from tests.factories import PASSWORD, OrganisationFactory, UserFactory, district

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def facility_in(slug, name):
    place = district(slug)
    return FacilityFactory(district=place, name=name, latitude=place.latitude, longitude=place.longitude)


def test_the_facility_search_draws_a_marker_for_each_room_with_its_image(page):
    facility_in("mapo-gu", "마포 회의실")
    facility_in("jongno-gu", "종로 회의실")
    page.goto("/facilities/")
    page.wait_for_selector(".place-map .leaflet-marker-icon")
    assert page.locator(".place-map").is_visible()
    assert page.locator(".leaflet-marker-icon").count() == 2
    page.wait_for_function(
        "() => [...document.querySelectorAll('.leaflet-marker-icon')].every(i => i.naturalWidth > 0)"
    )
    page.locator(".leaflet-marker-icon").first.click()
    assert page.locator(".leaflet-popup-content a").inner_text() in {"마포 회의실", "종로 회의실"}


def test_use_my_location_sorts_the_rooms_nearest_first(browser, live_server):
    gangnam = district("gangnam-gu")
    facility_in("mapo-gu", "마포 회의실")
    facility_in("gangnam-gu", "강남 회의실")
    context = browser.new_context(
        base_url=live_server.url,
        locale="ko-KR",
        geolocation={"latitude": float(gangnam.latitude), "longitude": float(gangnam.longitude)},
        permissions=["geolocation"],
    )
    page = context.new_page()
    try:
        page.goto("/facilities/")
        page.click("button[data-locate]")
        page.wait_for_url("**lat=*")
        assert page.locator(".facility-card h3").first.inner_text() == "강남 회의실"
        assert "내 위치에서 가까운 순서입니다." in page.inner_text("main")
    finally:
        context.close()


def test_without_javascript_the_list_works_and_the_map_and_location_button_stay_hidden(browser, live_server):
    facility_in("mapo-gu", "마포 회의실")
    context = browser.new_context(base_url=live_server.url, locale="ko-KR", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/facilities/?near=mapo-gu")
        assert page.locator(".facility-card h3").first.inner_text() == "마포 회의실"
        assert not page.locator(".place-map").is_visible() and not page.locator("[data-locate]").is_visible()
    finally:
        context.close()


def test_staff_set_an_organisations_coordinates_by_clicking_the_map(page):
    organisation = OrganisationFactory(name="지도 단체")
    UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    page.goto("/admin/login/")
    page.fill("input[name=username]", "admin@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"/admin/hub/organisation/{organisation.pk}/change/")
    page.wait_for_selector("[data-coordinate-map].leaflet-container")
    assert page.input_value("#id_latitude") == ""
    page.locator("[data-coordinate-map]").click()
    latitude, longitude = float(page.input_value("#id_latitude")), float(page.input_value("#id_longitude"))
    assert 37 < latitude < 38 and 126 < longitude < 128
