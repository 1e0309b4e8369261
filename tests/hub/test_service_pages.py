"""Citizens find sharing services: search in Korean, filters, detail with JSON-LD."""

import json
import re

import pytest
from django.urls import reverse

from hub.models import ReviewStatus, Service
from tests.factories import OrganisationFactory, ServiceFactory, district

pytestmark = pytest.mark.django_db


def test_korean_search_finds_a_korean_named_service(client):
    ServiceFactory(title="공구 도서관", title_en="Tool library")
    ServiceFactory(title="장난감 도서관", title_en="Toy library")
    response = client.get(reverse("hub:service-list"), {"q": "공구"})
    assert response.status_code == 200
    assert "공구 도서관" in response.text
    assert "장난감 도서관" not in response.text


def test_english_search_matches_the_english_title(client):
    ServiceFactory(title="공구 도서관", title_en="Tool library")
    response = client.get(reverse("hub:service-list"), {"q": "tool"})
    assert "공구 도서관" in response.text


def test_filters_by_district_category_and_free(client):
    mapo, nowon = district("mapo-gu"), district("nowon-gu")
    ServiceFactory(title="마포 공구", category=Service.Category.GOODS, districts=[mapo])
    ServiceFactory(title="노원 공구", category=Service.Category.GOODS, districts=[nowon])
    ServiceFactory(title="마포 부엌", category=Service.Category.SPACE, districts=[mapo])
    ServiceFactory(title="마포 유료", is_free=False, fee_description="1일 5,000원", districts=[mapo])
    response = client.get(reverse("hub:service-list"), {"district": "mapo-gu", "category": "goods", "free": "true"})
    assert "마포 공구" in response.text
    assert "노원 공구" not in response.text
    assert "마포 부엌" not in response.text
    assert "마포 유료" not in response.text


def test_unpublished_services_and_those_of_unpublished_organisations_are_hidden(client):
    ServiceFactory(title="검토 중 서비스", status=ReviewStatus.PENDING)
    hidden_org = OrganisationFactory(status=ReviewStatus.PENDING)
    ServiceFactory(title="승인 안 된 단체", organisation=hidden_org)
    response = client.get(reverse("hub:service-list"))
    assert "검토 중 서비스" not in response.text
    assert "승인 안 된 단체" not in response.text


def test_an_invalid_filter_value_shows_the_form_error_not_a_crash(client):
    response = client.get(reverse("hub:service-list"), {"district": "atlantis", "category": "nonsense"})
    assert response.status_code == 200
    assert 'class="error"' in response.text


def test_detail_page_carries_schema_org_json_ld(client):
    service = ServiceFactory(title="공구 도서관", summary="드릴을 빌려 드립니다.")
    response = client.get(service.get_absolute_url())
    assert response.status_code == 200
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)
    data = json.loads(match.group(1))
    assert data["@type"] == "Service"
    assert data["name"] == "공구 도서관"
    assert data["provider"]["@type"] == "Organization"


def test_unknown_service_is_404(client):
    assert client.get(reverse("hub:service-detail", args=["no-such-thing"])).status_code == 404


def test_service_list_query_count_does_not_grow_with_results(client, django_assert_num_queries):
    for _ in range(30):
        ServiceFactory()
    # Districts for the filter and for "near me", the count, the page, the page's districts.
    with django_assert_num_queries(5):
        response = client.get(reverse("hub:service-list"))
    assert response.text.count('class="card"') == 20


def test_list_is_paginated(client):
    for _ in range(25):
        ServiceFactory()
    response = client.get(reverse("hub:service-list"), {"page": 2})
    assert response.text.count('class="card"') == 5


def test_the_service_search_does_not_list_every_organisation_but_can_be_limited_to_one(client):
    organisations = [OrganisationFactory() for _ in range(30)]
    ServiceFactory(title="그 단체의 서비스", organisation=organisations[0])
    ServiceFactory(title="다른 서비스")
    html = client.get(reverse("hub:service-list")).text
    assert '<select name="organisation"' not in html
    html = client.get(reverse("hub:service-list"), {"organisation": organisations[0].slug}).text
    assert "그 단체의 서비스" in html and "다른 서비스" not in html
    assert f'<p class="chosen">{organisations[0].name}의 서비스만 보고 있습니다.' in html
