"""The shared site: districts, home page figures from the database, language, health, deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from hub.models import ReviewStatus
from sharingcity.models import District
from tests.factories import ArticleFactory, OrganisationFactory, ServiceFactory

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_seouls_25_districts_are_loaded_with_korean_and_english_names():
    assert District.objects.count() == 25
    mapo = District.objects.get(slug="mapo-gu")
    assert (mapo.name, mapo.name_en, mapo.code) == ("마포구", "Mapo-gu", "11440")


@pytest.mark.django_db
def test_home_page_figures_are_counted_from_the_database(client):
    response = client.get("/")
    hub_card = next(card for card in response.context["cards"] if card["key"] == "hub")
    before = dict(hub_card["figures"])
    ServiceFactory()
    ServiceFactory(status=ReviewStatus.PENDING)
    OrganisationFactory(status=ReviewStatus.PENDING)
    hub_card = next(card for card in client.get("/").context["cards"] if card["key"] == "hub")
    after = dict(hub_card["figures"])
    assert list(after.values()) != list(before.values())
    assert sorted(after.values())[-1] >= 1


@pytest.mark.django_db
def test_home_page_shows_four_programmes_and_the_latest_news(client):
    ArticleFactory(title="나눔카 소식")
    response = client.get("/")
    assert len(response.context["cards"]) == 4
    assert "나눔카 소식" in response.text


@pytest.mark.django_db
def test_pages_are_korean_by_default_and_english_after_the_switch(client):
    assert '<html lang="ko">' in client.get("/").text
    response = client.get(reverse("switch-language"), {"language": "en", "next": "/hub/"})
    assert response.status_code == 302 and response.url == "/hub/"
    page = client.get("/hub/").text
    assert '<html lang="en">' in page
    assert "Sharing services" in page


@pytest.mark.django_db
def test_every_page_has_the_language_switch(client):
    for url in ["/", "/hub/", "/hub/organisations/", "/hub/news/", "/accounts/login/", "/accounts/signup/"]:
        assert 'action="/i18n/switch/"' in client.get(url).text, url


@pytest.mark.django_db
def test_the_language_switch_never_sends_visitors_to_another_site(client):
    response = client.get(reverse("switch-language"), {"language": "en", "next": "https://evil.example/"})
    assert response.url == "/"
    assert client.cookies["django_language"].value == "en"
    client.get(reverse("switch-language"), {"language": "xx", "next": "/hub/"})
    assert client.cookies["django_language"].value == "en"


@pytest.mark.django_db
def test_health_check_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["database"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_health_check_answers_503_when_the_database_does_not(client):
    original = connection.settings_dict["HOST"], connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["HOST"], connection.settings_dict["PORT"] = "/nonexistent-socket-dir", "1"
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict["HOST"], connection.settings_dict["PORT"] = original
    assert response.status_code == 503


def test_production_settings_pass_the_deploy_check():
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "1",
        "DJANGO_SECRET_KEY": "x7#" + "k" * 60 + "Q9!zP@2",
        "DJANGO_ALLOWED_HOSTS": "sharing.seoul.example",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set only while browser tests run
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr


@pytest.mark.django_db
def test_models_and_migrations_agree():
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
