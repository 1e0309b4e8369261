"""Extreme input gets a clear refusal, never a 500: NUL and control characters in paths, parameters and
fields; dates outside a programme's window; integers past their column; a 10,000-character username."""

from datetime import timedelta

import pytest
from django.utils import timezone
from psycopg2.extras import DateTimeTZRange

from carshare.models import Booking, Trip
from facilities.models import Reservation
from sharingcity.limits import integer_bounds
from tests.carshare.factories import BookingFactory
from tests.facilities.factories import FacilityFactory, working_day
from tests.factories import ServiceFactory, UserFactory, issue_key

pytestmark = pytest.mark.django_db
HUGE = 2**31  # one past PostgreSQL's integer


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.parametrize(
    "path", ["/facilities/%00/", "/hub/services/%00/", "/my/calendar/%00.ics", "/hub/organisations/a%01b/"]
)
def test_a_nul_or_control_character_in_a_path_is_not_found(client, path):
    FacilityFactory()
    ServiceFactory()
    assert client.get(path).status_code == 404


def test_booking_a_facility_at_a_nul_path_is_not_found(client):
    client.force_login(UserFactory())
    assert client.post("/facilities/%00/book/", {"purpose": "x"}).status_code == 404
    assert not Reservation.objects.exists()


def test_a_nul_in_an_api_path_is_not_found_in_json(client):
    response = client.get("/api/v1/hub/services/%00/")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("query", ["q=%00", "district=%00", "kind=a%00b", "date=2026-01-01%00", "x%00=1"])
def test_a_nul_in_a_query_parameter_answers_a_readable_400_page_in_the_visitors_language(english, query):
    response = english.get(f"/facilities/?{query}")
    assert response.status_code == 400
    assert "control characters" in response.text and response["Content-Language"] == "en"


def test_the_400_page_is_in_korean_by_default(client):
    response = client.get("/facilities/?q=%00")
    assert response.status_code == 400 and response["Content-Language"] == "ko" and "제어 문자" in response.text


def test_a_nul_in_an_api_query_parameter_answers_400_with_the_field_in_json(client):
    response = client.get("/api/v1/facilities/?district=%00")
    assert response.status_code == 400
    assert "district" in response.json()


def test_a_nul_in_a_posted_form_field_is_refused_and_nothing_is_saved(english):
    facility = FacilityFactory()
    english.force_login(UserFactory())
    day = working_day()
    response = english.post(
        f"/facilities/{facility.slug}/book/",
        {
            "date": day.isoformat(),
            "start_time": "10:00",
            "end_time": "11:00",
            "attendees": "3",
            "purpose": "study\x00",
            "contact_phone": "010-1234-5678",
            "weeks": "1",
        },
    )
    assert response.status_code == 400
    assert not Reservation.objects.exists()


def test_a_nul_in_an_api_json_body_answers_400_with_the_field(partner_api):
    response = partner_api.post("/api/v1/hub/services/", {"name": "a\u0000b"}, format="json")
    assert response.status_code == 400 and "name" in response.json()


@pytest.mark.parametrize("week", ["9999-12-31", "0001-01-01", "9999-12-27"])
def test_a_facility_page_far_outside_the_programme_window_shows_the_first_week_you_can_book(client, week):
    facility = FacilityFactory()
    response = client.get(f"/facilities/{facility.slug}/?week={week}")
    assert response.status_code == 200
    assert response.context["monday"] == client.get(f"/facilities/{facility.slug}/").context["monday"]


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_searching_a_date_far_outside_the_window_says_so_on_the_date_field(english, day):
    FacilityFactory()
    response = english.get(f"/facilities/?date={day}&time_from=10:00&time_to=12:00")
    assert response.status_code == 200
    assert "date" in response.context["filter"].form.errors
    assert "Choose a date between" in response.text


@pytest.mark.parametrize("params", ["free_from=9999-12-31T10:00:00Z&free_to=9999-12-31T23:00:00Z"])
def test_the_facility_api_refuses_a_wanted_time_outside_the_window(client, params):
    FacilityFactory()
    response = client.get(f"/api/v1/facilities/?{params}")
    assert response.status_code == 400 and "free_from" in response.json()


def test_a_weekly_series_running_past_the_window_is_refused_on_the_date_and_nothing_is_booked(english):
    facility = FacilityFactory()
    english.force_login(UserFactory())
    response = english.post(
        f"/facilities/{facility.slug}/book/",
        {
            "date": "9999-12-27",
            "start_time": "10:00",
            "end_time": "11:00",
            "attendees": "3",
            "purpose": "study",
            "contact_phone": "010-1234-5678",
            "weeks": "2",
        },
    )
    assert response.status_code == 400 and "date" in response.context["form"].errors
    assert not Reservation.objects.exists()


def test_the_trip_integers_are_bounded_by_their_columns():
    assert integer_bounds(Trip, "odometer_start_km") == (0, HUGE - 1)


@pytest.fixture
def booking_now():
    start = timezone.now().replace(second=0, microsecond=0)
    return BookingFactory(period=DateTimeTZRange(start, start + timedelta(minutes=60)))


def operator_api(booking):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {issue_key(booking.vehicle.operator)}")
    return client


def test_an_odometer_past_the_column_range_at_pick_up_is_refused_and_the_booking_unchanged(booking_now):
    response = operator_api(booking_now).post(
        f"/api/v1/carshare/bookings/{booking_now.pk}/start-trip/", {"odometer_km": HUGE}, format="json"
    )
    assert response.status_code == 400 and "odometer_km" in response.json()
    booking_now.refresh_from_db()
    assert booking_now.status == Booking.Status.RESERVED and not Trip.objects.exists()


def test_an_odometer_past_the_column_range_at_return_is_refused_and_the_trip_unchanged(booking_now):
    api = operator_api(booking_now)
    url = f"/api/v1/carshare/bookings/{booking_now.pk}/"
    assert api.post(url + "start-trip/", {"odometer_km": 100}, format="json").status_code == 200
    response = api.post(url + "end-trip/", {"odometer_km": HUGE, "energy_level": 50}, format="json")
    assert response.status_code == 400 and "odometer_km" in response.json()
    response = api.post(url + "end-trip/", {"odometer_km": 200, "energy_level": 2**15}, format="json")
    assert response.status_code == 400 and "energy_level" in response.json()
    booking_now.refresh_from_db()
    assert booking_now.status == Booking.Status.IN_USE and Trip.objects.get().odometer_end_km is None


@pytest.mark.parametrize("next_url", ["9999-12-31", "home", "abc"])
def test_the_language_switch_goes_back_to_any_next_address_without_failing(client, next_url):
    response = client.get("/i18n/switch/", {"language": "en", "next": next_url})
    assert response.status_code == 302


@pytest.mark.parametrize("when", ["9999-12-31T10:00", "0001-01-01T10:00"])
def test_a_car_search_outside_the_car_share_window_says_so_on_the_field(english, when):
    response = english.get("/carshare/", {"start": when, "end": "9999-12-31T12:00"})
    assert response.status_code in (200, 400)
    assert "Choose a date between" in response.text


def test_a_room_search_for_a_move_in_outside_the_window_says_so(english):
    response = english.get("/roomshare/", {"move_in": "0001-01-01", "max_rent": str(HUGE)})
    assert response.status_code in (200, 400)
    assert "Choose a date between" in response.text


def test_a_car_share_membership_with_a_birth_date_in_the_future_is_refused(english):
    from carshare.models import Membership

    user = UserFactory()
    english.force_login(user)
    response = english.post(
        "/carshare/membership/",
        {
            "licence_class": "2_ordinary",
            "licence_number": "11-18-654321-09",
            "licence_issued_on": "2018-04-01",
            "licence_expires_on": "9999-12-31",
            "date_of_birth": "9999-01-20",
        },
    )
    form = response.context["form"]
    assert {"licence_expires_on", "date_of_birth"} <= set(form.errors)
    assert not Membership.objects.filter(user=user).exists()


def test_the_window_of_each_programme_holds_today_and_refuses_the_calendar_edges():
    from datetime import date

    from sharingcity.limits import WINDOWS

    for programme, window in WINDOWS.items():
        assert timezone.localdate() in window, programme
        assert date(9999, 12, 31) not in window and date(1, 1, 1) not in window, programme
