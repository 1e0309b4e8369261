"""A facility's free/busy time as iCalendar VFREEBUSY, for partner apps and signage: the next four weeks,
busy from the reservations and blocks that hold the room and from closures, with no personal data."""

from datetime import timedelta

import pytest
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone
from icalendar import Calendar

from facilities.models import Closure, Reservation
from tests.facilities.factories import FacilityFactory, ReservationFactory, seoul, working_day

pytestmark = pytest.mark.django_db


def freebusy(client, facility):
    response = client.get(f"/facilities/{facility.slug}/freebusy.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    [component] = Calendar.from_ical(response.content).walk("VFREEBUSY")
    return response, component


def working_days(n):
    """n different working days from three days ahead."""
    days = [working_day(3)]
    while len(days) < n:
        days.append(working_day((days[-1] - timezone.localdate()).days + 1))
    return days


def busy(component):
    lines = component.get("FREEBUSY", [])
    lines = lines if isinstance(lines, list) else [lines]
    return [(line.params["FBTYPE"], line.dt[0], line.dt[1]) for line in lines]


def test_busy_times_come_from_holding_reservations_blocks_and_closures(client):
    room = FacilityFactory(buffer_minutes=30)
    day, other_day, election_day = working_days(3)
    ReservationFactory(facility=room, day=day, hour=10, length=2, purpose="비밀 모임", contact_phone="010-1234-5678")
    ReservationFactory(facility=room, day=day, hour=13, status=Reservation.Status.REQUESTED)
    ReservationFactory(
        facility=room, day=day, hour=16, status=Reservation.Status.BLOCKED, citizen=None, reason="보수 공사"
    )
    ReservationFactory(facility=room, day=other_day, hour=10, status=Reservation.Status.CANCELLED)
    ReservationFactory(facility=FacilityFactory(), day=day, hour=10)
    Closure.objects.create(
        facility=room, period=DateTimeTZRange(seoul(election_day, 9), seoul(election_day, 18)), reason="선거"
    )
    response, component = freebusy(client, room)
    assert busy(component) == [
        # The half hour after a booking is busy too: the room is being made ready.
        ("BUSY", seoul(day, 10), seoul(day, 12, 30)),
        ("BUSY-TENTATIVE", seoul(day, 13), seoul(day, 15, 30)),
        ("BUSY-UNAVAILABLE", seoul(day, 16), seoul(day, 18, 30)),
        ("BUSY-UNAVAILABLE", seoul(election_day, 9), seoul(election_day, 18)),
    ]
    text = response.content.decode()
    for secret in ["비밀 모임", "010-1234-5678", "선거", "보수 공사", "citizen", "@example.org"]:
        assert secret not in text


def test_the_window_is_the_next_four_weeks_and_busy_times_are_clipped_to_it(client):
    room = FacilityFactory()
    now = timezone.now().replace(microsecond=0)
    ReservationFactory(
        facility=room,
        period=DateTimeTZRange(now - timedelta(hours=1), now + timedelta(hours=1)),
        held_period=DateTimeTZRange(now - timedelta(hours=1), now + timedelta(hours=1)),
    )
    ReservationFactory(facility=room, day=timezone.localdate() + timedelta(weeks=5))
    _response, component = freebusy(client, room)
    start, end = component.decoded("DTSTART"), component.decoded("DTEND")
    assert end - start == timedelta(weeks=4)
    assert abs((start - now).total_seconds()) < 120
    [(kind, lower, upper)] = busy(component)
    assert (kind, lower, upper) == ("BUSY", start, now + timedelta(hours=1))


def test_times_are_in_utc_as_rfc_5545_asks(client):
    room = FacilityFactory()
    ReservationFactory(facility=room)
    response, _component = freebusy(client, room)
    line = next(line for line in response.content.decode().splitlines() if line.startswith("FREEBUSY"))
    assert line.endswith("Z")


def test_an_unpublished_or_unknown_facility_has_no_free_busy(client):
    assert client.get("/facilities/no-such-room/freebusy.ics").status_code == 404
    hidden = FacilityFactory(is_published=False)
    assert client.get(f"/facilities/{hidden.slug}/freebusy.ics").status_code == 404


def test_the_facility_page_links_to_its_free_busy(client):
    room = FacilityFactory()
    assert f'href="/facilities/{room.slug}/freebusy.ics"' in client.get(room.get_absolute_url()).content.decode()


def test_free_busy_takes_three_queries_whatever_the_bookings(client, django_assert_num_queries):
    room = FacilityFactory()
    for day in working_days(6):
        ReservationFactory(facility=room, day=day)
    with django_assert_num_queries(3):
        _response, component = freebusy(client, room)
    assert len(busy(component)) == 6


def test_a_time_offered_from_the_wait_list_is_tentatively_busy(client):
    room = FacilityFactory()
    [day] = working_days(1)
    ReservationFactory(facility=room, day=day, hour=10, status=Reservation.Status.OFFERED)
    ReservationFactory(facility=room, day=day, hour=14, status=Reservation.Status.EXPIRED)
    _response, component = freebusy(client, room)
    assert busy(component) == [("BUSY-TENTATIVE", seoul(day, 10), seoul(day, 12))]
