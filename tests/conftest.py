"""Shared fixtures: a real PostgreSQL (the checkout's private cluster unless DATABASE_URL is set),
API clients for each kind of caller, and Chromium for browser tests."""

import os
import shutil
from importlib import import_module

import pytest
from rest_framework.test import APIClient

from tests.factories import OrganisationFactory, UserFactory, issue_key


def pytest_configure(config):
    if not os.environ.get("DATABASE_URL"):
        from sharingcity import devdb

        devdb.start()


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Sign-in throttling is tested on its own (tests/sharingcity/test_security.py); elsewhere it would
    # only get in the way of client.login().
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    """Uploads and the seed's demo pictures go to a temporary folder, never the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests flush the database after each test, taking the rows that data migrations
    loaded with them; put the districts and staff roles back so every test starts from the same city."""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))):
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    from sharingcity.roles import sync_role_permissions

    import_module("sharingcity.migrations.0002_seoul_districts").load(apps, None)
    import_module("sharingcity.migrations.0003_staff_roles").create(apps, None)
    sync_role_permissions(None)


@pytest.fixture(autouse=True)
def _clear_cache():
    # Throttle counters live in the cache; each test starts with a fresh budget.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def deliver(mailoutbox):
    """Run the task queue's worker over the tasks that are due, in this process; return the emails sent."""
    from sharingcity.queue import run_pending_tasks

    def run():
        run_pending_tasks()
        return mailoutbox

    return run


@pytest.fixture
def citizen(db):
    return UserFactory(email="citizen@example.org", full_name="김시민")


@pytest.fixture
def other_citizen(db):
    return UserFactory(email="other@example.org", full_name="이웃")


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def partner(db):
    return OrganisationFactory(slug="partner-a", name="파트너 A", name_en="Partner A")


@pytest.fixture
def other_partner(db):
    return OrganisationFactory(slug="partner-b", name="파트너 B", name_en="Partner B")


def _api_for(organisation):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {issue_key(organisation)}")
    return client


@pytest.fixture
def partner_api(partner):
    return _api_for(partner)


@pytest.fixture
def other_partner_api(other_partner):
    return _api_for(other_partner)


@pytest.fixture
def citizen_api(citizen):
    client = APIClient()
    client.force_authenticate(citizen)
    return client


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian's Chromium is not installed (apt-get install chromium); .ci/run installs it.")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the test body are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            yield chromium
            chromium.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="ko-KR", timezone_id="Asia/Seoul")
    context.set_default_timeout(10_000)
    # A loaded 2-core CI machine can take a while to render a page; a wait is not a failure.
    context.set_default_navigation_timeout(30_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def log_in(page):
    """Sign in through the login form, as a person would."""

    def _log_in(user, password="correct horse battery staple"):
        page.goto("/accounts/login/")
        page.fill("input[name=username]", user.email)
        page.fill("input[name=password]", password)
        page.click("main button[type=submit]")
        page.wait_for_url("**/my/")

    return _log_in


@pytest.fixture
def private_files(settings, tmp_path):
    """Uploaded proofs and photos go to a temporary folder, never the checkout."""
    from roomshare.files import PrivateStorage
    from roomshare.models import Student

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROOMSHARE_PRIVATE_ROOT = tmp_path / "private"
    field = Student._meta.get_field("enrolment_proof")
    original, field.storage = field.storage, PrivateStorage()
    yield field.storage
    field.storage = original
