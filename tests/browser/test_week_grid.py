"""The week grid on a phone: it fits the screen, and two clicks book a range of hours."""

from datetime import timedelta

import pytest

from tests.facilities.factories import FacilityFactory, working_day

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_on_a_phone_the_grid_scrolls_in_its_box_and_two_clicks_choose_two_hours(page, citizen, log_in):
    facility = FacilityFactory(slug="grid-room", min_days_ahead=5)
    day = working_day()
    monday = day - timedelta(days=day.weekday())
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(citizen)
    page.goto(f"{facility.get_absolute_url()}?week={monday.isoformat()}")
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    first = page.locator(f'a[data-day="{day.isoformat()}"][data-start="10:00"]')
    last = page.locator(f'a[data-day="{day.isoformat()}"][data-start="11:00"]')
    page.wait_for_selector("table[data-range-ready]", state="attached")
    first.click()
    assert "10:00" in page.locator("#grid-status").inner_text()
    last.click()
    page.wait_for_url("**/grid-room/book/**")
    assert page.input_value("input[name=date]") == day.isoformat()
    assert page.input_value("input[name=start_time]") == "10:00"
    assert page.input_value("input[name=end_time]") == "12:00"
