"""Absolute links to the portal, for places that have no request to build them from (emails, calendars)."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` ("/facilities/...") on the portal's public address (DJANGO_SITE_URL)."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}/{path.lstrip('/')}"
