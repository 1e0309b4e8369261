"""Staff in admin: an approval queue limited to their own agency, reasons for rejections, blocks, CSV, utilisation."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from facilities import services
from facilities.models import Facility, Reservation
from tests.admin_rows import row_button_submit
from tests.facilities.factories import FacilityFactory, ReservationFactory, seoul, working_day
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("admin:facilities_reservation_changelist")


@pytest.fixture
def requests_(room, other_manager):
    ours = ReservationFactory(facility=room, status=Reservation.Status.REQUESTED, group_name="우리 모임")
    jongno = other_manager.organisations.get()
    theirs = ReservationFactory(
        facility=FacilityFactory(agency=jongno), status=Reservation.Status.REQUESTED, group_name="종로 모임"
    )
    return ours, theirs


def test_a_manager_sees_only_their_agencys_reservations(client, manager, requests_):
    client.force_login(manager)
    response = client.get(QUEUE, {"when": "any"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "우리 모임" in html and "종로 모임" not in html


def test_the_queue_opens_on_upcoming_reservations_soonest_first(client, manager, room):
    ReservationFactory(facility=room, day=working_day(days_ahead=-30), group_name="지난 모임")
    ReservationFactory(facility=room, day=working_day(days_ahead=20), group_name="나중 모임")
    ReservationFactory(facility=room, day=working_day(days_ahead=10), group_name="먼저 모임")
    client.force_login(manager)
    response = client.get(QUEUE, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0].endswith("?when=upcoming")
    assert "지난 모임" not in html and html.index("먼저 모임") < html.index("나중 모임")


def test_the_queue_filters_by_status_and_date(client, manager, room, requests_):
    ReservationFactory(facility=room, group_name="확정된 모임", hour=14)
    client.force_login(manager)
    html = client.get(QUEUE, {"status__exact": "requested", "when": "month"}).content.decode()
    assert "우리 모임" in html and "확정된 모임" not in html


def test_a_manager_approves_a_request_from_the_queue(client, manager, requests_):
    ours, _theirs = requests_
    client.force_login(manager)
    client.post(QUEUE, {"action": "approve", ACTION_CHECKBOX_NAME: [ours.pk]})
    ours.refresh_from_db()
    assert ours.status == Reservation.Status.CONFIRMED


def test_a_manager_cannot_approve_another_agencys_request_even_by_posting_its_id(client, manager, requests_):
    _ours, theirs = requests_
    client.force_login(manager)
    client.post(QUEUE, {"action": "approve", ACTION_CHECKBOX_NAME: [theirs.pk]})
    theirs.refresh_from_db()
    assert theirs.status == Reservation.Status.REQUESTED


def test_rejecting_in_admin_asks_for_a_reason_first(client, manager, requests_, mailoutbox):
    ours, _theirs = requests_
    client.force_login(manager)
    asked = client.post(QUEUE, {"action": "reject", ACTION_CHECKBOX_NAME: [ours.pk]})
    assert asked.status_code == 200 and 'name="reason"' in asked.content.decode()
    ours.refresh_from_db()
    assert ours.status == Reservation.Status.REQUESTED
    client.post(QUEUE, {"action": "reject", ACTION_CHECKBOX_NAME: [ours.pk], "apply": "1", "reason": "공사 중"})
    ours.refresh_from_db()
    assert (ours.status, ours.reason) == (Reservation.Status.REJECTED, "공사 중")


def test_staff_block_a_period_in_admin_and_overlaps_are_refused_with_a_message(client, manager, room):
    client.force_login(manager)
    day = working_day()
    add = reverse("admin:facilities_blockedperiod_add")
    data = {
        "block_facility": room.pk,
        "starts_at": f"{day.isoformat()}T09:00",
        "ends_at": f"{day.isoformat()}T12:00",
        "block_reason": "정기 점검",
    }
    assert client.post(add, data).status_code == 302
    block = Reservation.objects.get(status=Reservation.Status.BLOCKED)
    assert (block.start, block.end, block.reason) == (seoul(day, 9), seoul(day, 12), "정기 점검")
    again = client.post(add, {**data, "starts_at": f"{day.isoformat()}T11:00"})
    assert again.status_code == 200 and "overlaps" in again.content.decode()


def test_a_manager_cannot_block_another_agencys_facility(client, other_manager, room):
    client.force_login(other_manager)
    day = working_day()
    response = client.post(
        reverse("admin:facilities_blockedperiod_add"),
        {
            "block_facility": room.pk,
            "starts_at": f"{day.isoformat()}T09:00",
            "ends_at": f"{day.isoformat()}T12:00",
            "block_reason": "공무",
        },
    )
    assert response.status_code == 200
    assert not Reservation.objects.exists()


def test_reservations_export_as_csv(client, manager, requests_):
    ours, _theirs = requests_
    client.force_login(manager)
    response = client.post(QUEUE, {"action": "export_csv", ACTION_CHECKBOX_NAME: [ours.pk]})
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("id,facility,district")
    assert len(lines) == 2 and "우리 모임" in lines[1]


def test_utilisation_is_hours_booked_over_hours_open_for_the_month(client, manager, room):
    month = date(2027, 2, 1)  # February 2027: 20 weekdays, minus Lunar New Year holidays (8 and 9 Feb)
    ReservationFactory(facility=room, day=date(2027, 2, 3), hour=9, length=9)
    ReservationFactory(facility=room, day=date(2027, 2, 4), hour=9, length=9, status=Reservation.Status.CANCELLED)
    client.force_login(manager)
    response = client.get(reverse("admin:facilities_utilisation"), {"month": "2027-02"})
    row = response.context["rows"][0]
    weekdays = sum(1 for n in range(28) if (month + timedelta(days=n)).weekday() < 5)
    from facilities.availability import holiday_name

    holidays = sum(
        1 for n in range(28) if (month + timedelta(days=n)).weekday() < 5 and holiday_name(month + timedelta(days=n))
    )
    assert row.hours_open == 9 * (weekdays - holidays)
    assert row.hours_booked == 9
    assert f"{row.percent}%" in response.content.decode()
    page = response.content.decode()
    assert 'aria-label="Share of open hours booked"' in page
    assert f'<th scope="row">{room.display_name}</th><td>{row.percent}%</td>' in page


def test_the_queue_needs_a_fixed_number_of_queries(client, manager, room, django_assert_max_num_queries):
    for n in range(25):
        ReservationFactory(facility=room, day=working_day() + timedelta(days=n), status=Reservation.Status.REQUESTED)
    client.force_login(manager)
    with django_assert_max_num_queries(20):
        assert client.get(QUEUE, {"when": "upcoming"}).status_code == 200


def test_a_manager_edits_their_own_facilities_but_not_another_agencys(client, manager, room, other_manager):
    theirs = FacilityFactory(agency=other_manager.organisations.get())
    client.force_login(manager)
    own_page = client.get(reverse("admin:facilities_facility_change", args=[room.pk]))
    assert own_page.status_code == 200 and "opening_periods-TOTAL_FORMS" in own_page.content.decode()
    other_page = client.get(reverse("admin:facilities_facility_change", args=[theirs.pk]))
    assert other_page.status_code == 302
    changelist = client.get(reverse("admin:facilities_facility_changelist")).content.decode()
    assert room.name in changelist and theirs.name not in changelist
    assert client.get(reverse("admin:facilities_facility_add")).status_code == 200


def test_a_manager_adds_a_facility_with_opening_hours_and_a_closure_for_their_agency(client, manager, agency):
    client.force_login(manager)
    inlines = {}
    for prefix in ("opening_periods", "closures", "rates", "photos"):
        inlines.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    inlines.update(
        {
            "opening_periods-TOTAL_FORMS": "1",
            "opening_periods-0-weekday": "2",
            "opening_periods-0-opens": "09:00",
            "opening_periods-0-closes": "18:00",
            "closures-TOTAL_FORMS": "1",
            "closures-0-period_0": "2027-01-05 00:00",
            "closures-0-period_1": "2027-01-06 00:00",
            "closures-0-reason": "전기 점검",
        }
    )
    response = client.post(
        reverse("admin:facilities_facility_add"),
        {
            "name": "마포구청 세미나실",
            "name_en": "Mapo Seminar Room",
            "slug": "mapo-seminar",
            "kind": "lecture",
            "agency": agency.pk,
            "district": agency.district.pk,
            "is_published": "on",
            "address": "마포구 월드컵로 212",
            "capacity": "24",
            "amenities": ["projector", "wifi"],
            "fee_per_hour": "0",
            "slot_minutes": "60",
            "min_duration_minutes": "60",
            "max_duration_minutes": "240",
            "min_days_ahead": "5",
            "max_days_ahead": "90",
            "buffer_minutes": "0",
            "cancel_hours_before": "24",
            "max_active_per_citizen": "3",
            "needs_approval": "on",
            **inlines,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    facility = Facility.objects.get(slug="mapo-seminar")
    assert facility.amenities == ["projector", "wifi"]
    assert facility.opening_periods.get().weekday == 2
    assert facility.closures.get().reason == "전기 점검"


def test_a_manager_cannot_add_a_facility_for_another_agency(client, manager, other_manager):
    client.force_login(manager)
    form = client.get(reverse("admin:facilities_facility_add")).context["adminform"].form
    assert list(form.fields["agency"].queryset) == list(manager.organisations.all())


def test_the_calendar_shows_an_agencys_rooms_for_a_week_or_a_day_in_fixed_queries(
    client, manager, room, other_manager, django_assert_num_queries
):
    day = working_day()
    mine = ReservationFactory(facility=room, day=day, hour=10, group_name="합창단", status="requested")
    blocked = services.block_period(room, manager, seoul(day, 14), seoul(day, 16), "소독")
    elsewhere = ReservationFactory(facility=FacilityFactory(agency=other_manager.organisations.first()), day=day)
    client.force_login(manager)
    url = reverse("admin:facilities_calendar")
    with django_assert_num_queries(7):  # session, user, two for permissions, facilities, what holds them, agencies
        week = client.get(url, {"date": day.isoformat()})
    html = week.content.decode()
    assert reverse("admin:facilities_reservation_change", args=[mine.pk]) in html and "합창단" in html
    assert reverse("admin:facilities_blockedperiod_change", args=[blocked.pk]) in html
    assert reverse("admin:facilities_reservation_change", args=[elsewhere.pk]) not in html
    assert f"block_facility={room.pk}&amp;starts_at={day:%Y-%m-%d}T09:00" in html
    other_day = client.get(url, {"date": (day + timedelta(days=1)).isoformat(), "view": "day"}).content.decode()
    assert "합창단" not in other_day


def test_a_manager_approves_one_request_with_one_click_on_its_row_and_returns_to_the_same_list(manager, requests_):
    ours, _theirs = requests_
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    client.force_login(manager)
    listing = f"{QUEUE}?status__exact=requested&when=any"
    page = client.get(listing).content.decode()
    assert ">승인</button>" in page and "row-reject" in page
    answer = client.post(listing, row_button_submit(page, "approve", ours.pk))
    assert answer.status_code == 302 and answer["Location"] == listing
    ours.refresh_from_db()
    assert ours.status == Reservation.Status.CONFIRMED
    shown = [str(m) for m in get_messages(answer.wsgi_request)]
    assert any("1" in text for text in shown)
    # Decided: its row offers no button any more.
    page = client.get(f"{QUEUE}?when=any").content.decode()
    assert f'form="row-approve" name="{ACTION_CHECKBOX_NAME}" value="{ours.pk}"' not in page


def test_a_row_button_without_the_csrf_token_or_by_get_changes_nothing(manager, requests_):
    ours, _theirs = requests_
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    assert client.post(QUEUE, {"action": "approve", ACTION_CHECKBOX_NAME: ours.pk}).status_code == 403
    client.get(QUEUE, {"action": "approve", ACTION_CHECKBOX_NAME: ours.pk, "when": "any"})
    ours.refresh_from_db()
    assert ours.status == Reservation.Status.REQUESTED


def test_another_agencys_request_posted_to_a_row_button_is_left_unchanged_with_a_warning(client, manager, requests_):
    _ours, theirs = requests_
    client.force_login(manager)
    answer = client.post(QUEUE, {"action": "approve", ACTION_CHECKBOX_NAME: theirs.pk}, follow=True)
    theirs.refresh_from_db()
    assert theirs.status == Reservation.Status.REQUESTED
    assert [m.level_tag for m in answer.context["messages"]] == ["warning"]


def test_the_reject_button_asks_for_a_reason_on_its_own_row(client, manager, requests_):
    ours, _theirs = requests_
    client.force_login(manager)
    page = client.get(QUEUE, {"when": "any"}).content.decode()
    asked = client.post(QUEUE, row_button_submit(page, "reject", ours.pk))
    assert asked.status_code == 200 and 'name="reason"' in asked.content.decode()
    ours.refresh_from_db()
    assert ours.status == Reservation.Status.REQUESTED


def test_a_viewer_without_the_right_to_change_sees_no_row_buttons(client, manager, requests_):
    ours, _theirs = requests_
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_reservation"))
    client.force_login(viewer)
    page = client.get(QUEUE, {"when": "any"}).content.decode()
    assert "row-approve" not in page
