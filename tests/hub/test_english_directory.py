"""Organisations and services in English where their editors wrote it, else the Korean marked as Korean."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from hub.models import Organisation, Service
from tests.factories import OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_service_written_in_english_reads_in_english(english):
    service = ServiceFactory(
        summary="공구를 빌려 드립니다.",
        summary_en="Tools to borrow.",
        description="설명입니다.",
        description_en="The description.",
        how_to_use="방문하세요.",
        how_to_use_en="Come by.",
        eligibility="누구나",
        eligibility_en="Anyone",
    )
    html = english.get(service.get_absolute_url()).content.decode()
    # The page as read (the search engines' JSON-LD keeps the Korean as the listing's canonical text).
    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    for text in ("Tools to borrow.", "The description.", "Come by.", "Anyone"):
        assert text in html
    for text in ("공구를 빌려 드립니다.", "설명입니다.", "방문하세요.", "누구나"):
        assert text not in html
    listing = english.get(reverse("hub:service-list")).content.decode()
    assert "<p>Tools to borrow.</p>" in listing


def test_a_service_without_english_shows_the_korean_marked_lang_ko(english):
    service = ServiceFactory(title_en="", summary="공구를 빌려 드립니다.", description="설명입니다.")
    html = english.get(service.get_absolute_url()).content.decode()
    assert f'<h1><span lang="ko">{service.title}</span></h1>' in html
    assert '<p class="lead"><span lang="ko">공구를 빌려 드립니다.</span></p>' in html
    assert '<p lang="ko">설명입니다.</p>' in html


def test_an_organisations_description_reads_in_the_pages_language(client, english):
    organisation = OrganisationFactory(description="나눔 단체입니다.", description_en="A sharing group.")
    assert "A sharing group." in english.get(organisation.get_absolute_url()).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    korean = client.get(organisation.get_absolute_url()).content.decode()
    assert "<p>나눔 단체입니다.</p>" in korean and "A sharing group." not in korean


def test_editors_write_the_english_texts_in_admin(admin_client):
    service_form = admin_client.get(reverse("admin:hub_service_add")).content.decode()
    for name in ("summary_en", "description_en", "how_to_use_en", "eligibility_en"):
        assert f'name="{name}"' in service_form
    organisation_form = admin_client.get(reverse("admin:hub_organisation_add")).content.decode()
    assert 'name="description_en"' in organisation_form


def test_the_demo_directory_has_english_descriptions():
    call_command("seed_demo", verbosity=0)
    # A citizen's proposal waiting for review is in the words its author wrote.
    assert not Service.objects.published().filter(summary_en="").exists()
    assert not Organisation.objects.filter(description_en="").exclude(description="").exists()
