"""The API: public search and free slots; citizens book and cancel their own with the same rules."""

from datetime import UTC, timedelta

import pytest
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone
from rest_framework.test import APIClient

from facilities.models import Reservation
from facilities.services import book_facility
from tests.facilities.factories import FacilityFactory, ReservationFactory, seoul, working_day
from tests.factories import district

pytestmark = pytest.mark.django_db
FACILITIES = "/api/v1/facilities/"
RESERVATIONS = "/api/v1/facility-reservations/"


def booking(room, day, start=14, end=16, **extra):
    return {
        "facility": room.pk,
        "start": seoul(day, start).isoformat(),
        "end": seoul(day, end).isoformat(),
        "purpose": "주민 회의",
        "attendees": 12,
        "contact_phone": "010-1234-5678",
        **extra,
    }


def test_the_public_list_filters_like_the_search_page(api):
    day = working_day()
    FacilityFactory(name="마포 큰 방", capacity=40)
    ReservationFactory(facility=FacilityFactory(name="마포 예약된 방", capacity=40), day=day, hour=14)
    FacilityFactory(name="종로 방", capacity=40, district=district("jongno-gu"))
    FacilityFactory(name="마포 작은 방", capacity=5)
    response = api.get(
        FACILITIES,
        {
            "district": "mapo-gu",
            "capacity": 20,
            "free_from": seoul(day, 14).isoformat(),
            "free_to": seoul(day, 16).isoformat(),
        },
    )
    assert response.status_code == 200
    assert [f["name"] for f in response.json()["results"]] == ["마포 큰 방"]


def test_a_half_given_time_range_is_a_400(api):
    response = api.get(FACILITIES, {"free_from": seoul(working_day(), 14).isoformat()})
    assert response.status_code == 400 and "free_to" in response.json()


def test_the_facility_list_needs_a_fixed_number_of_queries(api, django_assert_num_queries):
    for _ in range(15):
        FacilityFactory()
    with django_assert_num_queries(3):
        response = api.get(FACILITIES)
    assert response.json()["count"] == 15
    assert len(response.json()["results"][0]["opening_hours"]) == 5


def test_one_facility_shows_its_rules(api, room):
    data = api.get(f"{FACILITIES}{room.pk}/").json()
    assert data["rules"]["max_days_ahead"] == 90 and data["agency"] == "mapo-gu-office"


def test_availability_lists_free_slots_in_the_asked_range(api, room):
    day = working_day()
    ReservationFactory(facility=room, day=day, hour=10, length=7)
    response = api.get(
        f"{FACILITIES}{room.pk}/availability/",
        {"from": seoul(day, 0).isoformat(), "to": seoul(day + timedelta(days=1), 0).isoformat()},
    )
    assert response.status_code == 200
    starts = [slot["start"] for slot in response.json()]
    assert starts == [seoul(day, 9).isoformat(), seoul(day, 17).isoformat()]


def test_availability_refuses_a_range_of_more_than_a_month(api, room):
    response = api.get(
        f"{FACILITIES}{room.pk}/availability/", {"from": "2026-01-01T00:00:00+09:00", "to": "2026-03-01T00:00:00+09:00"}
    )
    assert response.status_code == 400 and "to" in response.json()


def test_availability_names_a_malformed_time(api, room):
    response = api.get(f"{FACILITIES}{room.pk}/availability/", {"from": "next tuesday"})
    assert response.status_code == 400 and "from" in response.json()


def test_booking_needs_a_signed_in_citizen(api, room, partner_api):
    assert api.post(RESERVATIONS, booking(room, working_day()), format="json").status_code in (401, 403)
    assert partner_api.post(RESERVATIONS, booking(room, working_day()), format="json").status_code == 403


def test_a_citizen_books_through_the_api(citizen_api, room, citizen):
    response = citizen_api.post(RESERVATIONS, booking(room, working_day()), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "requested"
    assert Reservation.objects.get().citizen == citizen


def test_a_citizen_books_with_an_api_token(room, citizen):
    from rest_framework.authtoken.models import Token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=citizen).key}")
    assert client.post(RESERVATIONS, booking(room, working_day()), format="json").status_code == 201


def test_a_broken_rule_is_a_400_naming_the_rule(citizen_api, room):
    response = citizen_api.post(RESERVATIONS, booking(room, working_day(), 17, 19, attendees=500), format="json")
    assert response.status_code == 400
    body = response.json()
    assert "Opening hours" in " ".join(body["non_field_errors"])
    assert "Capacity" in body["attendees"][0]


def test_a_slot_just_taken_is_a_409(citizen_api, room, other_citizen):
    day = working_day()
    book_facility(resource=room, holder=other_citizen, start=seoul(day, 14), end=seoul(day, 16))
    response = citizen_api.post(RESERVATIONS, booking(room, day), format="json")
    assert response.status_code == 409
    assert "just taken" in response.json()["detail"]


def test_booking_a_time_you_already_hold_is_a_409_that_says_so(citizen_api, room, citizen):
    day = working_day()
    mine = book_facility(resource=room, holder=citizen, start=seoul(day, 14), end=seoul(day, 16))
    response = citizen_api.post(RESERVATIONS, booking(room, day, 15, 17), format="json")
    assert response.status_code == 409
    assert response.json()["detail"] == "You have already booked this time. It is listed on My page."
    assert list(Reservation.objects.values_list("pk", flat=True)) == [mine.pk]


def test_a_series_over_weeks_you_already_hold_says_so_in_the_preview_and_the_answer(citizen_api, room, citizen):
    day = working_day()
    book_facility(resource=room, holder=citizen, start=seoul(day, 14), end=seoul(day, 16))
    ReservationFactory(facility=room, day=day + timedelta(weeks=1), hour=14)
    request = {**booking(room, day), "weeks": 2}
    preview = citizen_api.post(f"{RESERVATIONS}series/", request, format="json").json()
    assert [o["problem"] for o in preview] == [
        "You have already booked this time. It is listed on My page.",
        "Already booked.",
    ]
    response = citizen_api.post(f"{RESERVATIONS}series/", {**request, "weeks": 1, "confirm": True}, format="json")
    assert response.status_code == 409
    assert response.json()["detail"] == "You have already booked this time. It is listed on My page."
    assert Reservation.objects.filter(citizen=citizen).count() == 1


def test_a_citizen_lists_and_cancels_only_their_own(citizen_api, room, citizen, other_citizen):
    mine = ReservationFactory(facility=room, citizen=citizen, hour=9)
    theirs = ReservationFactory(facility=room, citizen=other_citizen, hour=14)
    assert [r["id"] for r in citizen_api.get(RESERVATIONS).json()["results"]] == [mine.pk]
    assert citizen_api.get(f"{RESERVATIONS}{theirs.pk}/").status_code == 404
    assert citizen_api.post(f"{RESERVATIONS}{theirs.pk}/cancel/").status_code == 404
    response = citizen_api.post(f"{RESERVATIONS}{mine.pk}/cancel/")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"


def test_cancelling_after_the_deadline_is_a_400(citizen_api, room, citizen):
    start = timezone.now() + timedelta(hours=2)
    soon = ReservationFactory(
        facility=room,
        citizen=citizen,
        period=DateTimeTZRange(start, start + timedelta(hours=1)),
        held_period=DateTimeTZRange(start, start + timedelta(hours=1)),
    )
    response = citizen_api.post(f"{RESERVATIONS}{soon.pk}/cancel/")
    assert response.status_code == 400
    assert "Cancellation deadline" in response.json()["non_field_errors"][0]


def test_the_reservation_list_needs_a_fixed_number_of_queries(
    citizen_api, room, citizen, django_assert_max_num_queries
):
    for n in range(12):
        ReservationFactory(facility=FacilityFactory(), citizen=citizen, day=working_day() + timedelta(days=n))
    with django_assert_max_num_queries(4):
        assert citizen_api.get(RESERVATIONS).json()["count"] == 12


def test_the_schema_documents_the_facility_endpoints(api):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    assert "/api/v1/facilities/{id}/availability/" in schema["paths"]
    assert "/api/v1/facility-reservations/{id}/cancel/" in schema["paths"]


def test_a_weekly_series_is_previewed_then_booked_through_the_api(citizen_api, room, citizen):
    day = working_day()
    ReservationFactory(facility=room, day=day + timedelta(weeks=1), hour=14)
    request = {**booking(room, day), "weeks": 3}
    preview = citizen_api.post(f"{RESERVATIONS}series/", request, format="json")
    assert preview.status_code == 200
    assert [o["ok"] for o in preview.json()] == [True, False, True]
    assert not Reservation.objects.filter(citizen=citizen).exists()
    booked = citizen_api.post(f"{RESERVATIONS}series/", {**request, "confirm": True}, format="json")
    assert booked.status_code == 201 and len(booked.json()) == 2
    first = booked.json()[0]["id"]
    cancelled = citizen_api.post(f"{RESERVATIONS}{first}/cancel-series/")
    assert cancelled.status_code == 200 and len(cancelled.json()) == 2


def test_a_series_longer_than_twelve_weeks_is_a_400(citizen_api, room):
    response = citizen_api.post(f"{RESERVATIONS}series/", {**booking(room, working_day()), "weeks": 13}, format="json")
    assert response.status_code == 400 and "weeks" in response.json()


def test_times_given_in_utc_are_the_same_seoul_times(citizen_api, room):
    day = working_day()
    start_utc = seoul(day, 14).astimezone(UTC).isoformat().replace("+00:00", "Z")
    end_utc = seoul(day, 16).astimezone(UTC).isoformat().replace("+00:00", "Z")
    response = citizen_api.post(RESERVATIONS, {**booking(room, day), "start": start_utc, "end": end_utc}, format="json")
    assert response.status_code == 201
    assert response.json()["start"] == seoul(day, 14).isoformat()


def test_the_free_at_a_time_search_needs_a_fixed_number_of_queries(api, django_assert_max_num_queries):
    day = working_day()
    for _ in range(15):
        ReservationFactory(facility=FacilityFactory(), day=day, hour=9, length=1)
    with django_assert_max_num_queries(4):
        response = api.get(FACILITIES, {"free_from": seoul(day, 14).isoformat(), "free_to": seoul(day, 16).isoformat()})
    assert response.json()["count"] == 15
