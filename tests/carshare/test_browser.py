"""In Chromium: a citizen becomes a member, finds an electric car in their district, books it, and sees the
booking on My page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from carshare.models import Booking
from tests.carshare.factories import ParkingLotFactory, VehicleFactory
from tests.factories import UserFactory, district

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_joins_finds_an_electric_car_in_mapo_books_it_and_sees_it_on_my_page(page, live_server, log_in):
    mapo = ParkingLotFactory(district=district("mapo-gu"), name="마포 공영주차장", name_en="Mapo Public Car Park")
    VehicleFactory(home_lot=mapo, model_name="Ioniq 5", propulsion="electric", plate_number="12하3456")
    VehicleFactory(home_lot=mapo, model_name="Avante", propulsion="combustion")
    VehicleFactory(home_lot=ParkingLotFactory(district=district("jongno-gu")), model_name="Niro EV")
    citizen = UserFactory(email="driver@example.org", full_name="김운전")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    log_in(citizen)

    today = timezone.localdate()
    page.goto("/carshare/membership/")
    page.get_by_label("Licence class").select_option("2_ordinary")
    page.get_by_label("Licence number").fill("11-18-654321-09")
    page.get_by_label("Licence first issued on").fill("2016-04-01")
    page.get_by_label("Licence valid until").fill(f"{today + timedelta(days=900):%Y-%m-%d}")
    page.get_by_label("Date of birth").fill("1990-01-20")
    page.get_by_role("button", name="Become a member").click()
    page.wait_for_url("**/carshare/")
    assert "Welcome to car sharing" in page.content()

    page.get_by_label("District").select_option("mapo-gu")
    page.get_by_label("Electric only").check()
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**district=mapo-gu*")
    results = page.locator("ul.results > li")
    assert results.count() == 1
    assert "Ioniq 5" in results.first.inner_text()

    results.first.get_by_role("link", name="Book Ioniq 5").click()
    assert "Estimated price" in page.get_by_role("status").inner_text()
    page.get_by_role("button", name="Book this car").click()
    page.wait_for_url("**/my/")
    bookings = page.locator("table.bookings")
    assert "12하3456" in bookings.inner_text()
    assert "Reserved" in bookings.inner_text()
    assert Booking.objects.get().member.user == citizen
