"""The hub's filters read as a citizen expects: placeholders, orders named in words, checkboxes for yes/no."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def page(client, name, language="ko", **params):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse(name), params).content.decode()


def test_the_category_filter_starts_with_all_categories(client):
    html = page(client, "hub:service-list")
    assert '<option value="" selected>전체 분야</option>' in html
    assert "---------" not in html


def test_every_sort_option_is_translated_with_its_direction(client):
    html = page(client, "hub:service-list")
    assert "descending" not in html
    for label in ("이름 가나다순", "이름 가나다 역순", "기본 순서"):
        assert label in html
    assert "descending" not in page(client, "roomshare:room-list")


def test_free_only_is_a_checkbox_that_narrows_the_list(client):
    ServiceFactory(title="무료 공구 대여", is_free=True)
    ServiceFactory(title="유료 공구 대여", is_free=False, fee_description="1일 5,000원")
    html = page(client, "hub:service-list")
    assert 'type="checkbox" name="free"' in html
    assert '<option value="unknown">' not in html
    narrowed = page(client, "hub:service-list", free="on")
    assert "무료 공구 대여" in narrowed and "유료 공구 대여" not in narrowed


def test_verified_only_is_a_checkbox_on_the_organisation_list(client):
    OrganisationFactory(name="확인된 단체", verified=True)
    OrganisationFactory(name="미확인 단체", verified=False)
    html = page(client, "hub:organisation-list")
    assert 'type="checkbox" name="verified"' in html
    narrowed = page(client, "hub:organisation-list", verified="on")
    assert "확인된 단체" in narrowed and "미확인 단체" not in narrowed
    assert "미확인 단체" in page(client, "hub:organisation-list")
