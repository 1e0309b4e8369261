"""Citizens find a free public room by district, size, amenities and time; the search stays fast."""

from datetime import time, timedelta

import pytest
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.urls import reverse
from django.utils import timezone

from facilities.models import Closure, Facility, Reservation
from tests.facilities.factories import FacilityFactory, ReservationFactory, seoul, working_day
from tests.factories import district

pytestmark = pytest.mark.django_db
URL = reverse("facilities:search")


def names(response):
    return {facility.name for facility in response.context["page"].object_list}


def when(day, start="14:00", end="16:00"):
    return {"date": day.isoformat(), "time_from": start, "time_to": end}


def test_the_search_filters_by_district_capacity_kind_amenities_and_fee(client):
    FacilityFactory(name="마포 대회의실", capacity=40, amenities=["projector", "wifi"])
    FacilityFactory(name="마포 소회의실", capacity=8, amenities=["wifi"])
    FacilityFactory(name="마포 강당", capacity=300, kind=Facility.Kind.AUDITORIUM, fee_per_hour=50000, amenities=[])
    FacilityFactory(name="종로 회의실", capacity=40, district=district("jongno-gu"), amenities=["wifi"])
    FacilityFactory(name="비공개 회의실", is_published=False)
    assert names(client.get(URL, {"district": "mapo-gu", "capacity": 20})) == {"마포 대회의실", "마포 강당"}
    assert names(client.get(URL, {"kind": "auditorium"})) == {"마포 강당"}
    assert names(client.get(URL, {"amenities": ["projector", "wifi"]})) == {"마포 대회의실"}
    assert "마포 강당" not in names(client.get(URL, {"free_of_charge": "on"}))
    assert "비공개 회의실" not in names(client.get(URL))


def test_free_at_a_time_leaves_out_rooms_booked_closed_or_shut_then(client):
    day = working_day()
    FacilityFactory(name="빈 방")
    ReservationFactory(facility=FacilityFactory(name="예약된 방"), day=day, hour=15, length=1)
    ReservationFactory(
        facility=FacilityFactory(name="취소만 있는 방"), day=day, hour=14, status=Reservation.Status.CANCELLED
    )
    Closure.objects.create(
        facility=FacilityFactory(name="휴관 방"),
        period=DateTimeTZRange(seoul(day, 0), seoul(day + timedelta(days=1), 0)),
        reason="점검",
    )
    FacilityFactory(name="오전만 여는 방", hours=[(d, seoul(day, 9).time(), seoul(day, 12).time()) for d in range(7)])
    buffered = FacilityFactory(name="정리 시간이 필요한 방", buffer_minutes=30, slot_minutes=30)
    ReservationFactory(facility=buffered, day=day, hour=12, length=2)
    assert names(client.get(URL, when(day))) == {"빈 방", "취소만 있는 방"}


def test_a_public_holiday_shows_only_rooms_that_open_on_holidays(client):
    FacilityFactory(name="평일 방")
    FacilityFactory(name="공휴일에도 여는 방", open_on_holidays=True)
    # 1 March 2027 (Independence Movement Day) is a Monday.
    assert names(client.get(URL, {"date": "2027-03-01", "time_from": "10:00", "time_to": "12:00"})) == {
        "공휴일에도 여는 방"
    }


def test_each_result_shows_its_next_free_times_from_the_wanted_time(client):
    room = FacilityFactory()
    day = working_day(days_ahead=room.min_days_ahead)
    ReservationFactory(facility=room, day=day, hour=16, length=1)
    response = client.get(URL, when(day, "15:00", "16:00"))
    slots = response.context["page"].object_list[0].next_slots
    assert slots[:2] == [(seoul(day, 15), seoul(day, 16)), (seoul(day, 17), seoul(day, 18))]
    html = response.content.decode()
    assert f"date={day.isoformat()}&amp;start_time=15:00&amp;end_time=16:00" in html


def test_results_without_a_wanted_time_show_the_first_free_times_in_the_booking_window(client):
    room = FacilityFactory()
    response = client.get(URL)
    first_start, _end = response.context["page"].object_list[0].next_slots[0]
    assert first_start == seoul(working_day(days_ahead=room.min_days_ahead), 9)


def test_an_end_time_before_the_start_time_is_shown_as_an_error(client):
    response = client.get(URL, when(working_day(), "16:00", "14:00"))
    assert response.status_code == 200
    assert "The end time must be after the start time." in response.content.decode()
    assert response.context["page"].paginator.count == 0


def test_the_search_page_needs_the_same_queries_for_few_or_many_rooms(client, django_assert_num_queries):
    day = working_day()

    def fill(count):
        for _ in range(count):
            room = FacilityFactory()
            ReservationFactory(facility=room, day=day, hour=9, length=1)
            ReservationFactory(facility=room, day=day + timedelta(days=1), hour=9, length=1)

    # Districts for the filter and for "near me", the count, the page, its photos, and every result's next free
    # times in one query.
    fill(3)
    with django_assert_num_queries(6):
        client.get(URL, when(day))
    fill(20)
    with django_assert_num_queries(6):
        response = client.get(URL, when(day))
    assert response.context["page"].paginator.count == 23


def test_the_next_free_times_match_the_slot_calendar_for_every_kind_of_rule():
    """The SQL behind the search's next free times follows the same rules as the week grid's calendar:
    opening periods, half-hour slots with a longer minimum stay, buffers, closures, holidays and the
    booking window."""
    from facilities.availability import Calendar, next_free_slots

    day = working_day(days_ahead=6)
    rooms = [
        FacilityFactory(),
        FacilityFactory(slot_minutes=30, min_duration_minutes=90, buffer_minutes=30, min_days_ahead=7),
        FacilityFactory(hours=[(d, time(9), time(12)) for d in range(7)] + [(d, time(13), time(15)) for d in range(7)]),
        FacilityFactory(open_on_holidays=True, max_days_ahead=9, min_days_ahead=1),
    ]
    for room in rooms:
        ReservationFactory(facility=room, day=day, hour=9, length=2)
        ReservationFactory(facility=room, day=day, hour=13, length=1, status=Reservation.Status.CANCELLED)
    Closure.objects.create(
        facility=rooms[2], period=DateTimeTZRange(seoul(day, 0), seoul(day + timedelta(days=1), 0)), reason="점검"
    )
    now = timezone.now()
    for not_before in (None, seoul(day, 10, 30), seoul(day + timedelta(days=3), 14)):
        found = next_free_slots(rooms, now=now, count=6, not_before=not_before)
        today = timezone.localdate()
        first = not_before.date() if not_before else today
        for room in rooms:
            start = max(first, today + timedelta(days=room.min_days_ahead))
            end = min(start + timedelta(days=14), today + timedelta(days=room.max_days_ahead))
            calendar = Calendar.load([room], start, end)
            expected = calendar.free_slots(room, start, end, now, limit=6, not_before=not_before)
            assert found[room.pk] == expected, (room, not_before)


def test_citizens_find_rooms_with_the_accessibility_they_need_on_the_page_and_in_the_api(client, api):
    hall = FacilityFactory(accessibility=["step_free", "hearing_loop"], name_en="Hall with a loop")
    FacilityFactory(accessibility=["step_free"], name_en="Hall without a loop")
    page = client.get(reverse("facilities:search"), {"accessibility": ["step_free", "hearing_loop"]})
    assert [f.pk for f in page.context["page"].object_list] == [hall.pk]
    listed = api.get(reverse("facility-list"), {"accessibility": "hearing_loop"}).json()
    assert [f["slug"] for f in listed["results"]] == [hall.slug]
    assert listed["results"][0]["accessibility"] == ["step_free", "hearing_loop"]
    assert "Hearing loop" in client.get(hall.get_absolute_url()).content.decode()


def test_a_search_for_a_past_date_says_the_date_has_passed_and_offers_no_booking(client):
    FacilityFactory(name="빈 방")
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.get(URL, when(yesterday))
    html = response.content.decode()
    assert "This date has passed. Choose today or a later date." in html
    assert "/book/" not in html


def test_a_search_for_an_hour_already_over_today_says_the_time_has_passed(client):
    FacilityFactory(name="빈 방")
    response = client.get(URL, when(timezone.localdate(), "00:00", "00:30"))
    html = response.content.decode()
    assert "This time has passed today. Choose a later time." in html
    assert "/book/" not in html


def test_the_past_date_message_reads_in_korean_for_korean_visitors(client, settings):
    settings.LANGUAGE_CODE = "ko"
    response = client.get(URL, when(timezone.localdate() - timedelta(days=1)))
    assert "지난 날짜입니다. 오늘이나 그 뒤의 날짜를 고르세요." in response.content.decode()
