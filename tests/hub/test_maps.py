"""Hub organisations have coordinates: on maps, with directions, set in admin by a click or by hand,
and services sorted by the distance of the organisation that offers them."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from hub.models import Organisation
from tests.factories import OrganisationFactory, ServiceFactory, UserFactory, district
from tests.sharingcity.test_maps import map_places

pytestmark = pytest.mark.django_db


def organisation_in(slug, **kwargs):
    place = district(slug)
    return OrganisationFactory(district=place, latitude=place.latitude, longitude=place.longitude, **kwargs)


def test_the_organisation_directory_maps_each_organisation_and_links_to_directions(client):
    located = organisation_in("mapo-gu", name="마포 나눔터")
    OrganisationFactory(name="주소 없는 모임")
    response = client.get(reverse("hub:organisation-list"))
    assert [(p["name"], p["url"]) for p in map_places(response)] == [("마포 나눔터", located.get_absolute_url())]
    assert "마포 나눔터 가는 길" in response.text and "주소 없는 모임 가는 길" not in response.text


def test_the_organisation_page_and_its_services_show_the_map_and_directions(client):
    organisation = organisation_in("jongno-gu", name="종로 공구도서관")
    service = ServiceFactory(organisation=organisation)
    for url in [organisation.get_absolute_url(), service.get_absolute_url()]:
        response = client.get(url)
        assert [p["name"] for p in map_places(response)] == ["종로 공구도서관"]
        assert "종로 공구도서관 가는 길" in response.text


def test_services_are_sorted_by_the_distance_of_their_organisation(client):
    ServiceFactory(title="강남 공구", organisation=organisation_in("gangnam-gu"))
    ServiceFactory(title="위치 없는 공구")
    ServiceFactory(title="마포 공구", organisation=organisation_in("mapo-gu"))
    response = client.get(reverse("hub:service-list"), {"near": "mapo-gu"})
    assert [s.title for s in response.context["page"].object_list] == ["마포 공구", "강남 공구", "위치 없는 공구"]
    assert "0.0km 거리" in response.text
    within = client.get(reverse("hub:service-list"), {"near": "mapo-gu", "within": "3"})
    assert [s.title for s in within.context["page"].object_list] == ["마포 공구"]


def test_the_service_list_near_a_district_takes_a_fixed_number_of_queries(client, django_assert_num_queries):
    for _ in range(3):
        ServiceFactory(organisation=organisation_in("mapo-gu"))
    # Districts for the filter and for "near me", the chosen district, the count, the page, the page's districts.
    with django_assert_num_queries(6):
        client.get(reverse("hub:service-list"), {"near": "gangnam-gu"})
    for _ in range(25):
        ServiceFactory(organisation=organisation_in("jongno-gu"))
    with django_assert_num_queries(6):
        response = client.get(reverse("hub:service-list"), {"near": "gangnam-gu"})
    assert len(response.context["page"].object_list) == 20


def admin_form(data):
    request = RequestFactory().get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    model_admin = admin.site._registry[Organisation]
    organisation = OrganisationFactory()
    form_class = model_admin.get_form(request, organisation)
    fields = model_admin.get_form(request, organisation)(instance=organisation).initial
    fields.update(data, members=[])
    return form_class(
        MultiValueDict({k: v if isinstance(v, list) else [v] for k, v in fields.items() if v is not None}),
        instance=organisation,
    ), organisation


def test_the_admin_form_has_a_map_to_click_under_the_coordinates():
    form, _organisation = admin_form({})
    html = str(form["longitude"])
    assert "data-coordinate-map" in html and 'data-latitude="id_latitude"' in html
    assert "js/admin_map.js" in str(form.media) and "leaflet/leaflet.js" in str(form.media)


def test_staff_can_still_type_the_coordinates_by_hand():
    form, organisation = admin_form({"latitude": "37.556100", "longitude": "126.923500"})
    assert form.is_valid(), form.errors
    form.save()
    organisation.refresh_from_db()
    assert (organisation.latitude, organisation.longitude) == (Decimal("37.556100"), Decimal("126.923500"))


def test_coordinates_off_the_earth_or_only_half_given_are_refused_and_nothing_changes():
    form, organisation = admin_form({"latitude": "95", "longitude": "126.9"})
    assert not form.is_valid()
    half, _ = admin_form({"latitude": "37.5"})
    assert not half.is_valid()
    organisation.refresh_from_db()
    assert organisation.latitude is None
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(pk=organisation.pk).update(latitude=Decimal("91"), longitude=Decimal("126.9"))


def test_the_demo_organisations_have_coordinates_near_their_district_and_older_demo_data_gets_them():
    import random

    from hub import seed as hub_seed
    from sharingcity import seed as people_seed

    people_seed.seed(1, random.Random(1))
    hub_seed.seed(1, random.Random(2))
    organisations = Organisation.objects.select_related("district")
    assert organisations.exists() and not organisations.filter(latitude__isnull=True).exists()
    for organisation in organisations:
        assert abs(organisation.latitude - organisation.district.latitude) < Decimal("0.01")
    before = list(organisations.values_list("pk", "latitude", "longitude"))
    Organisation.objects.update(latitude=None, longitude=None)
    hub_seed.seed(1, random.Random(2))
    assert list(organisations.values_list("pk", "latitude", "longitude")) == before
