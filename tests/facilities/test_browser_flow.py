"""In Chromium, in Korean: a citizen searches, books from the week grid, a manager approves in admin,
and the citizen sees it confirmed on My page and downloads the .ics."""

from pathlib import Path

import pytest

from facilities.models import Reservation
from tests.facilities.factories import working_day
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def korean(settings):
    settings.LANGUAGE_CODE = "ko"


def test_a_citizen_books_from_the_week_grid_and_sees_the_managers_approval(
    korean, page, browser, live_server, log_in, room, manager, citizen
):
    day = working_day()
    log_in(citizen)

    # Search: free on that day 14:00-16:00 in Mapo-gu for 20 people.
    page.goto("/facilities/")
    page.select_option("select[name=district]", "mapo-gu")
    page.fill("input[name=capacity]", "20")
    page.fill("input[name=date]", day.isoformat())
    page.fill("input[name=time_from]", "14:00")
    page.fill("input[name=time_to]", "16:00")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url("**district=mapo-gu**")
    results = page.locator("ul.results > li")
    assert results.count() == 1
    results.first.get_by_role("link", name=room.name).click()

    # The week grid of that week; choose 14:00 and then 15:00 on the day, by keyboard: two hours.
    assert page.get_by_role("heading", level=1).inner_text() == room.name
    cell = page.locator(f'table.week-grid a[href*="date={day.isoformat()}&start_time=14:00"]')
    assert cell.inner_text().startswith("예약 가능")
    page.wait_for_selector("table[data-range-ready]", state="attached")
    cell.focus()
    page.keyboard.press("Enter")
    assert "14:00" in page.locator("#grid-status").inner_text()
    page.locator(f'table.week-grid a[href*="date={day.isoformat()}&start_time=15:00"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/book/**")
    assert page.input_value("input[name=start_time]") == "14:00"
    assert page.input_value("input[name=end_time]") == "16:00"
    page.fill("input[name=attendees]", "20")
    page.fill("input[name=purpose]", "주민자치회 회의")
    page.fill("input[name=contact_phone]", "010-1234-5678")
    page.locator("form.booking-form button[type=submit]").click()
    page.wait_for_url("**/reservations/**")
    assert page.locator(".reservation-status").inner_text() == "승인 대기"
    reservation = Reservation.objects.get(citizen=citizen)

    # The manager approves it in admin.
    staff = browser.new_context(base_url=live_server.url, locale="ko-KR", timezone_id="Asia/Seoul")
    admin = staff.new_page()
    admin.goto("/admin/login/")
    admin.fill("input[name=username]", manager.email)
    admin.fill("input[name=password]", PASSWORD)
    admin.locator("input[type=submit]").click()
    admin.goto("/admin/facilities/reservation/?status__exact=requested")
    admin.check(f"input[name=_selected_action][value='{reservation.pk}']")
    admin.select_option("select[name=action]", "approve")
    admin.locator("button[name=index]").click()
    admin.wait_for_load_state()
    staff.close()
    reservation.refresh_from_db()
    assert reservation.status == Reservation.Status.CONFIRMED

    # The citizen sees it confirmed on My page and downloads the calendar file.
    page.goto("/my/")
    row = page.locator("table.facility-reservations.upcoming tbody tr").first
    assert row.locator(".status-confirmed").inner_text().startswith("확정")
    row.get_by_role("link").first.click()
    with page.expect_download() as download:
        page.locator("a[download]").click()
    ics = Path(download.value.path()).read_text(encoding="utf-8")
    assert "BEGIN:VEVENT" in ics and "STATUS:CONFIRMED" in ics
    assert day.strftime("%Y%m%d") in ics
