"""What public facility booking shows on the home page and My page."""

from django.utils.translation import gettext_lazy as _


def card():
    return {
        "key": "facilities",
        "title": _("Public facilities"),
        "description": _("Meeting rooms, lecture rooms and halls of public offices, open to citizens."),
        "url": None,
        "figures": [],
    }


def my_page(user):
    return {"title": _("Facility reservations"), "template": "sharingcity/my_page_empty.html", "context": {}}


def nav():
    return None
