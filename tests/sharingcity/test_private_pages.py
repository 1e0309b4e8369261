"""Pages with personal data are sent `Cache-Control: private, no-store`, so no shared cache keeps them and
a browser on a shared computer does not store them; public pages stay shareable by caches."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.facilities.factories import ReservationFactory
from tests.roomshare.factories import AgreementFactory

pytestmark = pytest.mark.django_db


def kept_out_of_caches(response):
    words = {word.strip() for word in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= words


def test_the_citizens_own_pages_are_private_and_not_stored(client):
    agreement = AgreementFactory()
    student = agreement.student.user
    reservation = ReservationFactory(citizen=student)
    client.force_login(student)
    pages = [
        reverse("my-page"),
        reservation.get_absolute_url(),
        reverse("facilities:reservation-ics", kwargs={"pk": reservation.pk}),
        reverse("roomshare:agreement-detail", args=[agreement.pk]),
        reverse("roomshare:mine"),
        reverse("roomshare:my-data"),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert kept_out_of_caches(response), page


def test_the_calendar_feed_reached_by_its_secret_address_is_private_too(client, citizen):
    response = client.get(reverse("calendar-feed", kwargs={"token": citizen.calendar_token}))
    assert response.status_code == 200 and kept_out_of_caches(response)


def test_a_citizens_api_answers_are_private(citizen):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=citizen).key}")
    response = api.get("/api/v1/facility-reservations/")
    assert response.status_code == 200 and kept_out_of_caches(response)


def test_public_pages_for_anonymous_visitors_stay_shareable(client):
    response = client.get(reverse("facilities:search"))
    assert response.status_code == 200 and not kept_out_of_caches(response)
    assert "private" not in response.get("Cache-Control", "")
