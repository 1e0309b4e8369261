"""Car sharing on the shared pages: live figures on the home page, bookings in the personal calendar,
and the operator API documented with examples."""

import pytest
from django.urls import reverse

from carshare import programme
from carshare.models import Booking
from tests.carshare.factories import BookingFactory, MembershipFactory, VehicleFactory

pytestmark = pytest.mark.django_db


def test_the_home_card_counts_lots_and_cars_live(client, django_assert_max_num_queries):
    VehicleFactory(propulsion="electric")
    VehicleFactory(propulsion="hybrid")
    VehicleFactory(propulsion="electric", status="maintenance")
    with django_assert_max_num_queries(2):
        figures = [value for _label, value in programme.card()["figures"]]
    assert figures == [3, 2, 1]
    assert client.get("/").status_code == 200


def test_bookings_appear_in_the_members_calendar_feed(client, citizen):
    member = MembershipFactory(user=citizen)
    booking = BookingFactory(member=member, vehicle=VehicleFactory(model_name="Kia Ray EV"))
    BookingFactory(member=member, status=Booking.Status.CANCELLED)
    BookingFactory()  # someone else's
    response = client.get(reverse("calendar-feed", kwargs={"token": citizen.calendar_token}))
    body = response.content.decode()
    assert response.status_code == 200
    assert f"carshare-booking-{booking.pk}@" in body and "Kia Ray EV" in body
    assert body.count("carshare-booking-") == 2
    assert "STATUS:CANCELLED" in body


def test_the_calendar_events_take_a_fixed_number_of_queries(citizen, django_assert_max_num_queries):
    member = MembershipFactory(user=citizen)
    for _ in range(10):
        BookingFactory(member=member)
    with django_assert_max_num_queries(1):
        assert len(programme.calendar_events(citizen)) == 10


def test_the_operator_api_is_in_the_openapi_schema_with_examples(api):
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    for path in [
        "/api/v1/carshare/vehicles/",
        "/api/v1/carshare/vehicles/{id}/status/",
        "/api/v1/carshare/bookings/",
        "/api/v1/carshare/bookings/{id}/start-trip/",
        "/api/v1/carshare/bookings/{id}/end-trip/",
        "/api/v1/carshare/bookings/{id}/verify-member/",
        "/api/v1/carshare/lots/",
    ]:
        assert path in paths, path
    end_trip = paths["/api/v1/carshare/bookings/{id}/end-trip/"]["post"]
    assert end_trip["requestBody"]["content"]["application/json"]["examples"]
    create = paths["/api/v1/carshare/vehicles/"]["post"]
    assert create["requestBody"]["content"]["application/json"]["examples"]
    member_fields = set(schema["components"]["schemas"]["Member"]["properties"])
    assert "licence_number_masked" in member_fields and "licence_number" not in member_fields
