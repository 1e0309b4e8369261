"""In Chromium: every main page can be worked through with the Tab key alone, each stop showing where the
focus is; and with JavaScript switched off, citizens book a room, book a car and apply for a home,
typing and pressing Enter."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from carshare.models import Booking
from facilities.models import Reservation
from roomshare.models import Application
from tests.browser.test_accessibility import SIGNED_IN_PAGES, main_pages
from tests.carshare.factories import MembershipFactory, ParkingLotFactory, VehicleFactory
from tests.facilities.factories import FacilityFactory, working_day
from tests.factories import PASSWORD, district
from tests.roomshare.factories import RoomFactory, StudentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Marks each element a keyboard user must be able to reach, and returns how many there are. A radio group
# is one stop, as browsers make it.
MARK_FOCUSABLE = """() => {
    const selector = 'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])';
    const groups = new Map();
    let n = 0;
    for (const el of document.querySelectorAll(selector)) {
        if (el.disabled || el.getClientRects().length === 0 || getComputedStyle(el).visibility === 'hidden') continue;
        if (el.type === 'radio') {
            const key = (el.form ? el.form.action : '') + ' ' + el.name;
            if (!groups.has(key)) groups.set(key, n++);
            el.dataset.kb = groups.get(key);
        } else {
            el.dataset.kb = n++;
        }
    }
    return n;
}"""
FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el.dataset.kb === undefined) return null;
    const style = getComputedStyle(el);
    return {index: el.dataset.kb, name: el.outerHTML.slice(0, 80),
            outlined: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0};
}"""


def tab_through(page):
    """Press Tab round the whole page (a page may start with the focus in a field); return what could not
    be reached and what never showed the focus. A date field takes several stops (day, month, year, its
    calendar button, which the browser marks itself): one marked stop is enough."""
    count = page.evaluate(MARK_FOCUSABLE)
    order, marked, names = [], set(), {}
    for _ in range(5 * count + 10):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue  # the page itself, between the last stop and the first
        index = int(focused["index"])
        if len(order) > 1 and index == order[0] and order[-1] != index:
            break  # round once
        order.append(index)
        names[index] = focused["name"]
        if focused["outlined"]:
            marked.add(index)
    return sorted(set(range(count)) - set(order)), [names[i] for i in sorted(set(order) - marked)]


def test_every_main_page_can_be_worked_through_with_the_tab_key_and_shows_the_focus(page, citizen, log_in):
    call_command("seed_demo", verbosity=0)
    problems = {}

    def check(path):
        assert page.goto(path).status == 200, path
        missed, unmarked = tab_through(page)
        if missed or unmarked:
            problems[path] = {"not reached by Tab": missed, "focus not shown": unmarked[:3]}

    for path in main_pages():
        check(path)
    log_in(citizen)
    for path in SIGNED_IN_PAGES:
        check(path)
    assert not problems, "\n".join(f"{path}: {found}" for path, found in problems.items())


def test_the_tab_check_finds_a_link_out_of_reach_and_a_focus_that_does_not_show(page):
    broken = (
        '<html lang="ko"><title>t</title><main><a href="/a" style="outline:none">hidden focus</a>'
        '<a href="/b" tabindex="-1">out of reach</a><button>fine</button></main></html>'
    )
    page.route("**/broken-page/", lambda route: route.fulfill(body=broken, content_type="text/html"))
    page.goto("/broken-page/")
    missed, unmarked = tab_through(page)
    assert missed == [1]
    assert unmarked == ['<a href="/a" style="outline:none" data-kb="0">hidden focus</a>']


@pytest.fixture
def no_script(browser, live_server):
    """A browser window with JavaScript switched off, signed in as `user`."""
    contexts = []

    def _open(user):
        context = browser.new_context(
            base_url=live_server.url, locale="ko-KR", timezone_id="Asia/Seoul", java_script_enabled=False
        )
        context.set_default_timeout(10_000)
        context.set_default_navigation_timeout(30_000)
        contexts.append(context)
        page = context.new_page()
        page.goto("/accounts/login/")
        type_into(page, "input[name=username]", user.email)
        type_into(page, "input[name=password]", PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url("**/my/")
        return page

    yield _open
    for context in contexts:
        context.close()


def type_into(page, selector, text):
    page.focus(selector)
    page.keyboard.type(text)


def submit(page, selector):
    """Focus a form's button and press Enter, as a keyboard user does."""
    page.focus(selector)
    page.keyboard.press("Enter")


def test_without_javascript_a_citizen_books_a_public_room(no_script, citizen):
    room = FacilityFactory(district=district("mapo-gu"), capacity=30, name="마포구청 소회의실")
    day = working_day()
    page = no_script(citizen)
    page.goto(f"/facilities/?district=mapo-gu&capacity=20&date={day}&time_from=14:00&time_to=16:00")
    page.focus(f"ul.results > li h3 a[href^='{room.get_absolute_url()}']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{room.get_absolute_url()}?week={day}")
    page.focus(f'table.week-grid a[href*="date={day.isoformat()}&start_time=14:00"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/book/**")
    page.fill("input[name=end_time]", "")
    type_into(page, "input[name=end_time]", "16:00")
    type_into(page, "input[name=attendees]", "20")
    type_into(page, "input[name=purpose]", "주민 모임")
    type_into(page, "input[name=contact_phone]", "010-1234-5678")
    submit(page, "form.booking-form button[type=submit]")
    page.wait_for_url("**/reservations/**")
    reservation = Reservation.objects.get(citizen=citizen)
    assert reservation.period.lower.astimezone(timezone.get_current_timezone()).hour == 14
    assert reservation.status in (Reservation.Status.REQUESTED, Reservation.Status.CONFIRMED)


def test_without_javascript_a_member_books_a_car(no_script):
    lot = ParkingLotFactory(district=district("mapo-gu"))
    VehicleFactory(home_lot=lot, model_name="Ioniq 5", propulsion="electric", plate_number="12하3456")
    member = MembershipFactory()
    page = no_script(member.user)
    tomorrow = timezone.localdate() + timedelta(days=1)
    page.goto(f"/carshare/?district=mapo-gu&start={tomorrow}T18:00&end={tomorrow}T20:00&electric=on")
    page.focus("ul.results > li a.button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/book/**")
    submit(page, "main form button[type=submit]:not([name=preview])")
    page.wait_for_url("**/my/")
    booking = Booking.objects.get()
    assert booking.member == member and booking.vehicle.plate_number == "12하3456"


def test_without_javascript_a_student_applies_for_a_home(no_script, private_files):
    room = RoomFactory(title="공릉동 햇살방")
    student = StudentFactory()
    page = no_script(student.user)
    page.goto(room.get_absolute_url())
    type_into(page, "textarea[name=message]", "요리를 좋아하는 학생입니다.")
    submit(page, "main form button[type=submit]")
    page.wait_for_url("**/roomshare/mine/")
    assert Application.objects.get().student == student
    assert "공릉동 햇살방" in page.content()
