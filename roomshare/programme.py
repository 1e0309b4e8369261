"""What room sharing shows on the home page and My page."""

from django.utils.translation import gettext_lazy as _


def card():
    return {
        "key": "roomshare",
        "title": _("Room sharing"),
        "description": _("Older homeowners with a spare room and students who need one, matched by the districts."),
        "url": None,
        "figures": [],
    }


def my_page(user):
    return {"title": _("Room-sharing applications"), "template": "sharingcity/my_page_empty.html", "context": {}}


def nav():
    return None
