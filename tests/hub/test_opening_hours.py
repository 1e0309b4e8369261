"""Hub services have weekly opening hours: kept by the database's rules, shown on the service page,
edited by hub editors in admin, and in the demo data."""

from datetime import time

import pytest
from django.db import IntegrityError
from django.urls import reverse

from hub.models import OpeningHours, Service
from tests.factories import OrganisationFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_service_page_shows_its_opening_hours_languages_and_accessibility(client):
    service = ServiceFactory(
        languages=["ko", "en"], organisation=OrganisationFactory(accessibility="1층 출입구에 계단이 없습니다.")
    )
    OpeningHours.objects.create(service=service, weekday=OpeningHours.Weekday.MONDAY, opens=time(9), closes=time(18))
    OpeningHours.objects.create(service=service, weekday=OpeningHours.Weekday.SATURDAY, opens=time(10), closes=time(13))
    client.cookies["django_language"] = "en"
    text = client.get(service.get_absolute_url()).text
    assert "Monday 09:00–18:00" in text
    assert "Saturday 10:00–13:00" in text
    assert "Korean, English" in text
    assert "1층 출입구에 계단이 없습니다." in text
    client.cookies["django_language"] = "ko"
    korean = client.get(service.get_absolute_url()).text
    assert "월요일 09:00–18:00" in korean
    assert "운영 시간" in korean


def test_a_service_without_hours_says_it_is_by_arrangement(client):
    client.cookies["django_language"] = "en"
    text = client.get(ServiceFactory().get_absolute_url()).text
    assert "By arrangement" in text


def test_the_database_refuses_hours_that_close_before_they_open():
    service = ServiceFactory()
    with pytest.raises(IntegrityError):
        OpeningHours.objects.create(service=service, weekday=0, opens=time(18), closes=time(9))


def test_the_database_refuses_a_weekday_past_sunday():
    with pytest.raises(IntegrityError):
        OpeningHours.objects.create(service=ServiceFactory(), weekday=7, opens=time(9), closes=time(18))


def admin_form_data(response):
    """The change form's current values, as the browser would post them back."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else field.prepare_value(value)
    if isinstance(data.get("languages"), list):
        data["languages"] = ",".join(data["languages"])
    return data


def test_a_hub_editor_sets_opening_hours_in_admin(client):
    service = ServiceFactory()
    client.force_login(UserFactory(role="Hub editor"))
    client.cookies["django_language"] = "en"
    url = reverse("admin:hub_service_change", args=[service.pk])
    data = admin_form_data(client.get(url))
    data.update(
        {
            "opening_hours-TOTAL_FORMS": "2",
            "opening_hours-INITIAL_FORMS": "0",
            "opening_hours-0-weekday": "0",
            "opening_hours-0-opens": "09:00",
            "opening_hours-0-closes": "18:00",
            "opening_hours-1-weekday": "2",
            "opening_hours-1-opens": "19:00",
            "opening_hours-1-closes": "18:00",
        }
    )
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "The closing time must be after the opening time." in refused.text
    assert not service.opening_hours.exists()
    data["opening_hours-1-opens"] = "14:00"
    assert client.post(url, data).status_code == 302
    hours = [(p.weekday, p.opens, p.closes) for p in service.opening_hours.all()]
    assert hours == [(0, time(9), time(18)), (2, time(14), time(18))]


def test_the_demo_data_gives_most_services_opening_hours(db):
    import random

    from hub.seed import seed

    seed(1, random.Random(1))
    services = Service.objects.filter(slug__contains="-").exclude(slug="pending-umbrella-proposal")
    with_hours = services.filter(opening_hours__isnull=False).distinct().count()
    assert 0.5 * services.count() <= with_hours < services.count()


def test_admin_refuses_a_language_the_directory_does_not_know(client):
    service = ServiceFactory(languages=["ko"])
    client.force_login(UserFactory(role="Hub editor"))
    url = reverse("admin:hub_service_change", args=[service.pk])
    data = admin_form_data(client.get(url))
    data.update({"opening_hours-TOTAL_FORMS": "0", "opening_hours-INITIAL_FORMS": "0", "languages": "ko,xx"})
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["languages"]
    service.refresh_from_db()
    assert service.languages == ["ko"]
    data["languages"] = "ko,en,kvk"
    assert client.post(url, data).status_code == 302
    service.refresh_from_db()
    assert service.languages == ["ko", "en", "kvk"]
