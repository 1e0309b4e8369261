"""Site-wide middleware: the language from a cookie, the anonymous page cache, and personal pages kept
out of every cache."""

from hashlib import md5

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.cache import patch_cache_control

# The citizen's own pages, some reached without a session (the calendar feed's address is its key).
PERSONAL_PATHS = ("/my/",)


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
