"""Anonymous visitors' pages come from the cache for a few seconds; nothing personal is ever cached."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory

from sharingcity.middleware import PageCacheMiddleware
from tests.factories import ServiceFactory


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 30
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_an_anonymous_page_is_served_from_the_cache_without_queries(client, page_cache, django_assert_num_queries):
    ServiceFactory(title="공구 도서관")
    first = client.get("/hub/?q=공구")
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/hub/?q=공구")
    assert second["X-Cache"] == "hit"
    assert second.content == first.content


@pytest.mark.django_db
def test_each_language_has_its_own_cached_page(client, page_cache):
    korean = client.get("/hub/").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/hub/")
    assert english["X-Cache"] == "miss"
    assert '<html lang="en">' in english.content.decode() and '<html lang="ko">' in korean


@pytest.mark.django_db
def test_a_reload_skips_the_cache(client, page_cache):
    client.get("/hub/")
    assert client.get("/hub/", HTTP_CACHE_CONTROL="no-cache")["X-Cache"] == "miss"


@pytest.mark.django_db
def test_signed_in_visitors_and_api_keys_never_get_cached_pages(client, citizen, page_cache, partner_api):
    client.get("/hub/")
    client.force_login(citizen)
    response = client.get("/hub/")
    assert "X-Cache" not in response
    assert (
        citizen.email in response.content.decode()
        or "My page" in response.content.decode()
        or "마이페이지" in response.content.decode()
    )
    assert "X-Cache" not in partner_api.get("/api/v1/services/")


def test_a_response_that_used_a_csrf_token_or_set_a_cookie_is_not_stored(settings):
    settings.PAGE_CACHE_SECONDS = 30
    cache.clear()

    def form_page(request):
        return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')

    def cookie_page(request):
        response = HttpResponse("hello")
        response.set_cookie("seen", "1")
        return response

    for view in (form_page, cookie_page):
        middleware = PageCacheMiddleware(view)
        for _ in range(2):
            request = RequestFactory().get(f"/{view.__name__}/")
            request.LANGUAGE_CODE = "ko"
            assert middleware(request)["X-Cache"] == "miss"
