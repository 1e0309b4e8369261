"""The API answers the models' and services' own errors with clear status codes and field names."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hub.models import Organisation
from sharingcity.api import exception_handler
from sharingcity.booking import BookingConflict


def test_a_rule_about_the_whole_object_comes_back_as_non_field_errors():
    response = exception_handler(ValidationError({"__all__": ["Closed on public holidays."]}), {})
    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["Closed on public holidays."]}


def test_a_rule_about_one_field_names_that_field():
    response = exception_handler(ValidationError({"attendees": ["More than the room holds."]}), {})
    assert response.status_code == 400 and response.data == {"attendees": ["More than the room holds."]}


def test_a_slot_just_taken_is_a_409_with_the_message():
    response = exception_handler(BookingConflict("This time was just taken."), {})
    assert response.status_code == 409 and response.data == {"detail": "This time was just taken."}


@pytest.mark.django_db
def test_a_search_rule_about_several_filters_comes_back_as_non_field_errors(partner, partner_api):
    Organisation.objects.filter(pk=partner.pk).update(kind=Organisation.Kind.BUSINESS)
    start = timezone.now() + timedelta(days=30)  # within car sharing's window: the rule is the missing end
    response = partner_api.get("/api/v1/carshare/vehicles/", {"start": start.isoformat()})
    assert response.status_code == 400 and list(response.json()) == ["non_field_errors"]
