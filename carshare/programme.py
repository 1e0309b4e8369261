"""What car sharing shows on the home page and My page."""

from django.utils.translation import gettext_lazy as _


def card():
    return {
        "key": "carshare",
        "title": _("Car sharing"),
        "description": _("Shared cars at public parking lots, run by the city's partner operators."),
        "url": None,
        "figures": [],
    }


def my_page(user):
    return {"title": _("Car bookings"), "template": "sharingcity/my_page_empty.html", "context": {}}


def nav():
    return None
