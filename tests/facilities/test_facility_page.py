"""The facility page: details, rules, and a week grid of free times that prefills the booking form."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.facilities.factories import FacilityFactory, ReservationFactory, working_day

pytestmark = pytest.mark.django_db


def monday_of(day):
    return day - timedelta(days=day.weekday())


def test_the_week_grid_links_free_times_to_the_booking_form_and_marks_booked_ones(client, room):
    day = working_day()
    ReservationFactory(facility=room, day=day, hour=10, length=2)
    response = client.get(room.get_absolute_url(), {"week": monday_of(day).isoformat()})
    html = response.content.decode()
    assert response.status_code == 200
    book = reverse("facilities:book", kwargs={"slug": room.slug})
    assert f"{book}?date={day.isoformat()}&amp;start_time=14:00&amp;end_time=15:00" in html
    grid = response.context["grid"]
    states = {
        (cell["start"].date(), cell["start"].hour): cell["state"] for row in grid["rows"] for cell in row["cells"]
    }
    assert states[(day, 10)] == states[(day, 11)] == "taken"
    assert states[(day, 14)] == "free"
    assert states[(monday_of(day) + timedelta(days=6), 10)] == "closed"


def test_the_grid_moves_week_by_week(client, room):
    monday = monday_of(working_day())
    response = client.get(room.get_absolute_url(), {"week": monday.isoformat()})
    assert f"?week={(monday + timedelta(weeks=1)).isoformat()}" in response.content.decode()
    assert response.context["grid"]["days"][0]["date"] == monday


def test_times_before_the_booking_window_are_not_bookable(client, room):
    this_week = monday_of(timezone.localdate())
    response = client.get(room.get_absolute_url(), {"week": (this_week - timedelta(weeks=1)).isoformat()})
    states = {cell["state"] for row in response.context["grid"]["rows"] for cell in row["cells"]}
    assert "free" not in states


def test_the_grid_opens_on_the_week_of_the_first_day_that_can_be_booked(client, room):
    room.min_days_ahead = 10  # always in a later week than today's
    room.save()
    first_day = timezone.localdate() + timedelta(days=10)
    response = client.get(room.get_absolute_url())
    assert response.context["grid"]["days"][0]["date"] == monday_of(first_day)


def test_the_grid_has_a_legend_that_names_each_colour_in_words(client, room):
    html = client.get(room.get_absolute_url()).content.decode()
    legend = html[html.index('class="grid-legend"') : html.index("</ul>", html.index('class="grid-legend"'))]
    for word in ("Free", "Booked", "Not bookable", "Closed"):
        assert word in legend


def test_each_free_cell_says_where_its_slot_ends_so_a_second_click_can_set_the_end(client, room):
    day = working_day()
    html = client.get(room.get_absolute_url(), {"week": monday_of(day).isoformat()}).content.decode()
    assert f'data-day="{day.isoformat()}"' in html
    assert 'data-start="14:00" data-end="15:00"' in html


def test_the_booking_form_takes_a_range_chosen_in_the_grid(client, room, citizen):
    client.force_login(citizen)
    day = working_day()
    book = reverse("facilities:book", kwargs={"slug": room.slug})
    html = client.get(book, {"date": day.isoformat(), "start_time": "10:00", "end_time": "12:00"}).content.decode()
    assert 'value="10:00"' in html and 'value="12:00"' in html


def test_an_unpublished_facility_is_not_found(client):
    assert client.get(FacilityFactory(is_published=False).get_absolute_url()).status_code == 404


def test_the_facility_page_needs_a_fixed_number_of_queries(client, room, django_assert_num_queries):
    day = working_day()
    for hour in range(9, 18):
        ReservationFactory(facility=room, day=day, hour=hour, length=1)
    with django_assert_num_queries(9):
        client.get(room.get_absolute_url(), {"week": monday_of(day).isoformat()})
