"""Contact phones are Korean numbers, checked in every form, serializer and model that takes one, and
stored in one normal form (010-1234-5678, 02-123-4567)."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from facilities.models import Reservation
from hub.models import Organisation
from roomshare.models import Host
from sharingcity.models import User
from sharingcity.phones import normalise_stored_phones, parse_phone
from tests.facilities.factories import FacilityFactory, seoul, working_day
from tests.factories import UserFactory, district

pytestmark = pytest.mark.django_db
INVALID = "Enter a Korean phone number, such as 010-1234-5678 or 02-123-4567."


@pytest.fixture(autouse=True)
def in_english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("010-1234-5678", "010-1234-5678"),
        ("01012345678", "010-1234-5678"),
        ("010 1234 5678", "010-1234-5678"),
        ("+82 10-1234-5678", "010-1234-5678"),
        ("02-123-4567", "02-123-4567"),
        ("(02) 1234-5678", "02-1234-5678"),
        ("031-123-4567", "031-123-4567"),
        ("070-1234-5678", "070-1234-5678"),
        ("1588-1234", "1588-1234"),
    ],
)
def test_mobile_and_landline_numbers_are_read_in_any_usual_spelling(written, stored):
    assert parse_phone(written) == stored


@pytest.mark.parametrize("written", ["12345", "010-123", "+44 20 7946 0958", "phone", "0" * 10_000, "010\x00"])
def test_what_is_not_a_korean_phone_number_is_refused(written):
    assert parse_phone(written) is None


def test_sign_up_stores_the_phone_in_the_normal_form_and_refuses_a_wrong_one(client):
    data = {"email": "p@example.org", "full_name": "새 시민", "password1": "a-long pass 2026"}
    data["password2"] = data["password1"]
    response = client.post(reverse("signup"), {**data, "phone": "12345"})
    assert INVALID in response.context["form"].errors["phone"]
    assert not User.objects.exists()
    client.post(reverse("signup"), {**data, "phone": "01098765432"})
    assert User.objects.get().phone == "010-9876-5432"


def booking_form(day, phone):
    return {
        "date": day.isoformat(),
        "start_time": "14:00",
        "end_time": "16:00",
        "attendees": 5,
        "purpose": "주민 회의",
        "contact_phone": phone,
        "weeks": 1,
    }


def test_the_booking_page_refuses_a_wrong_phone_next_to_the_field_and_books_nothing(client, citizen):
    room = FacilityFactory()
    client.force_login(citizen)
    response = client.post(reverse("facilities:book", kwargs={"slug": room.slug}), booking_form(working_day(), "0101"))
    assert response.status_code == 400
    assert INVALID in response.context["form"].errors["contact_phone"]
    assert not Reservation.objects.exists()
    client.post(reverse("facilities:book", kwargs={"slug": room.slug}), booking_form(working_day(), "+82 2 123 4567"))
    assert Reservation.objects.get().contact_phone == "02-123-4567"


def test_the_booking_api_and_its_series_refuse_a_wrong_phone_with_a_400_on_the_field(citizen):
    room = FacilityFactory()
    api = APIClient()
    api.force_authenticate(citizen)
    day = working_day()
    booking = {"facility": room.pk, "start": seoul(day, 14).isoformat(), "end": seoul(day, 16).isoformat()}
    booking |= {"purpose": "회의", "attendees": 5}
    for url, extra in [("/api/v1/facility-reservations/", {}), ("/api/v1/facility-reservations/series/", {"weeks": 2})]:
        response = api.post(url, {**booking, **extra, "contact_phone": "not a phone"}, format="json")
        assert response.status_code == 400 and response.json()["contact_phone"] == [INVALID]
    assert not Reservation.objects.exists()
    response = api.post("/api/v1/facility-reservations/", {**booking, "contact_phone": "01055556666"}, format="json")
    assert response.status_code == 201 and response.json()["contact_phone"] == "010-5555-6666"
    assert Reservation.objects.get().contact_phone == "010-5555-6666"


def test_host_registration_refuses_a_wrong_phone(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("roomshare:register-host"),
        {"date_of_birth": date(1950, 5, 1).isoformat(), "phone": "010", "district": district("nowon-gu").pk,
         "address": "노원구 공릉로 1", "neighbourhood": "공릉동", "tenure": "owner", "preferred_gender": "any"},
    )  # fmt: skip
    assert INVALID in response.context["form"].errors["phone"]
    assert not Host.objects.exists()


def test_an_organisation_proposal_refuses_a_wrong_phone(client, citizen):
    client.force_login(citizen)
    response = client.post(reverse("hub:propose-organisation"), {"name": "나눔 가게", "phone": "02-12"})
    assert INVALID in response.context["form"].errors["phone"]
    assert not Organisation.objects.filter(name="나눔 가게").exists()


def test_every_write_of_a_model_stores_the_normal_form():
    user = UserFactory(phone="+82-10-2222-3333")
    user.refresh_from_db()
    assert user.phone == "010-2222-3333"


def test_the_data_migration_rewrites_stored_numbers_and_leaves_unreadable_ones_for_staff():
    normal, spaced, unreadable = UserFactory(), UserFactory(), UserFactory()
    User.objects.filter(pk=normal.pk).update(phone="02-123-4567")
    User.objects.filter(pk=spaced.pk).update(phone="010 1234 5678")
    User.objects.filter(pk=unreadable.pk).update(phone="ask at the desk")
    normalise_stored_phones(User, "phone")
    assert [User.objects.get(pk=u.pk).phone for u in (normal, spaced, unreadable)] == [
        "02-123-4567",
        "010-1234-5678",
        "ask at the desk",
    ]
