"""API pieces shared by every programme: errors with clear messages, and common permissions."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, permissions, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from sharingcity.api_schema import SLUG_LOOKUP
from sharingcity.booking import BookingConflict


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This time was just taken."
    default_code = "conflict"


def exception_handler(exc, context):
    """Model rules raise Django's ValidationError; the API answers those with 400 and the message."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "message_dict"):
            errors = dict(exc.message_dict)
            # Django files errors of the whole object under "__all__"; DRF clients expect "non_field_errors".
            if NON_FIELD_ERRORS in errors:
                errors[api_settings.NON_FIELD_ERRORS_KEY] = errors.pop(NON_FIELD_ERRORS)
            exc = exceptions.ValidationError(errors)
        else:
            exc = exceptions.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: exc.messages})
    elif (
        isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, dict) and NON_FIELD_ERRORS in exc.detail
    ):
        # A search form's rule about several fields (django-filter passes the form's errors on as they are).
        detail = dict(exc.detail)
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, BookingConflict):
        exc = Conflict(str(exc.message))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    return drf_exception_handler(exc, context)


class IsCitizen(permissions.BasePermission):
    """A signed-in person (session or token), not a partner key."""

    message = "Sign in as a citizen to do this."

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and getattr(user, "pk", None) is not None)


class BySlug:
    """A viewset that finds objects by their slug, Hangul ones too: its route and the schema share one
    pattern (no spaces, no ASCII punctuation but "-" and "_"), and anything else is a JSON 404."""

    lookup_field = "slug"
    lookup_value_regex = SLUG_LOOKUP
