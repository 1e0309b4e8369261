"""Weekly series: the citizen sees the conflicting dates first, books the rest, and cancels them together."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from facilities import services
from facilities.models import Reservation
from tests.facilities.factories import ReservationFactory, seoul, working_day

pytestmark = pytest.mark.django_db


def test_the_preview_shows_which_weeks_conflict(room, citizen):
    day = working_day()
    ReservationFactory(facility=room, day=day + timedelta(weeks=2), hour=14)
    occurrences = services.preview_series(room, citizen, seoul(day, 14), seoul(day, 16), 4)
    assert [o.ok for o in occurrences] == [True, True, False, True]
    assert "Already booked" in occurrences[2].problem


def test_the_preview_names_the_rule_a_week_breaks(room, citizen):
    day = working_day(days_ahead=70)
    occurrences = services.preview_series(room, citizen, seoul(day, 14), seoul(day, 16), 5)
    assert not occurrences[-1].ok and "at most 90 days ahead" in occurrences[-1].problem


def test_booking_a_series_books_the_free_weeks_and_skips_the_taken_one(room, citizen, mailoutbox, deliver):
    day = working_day()
    ReservationFactory(facility=room, day=day + timedelta(weeks=1), hour=14)
    series, booked = services.book_series(
        resource=room, holder=citizen, start=seoul(day, 14), end=seoul(day, 16), weeks=3, attendees=8
    )
    deliver()
    assert [r.start for r in booked] == [seoul(day, 14), seoul(day + timedelta(weeks=2), 14)]
    assert series.occurrences.count() == 2
    assert len(mailoutbox) == 1


def test_a_series_counts_once_towards_the_cap(citizen):
    from tests.facilities.factories import FacilityFactory

    room = FacilityFactory(max_active_per_citizen=2)
    day = working_day()
    services.book_series(resource=room, holder=citizen, start=seoul(day, 9), end=seoul(day, 10), weeks=6)
    assert services.book_facility(resource=room, holder=citizen, start=seoul(day, 11), end=seoul(day, 12)).pk
    with pytest.raises(ValidationError):
        services.book_series(resource=room, holder=citizen, start=seoul(day, 13), end=seoul(day, 14), weeks=2)


def test_a_series_is_at_most_twelve_weeks(room, citizen):
    day = working_day()
    with pytest.raises(ValidationError) as error:
        services.book_series(resource=room, holder=citizen, start=seoul(day, 9), end=seoul(day, 10), weeks=13)
    assert "weeks" in error.value.message_dict


def test_cancelling_the_series_cancels_its_future_weeks_in_one_email(room, citizen, mailoutbox, deliver):
    day = working_day()
    series, booked = services.book_series(
        resource=room, holder=citizen, start=seoul(day, 14), end=seoul(day, 16), weeks=4
    )
    deliver().clear()  # the booking's own email
    cancelled = services.cancel_series(series, citizen)
    deliver()
    assert len(cancelled) == 4
    assert set(series.occurrences.values_list("status", flat=True)) == {Reservation.Status.CANCELLED}
    assert len(mailoutbox) == 1 and "cancelled" in mailoutbox[0].subject


def test_cancelling_a_series_leaves_weeks_already_past_the_deadline(room, citizen):
    day = working_day()
    series, booked = services.book_series(
        resource=room, holder=citizen, start=seoul(day, 14), end=seoul(day, 16), weeks=3
    )
    during_first_week = booked[0].start - timedelta(hours=2)
    cancelled = services.cancel_series(series, citizen, now=during_first_week)
    assert [r.pk for r in cancelled] == [r.pk for r in booked[1:]]


def test_only_the_owner_cancels_a_series(room, citizen, other_citizen):
    from django.core.exceptions import PermissionDenied

    day = working_day()
    series, _booked = services.book_series(
        resource=room, holder=citizen, start=seoul(day, 14), end=seoul(day, 16), weeks=2
    )
    with pytest.raises(PermissionDenied):
        services.cancel_series(series, other_citizen)
