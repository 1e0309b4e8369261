"""Pages every programme shares: home, My page, sign-up, the calendar token, the health check and the
error answers."""

import logging
import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError, connection
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import AuthenticationFailed, NotFound, ValidationError
from rest_framework.response import Response

from sharingcity.forms import SignUpForm
from sharingcity.ical import calendar_response
from sharingcity.middleware import JSON_PATHS, cookie_language
from sharingcity.models import User
from sharingcity.programmes import calendar_events, home_cards, home_news, my_page_sections

logger = logging.getLogger(__name__)
# What a 503 asks clients to wait before trying again: a database restart or fail-over takes seconds.
RETRY_AFTER_SECONDS = 10


def home(request):
    return render(request, "sharingcity/home.html", {"cards": home_cards(), "news": home_news()})


@login_required
def my_page(request):
    return render(request, "sharingcity/my_page.html", {"sections": my_page_sections(request.user)})


@login_required
@require_POST
def reset_calendar_token(request):
    request.user.reset_calendar_token()
    messages.success(request, _("Your calendar address was changed. Subscriptions to the old address stop working."))
    return redirect("my-page")


@never_cache
def calendar_feed(request, token):
    """The personal iCalendar feed: the secret token in the address is the only credential, so a
    calendar app can subscribe without signing in; resetting the token cuts off old subscriptions."""
    user = User.objects.filter(calendar_token=token, is_active=True).first()
    if user is None:
        raise Http404
    return calendar_response(calendar_events(user), "sharing-city.ics", name=_("Sharing City"), attachment=False)


def switch_language(request):
    """Switch between Korean and English, then go back to the page. A GET form, so the pages carry no
    CSRF token and anonymous pages can be cached (see PageCacheMiddleware); the switch changes nothing
    but a display preference."""
    language = request.GET.get("language")
    next_url = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    # Not redirect(): it would try a `next` like "home" as a view name.
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES):
        if request.user.is_authenticated and request.user.language != language:
            # Kept on the account too: emails to this person are written in it.
            request.user.language = language
            request.user.save(update_fields=["language"])
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


def signup(request):
    if request.user.is_authenticated:
        return redirect("my-page")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.language = request.LANGUAGE_CODE
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your account was created."))
        return redirect("my-page")
    return render(request, "registration/signup.html", {"form": form})


@never_cache
def healthz(request):
    """200 when the app and its database answer; 503 when the database does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": str(exc.__class__.__name__)}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


class ApiTokenView(ObtainAuthToken):
    """Citizens exchange their email and password for a personal API token (`Authorization: Token <t>`)."""

    authentication_classes = []

    @extend_schema(
        summary="Get your personal API token",
        examples=[
            OpenApiExample(
                "Sign in", value={"username": "citizen@example.org", "password": "secret"}, request_only=True
            )
        ],
        responses={200: AuthTokenSerializer, 401: OpenApiResponse(description="Wrong email or password.")},
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            # Well-formed but wrong credentials are an authentication failure (401), not invalid input.
            refusals = serializer.errors.get("non_field_errors", [])
            if any(refusal.code == "authorization" for refusal in refusals):
                raise AuthenticationFailed(refusals[0])
            raise ValidationError(serializer.errors)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})

    def get_authenticate_header(self, request):
        return 'Token realm="api"'


def database_failure(exc):
    """The error that says the database cannot be reached or dropped the connection (refused, shut down,
    starting up, closed), when that is what `exc` is or was raised from; None for any other error."""
    for _depth in range(10):
        if exc is None:
            return None
        if isinstance(exc, OperationalError | InterfaceError):
            return exc
        exc = exc.__cause__ or exc.__context__
    return None


def server_error(request):
    """handler500: Django calls it for any exception a view or middleware let through.

    A database that cannot be reached answers 503 with Retry-After: the visitor's request did not go
    through and may be sent again shortly. Anything else is a 500. Pages get an HTML page in the
    visitor's language, the API and the GBFS feeds JSON. Nothing here touches the database: the page
    is rendered without a request context (no context processor, session or user lookup)."""
    failure = database_failure(sys.exc_info()[1])
    language = cookie_language(request)
    with translation.override(language):
        if failure is None:
            detail = _("A server error occurred. It has been recorded; please try again later.")
            response = _error_response(request, 500, "errors/500.html", detail)
        else:
            detail = _("The service is briefly unavailable: we cannot reach our database. Try again in a minute.")
            response = _error_response(request, 503, "errors/503.html", detail)
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            # The cause is known and is not in the code: one line per refused request, not a traceback.
            first_line = (str(failure).strip().splitlines() or [""])[0]
            logger.warning(
                "Database unavailable, answered 503 to %s %s: %s: %s",
                request.method,
                request.path,
                type(failure).__name__,
                first_line,
            )
            response._has_been_logged = True  # tells django.request not to log it again with the traceback
    response["Content-Language"] = language
    add_never_cache_headers(response)
    return response


def page_not_found(request, exception):
    """handler404: an address the API does not have answers in the API's error shape; pages as Django does."""
    if request.path.startswith(JSON_PATHS):
        return JsonResponse(
            {"detail": str(NotFound.default_detail)}, status=404, json_dumps_params={"ensure_ascii": False}
        )
    return defaults.page_not_found(request, exception)


def _error_response(request, status, template_name, detail):
    if request.path.startswith(JSON_PATHS):
        return JsonResponse({"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False})
    return HttpResponse(loader.render_to_string(template_name, {"path": request.get_full_path()}), status=status)
