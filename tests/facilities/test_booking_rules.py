"""Each booking rule refuses what it should, says which rule and why, and can be tested on its own."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange

from facilities.availability import SEOUL
from facilities.models import Closure, Reservation
from facilities.services import book_facility
from sharingcity.booking import BookingConflict
from tests.facilities.factories import FacilityFactory, ReservationFactory, seoul, working_day
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def refusal(room, citizen, start, end, attendees=10, now=None):
    with pytest.raises(ValidationError) as error:
        book_facility(resource=room, holder=citizen, start=start, end=end, attendees=attendees, now=now)
    return " ".join(error.value.messages)


def test_a_free_slot_in_opening_hours_is_booked_and_waits_for_approval(room, citizen):
    day = working_day()
    reservation = book_facility(
        resource=room, holder=citizen, start=seoul(day, 14), end=seoul(day, 16), attendees=20, purpose="주민 회의"
    )
    assert reservation.status == Reservation.Status.REQUESTED
    assert reservation.start == seoul(day, 14)
    assert reservation.end == seoul(day, 16)


def test_a_facility_without_approval_confirms_the_booking_at_once(citizen):
    room = FacilityFactory(needs_approval=False)
    day = working_day()
    assert (
        book_facility(resource=room, holder=citizen, start=seoul(day, 9), end=seoul(day, 10)).status
        == Reservation.Status.CONFIRMED
    )


def test_the_price_is_kept_on_the_reservation_even_if_the_fee_changes_later(citizen):
    room = FacilityFactory(fee_per_hour=15000, slot_minutes=30, min_duration_minutes=30)
    day = working_day()
    reservation = book_facility(resource=room, holder=citizen, start=seoul(day, 10), end=seoul(day, 11, 30))
    room.fee_per_hour = 99000
    room.save()
    reservation.refresh_from_db()
    assert (reservation.unit_price, str(reservation.hours), reservation.total_price) == (15000, "1.50", 22500)


def test_a_booking_off_the_slot_steps_is_refused(room, citizen):
    day = working_day()
    assert "Slot size" in refusal(room, citizen, seoul(day, 10, 30), seoul(day, 12, 30))


def test_half_hour_steps_are_fine_where_the_slot_size_is_thirty_minutes(citizen):
    room = FacilityFactory(slot_minutes=30, min_duration_minutes=60)
    day = working_day()
    assert book_facility(resource=room, holder=citizen, start=seoul(day, 10, 30), end=seoul(day, 12)).pk


def test_a_booking_shorter_than_the_minimum_duration_is_refused(citizen):
    room = FacilityFactory(slot_minutes=30, min_duration_minutes=60)
    day = working_day()
    assert "Minimum duration" in refusal(room, citizen, seoul(day, 10), seoul(day, 10, 30))


def test_a_booking_longer_than_the_maximum_duration_is_refused(room, citizen):
    day = working_day()
    assert "Maximum duration" in refusal(room, citizen, seoul(day, 9), seoul(day, 14))


def test_a_booking_sooner_than_the_booking_window_allows_is_refused(room, citizen):
    day = working_day(days_ahead=1)
    now = seoul(day, 8) - timedelta(days=2)
    assert "at least 5 days ahead" in refusal(room, citizen, seoul(day, 10), seoul(day, 12), now=now)


def test_a_booking_further_ahead_than_the_booking_window_allows_is_refused(room, citizen):
    day = working_day(days_ahead=100)
    assert "at most 90 days ahead" in refusal(room, citizen, seoul(day, 10), seoul(day, 12))


def test_a_booking_outside_opening_hours_is_refused(room, citizen):
    day = working_day()
    assert "Opening hours" in refusal(room, citizen, seoul(day, 17), seoul(day, 19))


def test_a_booking_on_a_day_the_facility_does_not_open_is_refused(room, citizen):
    saturday = working_day() + timedelta(days=(5 - working_day().weekday()) % 7)
    assert saturday.weekday() == 5
    assert "Opening hours" in refusal(room, citizen, seoul(saturday, 10), seoul(saturday, 12))


def test_a_day_may_have_several_opening_periods(citizen):
    room = FacilityFactory(
        hours=[(d, time(9), time(12)) for d in range(5)] + [(d, time(18), time(22)) for d in range(5)]
    )
    day = working_day()
    assert book_facility(resource=room, holder=citizen, start=seoul(day, 19), end=seoul(day, 21)).pk
    assert "Opening hours" in refusal(room, citizen, seoul(day, 13), seoul(day, 15))


# Independence Movement Day, 1 March 2027, is a Monday; the rooms open on Mondays.
HOLIDAY = datetime(2027, 3, 1).date()
BEFORE_HOLIDAY = datetime(2027, 2, 15, 12, tzinfo=SEOUL)


def test_a_public_holiday_is_closed_unless_the_facility_opts_in(room, citizen):
    assert "Public holiday" in refusal(room, citizen, seoul(HOLIDAY, 10), seoul(HOLIDAY, 12), now=BEFORE_HOLIDAY)


def test_a_facility_that_opens_on_holidays_can_be_booked_on_one(citizen):
    room = FacilityFactory(open_on_holidays=True)
    assert book_facility(
        resource=room, holder=citizen, start=seoul(HOLIDAY, 10), end=seoul(HOLIDAY, 12), now=BEFORE_HOLIDAY
    ).pk


def test_a_booking_during_a_closure_is_refused_with_its_reason(room, citizen):
    day = working_day()
    Closure.objects.create(
        facility=room, period=DateTimeTZRange(seoul(day, 0), seoul(day + timedelta(days=1), 0)), reason="선거 투표소"
    )
    message = refusal(room, citizen, seoul(day, 10), seoul(day, 12))
    assert "Closure" in message and "선거 투표소" in message


def test_more_attendees_than_the_room_holds_are_refused(room, citizen):
    day = working_day()
    with pytest.raises(ValidationError) as error:
        book_facility(resource=room, holder=citizen, start=seoul(day, 10), end=seoul(day, 12), attendees=31)
    assert "Capacity" in error.value.message_dict["attendees"][0]


def test_a_citizen_cannot_hold_more_active_bookings_than_the_cap(citizen):
    room = FacilityFactory(max_active_per_citizen=2)
    day = working_day()
    book_facility(resource=room, holder=citizen, start=seoul(day, 9), end=seoul(day, 10))
    book_facility(resource=room, holder=citizen, start=seoul(day, 11), end=seoul(day, 12))
    assert "Booking limit" in refusal(room, citizen, seoul(day, 13), seoul(day, 14))
    assert book_facility(resource=room, holder=UserFactory(), start=seoul(day, 13), end=seoul(day, 14)).pk


def test_cancelled_bookings_do_not_count_towards_the_cap(citizen):
    room = FacilityFactory(max_active_per_citizen=1)
    day = working_day()
    ReservationFactory(facility=room, citizen=citizen, day=day, hour=9, status=Reservation.Status.CANCELLED)
    assert book_facility(resource=room, holder=citizen, start=seoul(day, 13), end=seoul(day, 14)).pk


def test_an_unpublished_facility_cannot_be_booked(citizen):
    room = FacilityFactory(is_published=False)
    day = working_day()
    assert "not open for booking" in refusal(room, citizen, seoul(day, 10), seoul(day, 12))


def test_every_failed_rule_is_reported_at_once(room, citizen):
    day = working_day()
    message = refusal(room, citizen, seoul(day, 17, 30), seoul(day, 23), attendees=500)
    assert "Slot size" in message and "Maximum duration" in message and "Opening hours" in message


def test_the_second_booking_of_the_same_slot_is_refused(room, citizen, other_citizen):
    day = working_day()
    book_facility(resource=room, holder=citizen, start=seoul(day, 10), end=seoul(day, 12))
    with pytest.raises(BookingConflict) as conflict:
        book_facility(resource=room, holder=other_citizen, start=seoul(day, 11), end=seoul(day, 13))
    assert "just taken" in str(conflict.value.message)
    assert Reservation.objects.count() == 1


def test_back_to_back_bookings_are_fine_without_a_buffer(room, citizen, other_citizen):
    day = working_day()
    book_facility(resource=room, holder=citizen, start=seoul(day, 10), end=seoul(day, 12))
    assert book_facility(resource=room, holder=other_citizen, start=seoul(day, 12), end=seoul(day, 14)).pk


def test_the_buffer_keeps_time_free_after_each_booking(citizen, other_citizen):
    room = FacilityFactory(slot_minutes=30, min_duration_minutes=60, buffer_minutes=30)
    day = working_day()
    book_facility(resource=room, holder=citizen, start=seoul(day, 10), end=seoul(day, 12))
    with pytest.raises(BookingConflict):
        book_facility(resource=room, holder=other_citizen, start=seoul(day, 12), end=seoul(day, 13))
    with pytest.raises(BookingConflict):
        book_facility(resource=room, holder=other_citizen, start=seoul(day, 9), end=seoul(day, 10))
    assert book_facility(resource=room, holder=other_citizen, start=seoul(day, 12, 30), end=seoul(day, 13, 30)).pk


def test_a_rejected_or_cancelled_booking_frees_its_slot(room, citizen, other_citizen):
    day = working_day()
    ReservationFactory(facility=room, day=day, hour=10, status=Reservation.Status.REJECTED, reason="중복 신청")
    ReservationFactory(facility=room, day=day, hour=10, status=Reservation.Status.CANCELLED)
    assert book_facility(resource=room, holder=other_citizen, start=seoul(day, 10), end=seoul(day, 12)).pk


def test_nine_in_the_morning_in_seoul_is_midnight_utc_in_winter_and_in_summer(room, citizen):
    for day in (datetime(2027, 1, 12).date(), datetime(2027, 7, 13).date()):
        now = seoul(day, 12) - timedelta(days=10)
        reservation = book_facility(resource=room, holder=citizen, start=seoul(day, 9), end=seoul(day, 11), now=now)
        reservation.refresh_from_db()
        assert reservation.start == datetime(day.year, day.month, day.day, 0, 0, tzinfo=UTC)
        assert reservation.start.astimezone(SEOUL).hour == 9
