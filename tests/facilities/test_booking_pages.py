"""Booking through the pages: the form prefilled from the grid, clear refusals, weekly series, own reservations."""

from datetime import timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from facilities.models import Reservation
from facilities.services import book_facility
from tests.facilities.factories import FacilityFactory, ReservationFactory, seoul, working_day

pytestmark = pytest.mark.django_db


def form_data(day, start="14:00", end="16:00", **extra):
    data = {
        "date": day.isoformat(),
        "start_time": start,
        "end_time": end,
        "attendees": 20,
        "purpose": "주민자치회 회의",
        "group_name": "마을 자치회",
        "contact_phone": "010-1234-5678",
        "weeks": 1,
    }
    return {**data, **extra}


def book_url(room):
    return reverse("facilities:book", kwargs={"slug": room.slug})


def test_booking_asks_the_visitor_to_sign_in_first(client, room):
    response = client.get(book_url(room))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_form_is_prefilled_from_the_chosen_grid_cell(client, room, citizen):
    client.force_login(citizen)
    day = working_day()
    response = client.get(book_url(room), {"date": day.isoformat(), "start_time": "14:00", "end_time": "15:00"})
    html = response.content.decode()
    assert f'value="{day.isoformat()}"' in html and 'value="14:00"' in html and 'value="15:00"' in html


def test_a_citizen_books_a_room_and_sees_the_request(client, room, citizen):
    client.force_login(citizen)
    day = working_day()
    response = client.post(book_url(room), form_data(day), follow=True)
    reservation = Reservation.objects.get()
    assert response.redirect_chain[-1][0] == reservation.get_absolute_url()
    assert (reservation.citizen, reservation.start, reservation.attendees) == (citizen, seoul(day, 14), 20)
    assert "Waiting for approval" in response.content.decode()


def test_a_broken_rule_re_renders_the_form_with_the_reason(client, room, citizen):
    client.force_login(citizen)
    response = client.post(book_url(room), form_data(working_day(), "17:00", "19:00", attendees=99))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Opening hours" in html and "Capacity" in html
    assert not Reservation.objects.exists()


def test_a_missing_field_is_shown_next_to_the_field(client, room, citizen):
    client.force_login(citizen)
    response = client.post(book_url(room), form_data(working_day(), purpose=""))
    assert response.status_code == 400
    assert response.context["form"].errors["purpose"]


def test_a_slot_just_taken_says_so_instead_of_failing(client, room, citizen, other_citizen):
    day = working_day()
    book_facility(resource=room, holder=other_citizen, start=seoul(day, 14), end=seoul(day, 16))
    client.force_login(citizen)
    response = client.post(book_url(room), form_data(day))
    assert response.status_code == 400
    assert "just taken" in response.content.decode()


ALREADY_HELD = "You have already booked this time. It is listed on My page."


def test_booking_a_time_you_already_hold_says_so_rather_than_taken_or_over_the_cap(client, citizen):
    room = FacilityFactory(max_active_per_citizen=1)
    day = working_day()
    mine = book_facility(resource=room, holder=citizen, start=seoul(day, 14), end=seoul(day, 16))
    client.force_login(citizen)
    response = client.post(book_url(room), form_data(day, attendees=5))
    html = response.content.decode()
    assert response.status_code == 400
    assert ALREADY_HELD in html and "just taken" not in html and "Booking limit" not in html
    assert list(Reservation.objects.values_list("pk", flat=True)) == [mine.pk]


def test_a_weekly_series_over_weeks_you_already_hold_says_so(client, room, citizen):
    day = working_day()
    for week in range(2):
        book_facility(
            resource=room,
            holder=citizen,
            start=seoul(day + timedelta(weeks=week), 14),
            end=seoul(day + timedelta(weeks=week), 16),
        )
    client.force_login(citizen)
    preview = client.post(book_url(room), form_data(day, weeks=3)).content.decode()
    assert preview.count(ALREADY_HELD) == 2 and "1 date can be booked." in preview
    response = client.post(book_url(room), {**form_data(day, weeks=2), "confirm": "1"})
    assert response.status_code == 400
    assert ALREADY_HELD in response.content.decode()
    assert Reservation.objects.filter(citizen=citizen).count() == 2


def test_a_weekly_series_shows_the_conflicting_date_then_books_the_rest(client, room, citizen):
    day = working_day()
    ReservationFactory(facility=room, day=day + timedelta(weeks=1), hour=14)
    client.force_login(citizen)
    preview = client.post(book_url(room), form_data(day, weeks=3))
    html = preview.content.decode()
    assert "2 dates can be booked." in html and "Already booked" in html
    assert Reservation.objects.filter(citizen=citizen).count() == 0
    client.post(book_url(room), {**form_data(day, weeks=3), "confirm": "1"})
    assert list(Reservation.objects.filter(citizen=citizen).values_list("series__weeks", flat=True)) == [3, 3]


def test_a_citizen_cannot_see_another_citizens_reservation(client, other_citizen, room):
    reservation = ReservationFactory(facility=room)
    client.force_login(other_citizen)
    assert client.get(reservation.get_absolute_url()).status_code == 404
    assert client.get(reverse("facilities:reservation-ics", kwargs={"pk": reservation.pk})).status_code == 404


def test_a_citizen_cannot_cancel_another_citizens_reservation(client, other_citizen, room):
    reservation = ReservationFactory(facility=room)
    client.force_login(other_citizen)
    response = client.post(reverse("facilities:reservation-cancel", kwargs={"pk": reservation.pk}))
    assert response.status_code == 404
    reservation.refresh_from_db()
    assert reservation.status == Reservation.Status.CONFIRMED


def test_the_citizen_cancels_from_the_reservation_page(client, room, citizen):
    reservation = ReservationFactory(facility=room, citizen=citizen)
    client.force_login(citizen)
    response = client.post(reverse("facilities:reservation-cancel", kwargs={"pk": reservation.pk}), follow=True)
    reservation.refresh_from_db()
    assert reservation.status == Reservation.Status.CANCELLED
    assert "Your reservation was cancelled." in response.content.decode()


def test_the_reservation_downloads_as_an_ics_event_in_seoul_time(client, room, citizen):
    day = working_day()
    reservation = ReservationFactory(facility=room, citizen=citizen, day=day, hour=14)
    client.force_login(citizen)
    response = client.get(reverse("facilities:reservation-ics", kwargs={"pk": reservation.pk}))
    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == seoul(day, 14)
    assert room.address in str(event["location"])


def test_the_ics_event_links_to_the_reservation_on_the_portals_public_address(client, room, citizen, settings):
    settings.SITE_URL = "https://sharing.seoul.example"
    reservation = ReservationFactory(facility=room, citizen=citizen)
    client.force_login(citizen)
    response = client.get(reverse("facilities:reservation-ics", kwargs={"pk": reservation.pk}))
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["url"]) == "https://sharing.seoul.example" + reservation.get_absolute_url()


def test_my_page_lists_upcoming_and_past_reservations_in_fixed_queries(
    client, room, citizen, django_assert_max_num_queries
):
    for n in range(8):
        ReservationFactory(facility=room, citizen=citizen, day=working_day(days_ahead=10 + 7 * n), hour=10)
        ReservationFactory(facility=room, citizen=citizen, day=working_day(days_ahead=-60 + 7 * n), hour=10)
    client.force_login(citizen)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("my-page"))
    html = response.content.decode()
    assert "Upcoming reservations" in html and "Past reservations" in html
    assert html.count(reverse("facilities:reservation-ics", kwargs={"pk": 1}).replace("1.ics", "")) >= 8


def test_the_personal_calendar_feed_includes_facility_reservations(client, room, citizen):
    ReservationFactory(facility=room, citizen=citizen)
    ReservationFactory(facility=room, citizen=citizen, hour=14, status=Reservation.Status.CANCELLED)
    response = client.get(reverse("calendar-feed", kwargs={"token": citizen.calendar_token}))
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 1


def test_the_home_page_counts_published_rooms(client, room):
    response = client.get("/")
    card = next(c for c in response.context["cards"] if c["key"] == "facilities")
    assert {str(label): value for label, value in card["figures"]}["rooms and halls"] == 1
