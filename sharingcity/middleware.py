"""Site-wide middleware: the language from a cookie, the anonymous page cache, personal pages kept out of
every cache, and no control characters in any input."""

import json
from hashlib import md5

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from sharingcity.limits import CONTROL_CHARACTERS_MESSAGE, has_control_characters

# The citizen's own pages, some reached without a session (the calendar feed's address is its key).
PERSONAL_PATHS = ("/my/",)
# Answered in JSON in DRF's error shape, like every other API error.
JSON_PATHS = ("/api/", "/gbfs/")


def cookie_language(request):
    """Korean unless the visitor chose English with the language switch (kept in a cookie)."""
    # Browsers' Accept-Language is ignored on purpose: the city's site is Korean first.
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class CookieLocaleMiddleware:
    """Every page and API answer in the visitor's language (see `cookie_language`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = cookie_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers["Vary"] = ", ".join(filter(None, [response.headers.get("Vary"), "Cookie"]))
        return response


class PageCacheMiddleware:
    """Serve anonymous visitors' page and API reads from the shared cache for a few seconds.

    Most traffic is anonymous browsing of the same searches and listings; rendering each of them anew
    costs far more than the database work. Only responses that are the same for every anonymous visitor
    are kept: GET/HEAD, no session, message or Authorization, a 200 that sets no cookie, is not marked
    private or never_cache, and did not use a CSRF token. Entries live `PAGE_CACHE_SECONDS` (30 by
    default): bookings themselves are always checked by the database, so a listing that is a few seconds
    old can only offer a slot that the booking form then refuses with a clear message. A request with
    `Cache-Control: no-cache` (a browser's reload) skips the cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not self.may_use_cache(request):
            return self.get_response(request)
        key = f"page:{request.LANGUAGE_CODE}:{md5(request.get_full_path().encode()).hexdigest()}"
        if "no-cache" not in request.headers.get("Cache-Control", ""):
            cached = cache.get(key)
            if cached is not None:
                cached["X-Cache"] = "hit"
                return cached
        response = self.get_response(request)
        if self.may_store(request, response):
            cache.set(key, response, seconds)
        response["X-Cache"] = "miss"
        return response

    @staticmethod
    def may_use_cache(request):
        return (
            request.method in ("GET", "HEAD")
            and not may_be_personal(request)
            and "messages" not in request.COOKIES
            and not request.path.startswith(("/admin/", "/accounts/"))
        )

    @staticmethod
    def may_store(request, response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not any(word in cache_control for word in ("private", "no-cache", "no-store", "max-age=0"))
        )


def may_be_personal(request) -> bool:
    """A signed-in visitor (session or API credentials), or an address of the citizen's own: the answer may
    hold their bookings, agreements, contacts or data. Read from the request alone, so it costs no query."""
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or "Authorization" in request.headers
        or request.path.startswith(PERSONAL_PATHS)
    )


class PrivatePagesMiddleware:
    """Personal answers (My page, booking details, agreements, my data, the calendar feed, the API as a
    citizen) are sent `Cache-Control: private, no-store`: no shared proxy keeps them, and a browser does not
    store them on a shared computer after the person signs out. One rule here instead of a decorator on
    each view, so a new personal page cannot forget it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if may_be_personal(request):
            patch_cache_control(response, private=True, no_store=True)
        return response


class RejectControlCharactersMiddleware:
    """NUL and other control characters have no meaning in an address, a query or a form, and PostgreSQL
    cannot even compare text with a NUL: refuse them before any view looks them up. A path with one is
    not found (404); a query parameter, form field or JSON value with one answers 400, naming the field,
    on a readable page in the visitor's language, or in the API's JSON error shape."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_control_characters(request.path):
            if request.path.startswith(JSON_PATHS):
                return JsonResponse({"detail": str(_("Not found."))}, status=404)
            raise Http404
        fields = sorted(self.fields_with_control_characters(request))
        if fields:
            return self.refusal(request, fields)
        return self.get_response(request)

    @staticmethod
    def fields_with_control_characters(request):
        sources = [request.GET]
        if request.method == "POST":
            sources.append(request.POST)
        for source in sources:
            for key, values in source.lists():
                # In a body, a name with a control character is no field of ours: nothing reads it, so it is
                # ignored like any unknown field (the API schema allows extra properties). In the address it is
                # refused with the rest of the query.
                if has_control_characters(key) and source is not request.GET:
                    continue
                if has_control_characters(key) or any(has_control_characters(value) for value in values):
                    yield key
        if request.content_type == "application/json" and request.body:
            try:
                body = json.loads(request.body)
            except ValueError:
                return  # DRF answers malformed JSON itself
            yield from _json_fields_with_control_characters(body)

    @staticmethod
    def refusal(request, fields):
        message = str(CONTROL_CHARACTERS_MESSAGE)
        if request.path.startswith(JSON_PATHS):
            return JsonResponse(
                {field: [message] for field in fields}, status=400, json_dumps_params={"ensure_ascii": False}
            )
        page = loader.render_to_string("errors/400.html", {"path": request.path, "message": message})
        return HttpResponse(page, status=400)


def _json_fields_with_control_characters(body, field=None):
    if isinstance(body, dict):
        for key, value in body.items():
            if not has_control_characters(str(key)):  # else no field of ours, ignored as unknown fields are
                yield from _json_fields_with_control_characters(value, field or str(key))
    elif isinstance(body, list):
        for value in body:
            yield from _json_fields_with_control_characters(value, field)
    elif isinstance(body, str) and has_control_characters(body):
        yield field or "non_field_errors"
