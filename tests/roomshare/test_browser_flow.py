"""In Chromium: a student finds a room in Nowon-gu and applies; the coordinator shortlists, schedules a
meeting and creates the agreement; both confirm; the student sees the address only then."""

from datetime import timedelta

import pytest
from django.utils import timezone

from roomshare.models import Agreement, Application
from tests.factories import PASSWORD, district
from tests.roomshare.factories import HostFactory, RoomFactory, StudentFactory, coordinator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_as(browser, live_server):
    """A fresh browser window signed in as `user` (each person on their own device)."""
    contexts = []

    def _open(user):
        context = browser.new_context(base_url=live_server.url, locale="ko-KR", timezone_id="Asia/Seoul")
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.goto("/accounts/login/")
        page.fill("input[name=username]", user.email)
        page.fill("input[name=password]", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url("**/my/")
        return page

    yield _open
    for context in contexts:
        context.close()


def run_admin_action(page, action, **fields):
    page.goto("/admin/roomshare/application/")
    page.check("input.action-select")
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")
    if fields:
        for name, value in fields.items():
            page.fill(f"[name={name}]", value)
        page.click("input[type=submit]")
    page.wait_for_url("**/admin/roomshare/application/**")


def test_a_student_applies_the_coordinator_matches_both_confirm_and_only_then_the_address_shows(open_as):
    host = HostFactory(address="서울 노원구 공릉로 232, 101호", neighbourhood="공릉동")
    RoomFactory(host=host, title="공릉동 햇살방", rent=250_000)
    RoomFactory(host=HostFactory(district=district("mapo-gu")), title="마포 방")
    student = StudentFactory(preferred_districts=["nowon-gu"])
    nowon = coordinator("nowon-gu")

    # The student finds the room in Nowon-gu and applies.
    as_student = open_as(student.user)
    as_student.goto("/roomshare/")
    as_student.select_option("select[name=district]", "nowon-gu")
    as_student.click("form.filters button[type=submit]")
    as_student.wait_for_url("**district=nowon-gu*")
    assert as_student.locator("ul.results > li").count() == 1
    assert "마포 방" not in as_student.content()
    as_student.locator("ul.results > li a").first.click()
    assert host.address not in as_student.content() and host.phone not in as_student.content()
    as_student.fill("textarea[name=message]", "요리를 좋아하는 학생입니다. 방을 보고 싶어요.")
    as_student.click("main form button[type=submit]")
    as_student.wait_for_url("**/roomshare/mine/")
    assert "공릉동 햇살방" in as_student.content()

    # A coordinator of another district sees none of it.
    as_other = open_as(coordinator("seodaemun-gu"))
    as_other.goto("/admin/roomshare/application/")
    assert as_other.locator("input.action-select").count() == 0

    # The Nowon-gu coordinator shortlists, schedules a meeting and creates the agreement.
    as_coordinator = open_as(nowon)
    run_admin_action(as_coordinator, "shortlist")
    meeting = timezone.localtime() + timedelta(days=2)
    run_admin_action(
        as_coordinator,
        "schedule_meeting",
        meeting_at=meeting.strftime("%Y-%m-%dT15:00"),
        meeting_place="공릉동 주민센터 2층",
    )
    as_student.goto("/roomshare/mine/")
    assert "공릉동 주민센터 2층" in as_student.content()
    run_admin_action(as_coordinator, "both_accepted")
    run_admin_action(as_coordinator, "create_agreement", months="6")
    assert Application.objects.get().status == Application.Status.AGREED
    agreement = Agreement.objects.get()

    # The student confirms: the address is still hidden until the host confirms too.
    as_student.goto(f"/roomshare/agreements/{agreement.pk}/")
    assert host.address not in as_student.content()
    as_student.click("form[action$='/confirm/'] button")
    as_student.wait_for_url(f"**/roomshare/agreements/{agreement.pk}/")
    assert host.address not in as_student.content()

    as_host = open_as(host.user)
    as_host.goto("/roomshare/mine/")
    as_host.locator(f"a[href='/roomshare/agreements/{agreement.pk}/']").click()
    as_host.click("form[action$='/confirm/'] button")
    as_host.wait_for_url(f"**/roomshare/agreements/{agreement.pk}/")
    assert student.phone in as_host.content()

    as_student.reload()
    assert host.address in as_student.locator(".address").inner_text()
    assert host.phone in as_student.content()
    assert Agreement.objects.get().status == Agreement.Status.ACTIVE
