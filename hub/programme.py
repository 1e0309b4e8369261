"""What the Sharing Hub shows on the home page (its card and the latest news) and My page."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hub.models import Article, Organisation, ReviewStatus, Service


def card():
    services = Service.objects.published().count()
    organisations = Organisation.objects.published().aggregate(
        total=Count("id"), enterprises=Count("id", filter=Q(kind=Organisation.Kind.SHARING_ENTERPRISE))
    )
    return {
        "key": "hub",
        "title": _("Sharing Hub"),
        "description": _("Sharing organisations and the services they offer across the city."),
        "url": reverse("hub:service-list"),
        "figures": [
            (_("organisations"), organisations["total"]),
            (_("sharing enterprises"), organisations["enterprises"]),
            (_("sharing services"), services),
        ],
    }


def my_page(user):
    submissions = list(
        Service.objects.filter(submitted_by=user).select_related("organisation").order_by("-created_at")[:20]
    )
    organisations = list(Organisation.objects.filter(submitted_by=user).order_by("-created_at")[:20])
    return {
        "title": _("My Sharing Hub submissions"),
        "template": "hub/my_page_section.html",
        "context": {"services": submissions, "organisations": organisations, "ReviewStatus": ReviewStatus},
    }


def nav():
    return (_("Sharing Hub"), reverse("hub:service-list"))


def home_news(count=3):
    """The latest published articles, for the home page (one query)."""
    return list(
        Article.objects.published().only("title", "title_en", "slug", "summary", "summary_en", "published_at")[:count]
    )
