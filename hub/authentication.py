"""Partner API keys: `Authorization: Api-Key <key>` (or `Bearer <key>`), tied to one organisation."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling

from hub.models import PartnerApiKey


class Partner:
    """Who is calling with a partner key: an organisation, not a person."""

    is_authenticated = True
    is_active = True
    is_staff = False
    is_superuser = False
    is_anonymous = False
    pk = None
    id = None

    def __init__(self, api_key: PartnerApiKey):
        self.api_key = api_key
        self.organisation = api_key.organisation

    def __str__(self):
        return f"partner:{self.organisation.slug}"

    def has_perm(self, *args, **kwargs):
        return False


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keywords = ("api-key", "bearer")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send the key as 'Authorization: Api-Key <key>'."))
        key = header[1]
        if "." not in key:
            # Not one of ours (for example a citizen's Bearer token): let the next method try.
            return None
        api_key = PartnerApiKey.find(key)
        if api_key is None:
            raise exceptions.AuthenticationFailed(_("This API key is unknown, revoked or expired."))
        # Record use at most once a minute, so a busy partner does not write on every request.
        now = timezone.now()
        if not api_key.last_used_at or (now - api_key.last_used_at).total_seconds() > 60:
            PartnerApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        return Partner(api_key), api_key

    def authenticate_header(self, request):
        return 'Api-Key realm="api"'


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "hub.authentication.ApiKeyAuthentication"
    name = "PartnerApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A partner key issued by the city: `Api-Key <key>` or `Bearer <key>`.",
        }


class ApiKeyRateThrottle(throttling.SimpleRateThrottle):
    """Each partner key has its own request budget."""

    scope = "api_key"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, PartnerApiKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.prefix}


def partner_organisation(request):
    return request.auth.organisation if isinstance(request.auth, PartnerApiKey) else None


class IsPartner(permissions.BasePermission):
    """The caller presents an active partner API key."""

    message = _("This needs a partner API key.")

    def has_permission(self, request, view):
        return partner_organisation(request) is not None


class IsPartnerOrReadOnly(permissions.BasePermission):
    message = _("Changing data needs a partner API key.")
    anyone_may_read = True  # the schema documents reads as open to anyone (sharingcity/api_schema.py)

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or partner_organisation(request) is not None
