"""What room sharing shows on the home page, My page, the header and the personal calendar."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roomshare.models import Agreement, Application, Host, Room, Student
from roomshare.statistics import matches_per_month
from sharingcity.charts import monthly
from sharingcity.ical import CalendarEvent


def card():
    today = timezone.localdate()
    agreements = Agreement.objects.aggregate(
        active=Count("id", filter=Q(status=Agreement.Status.ACTIVE, start__lte=today, end__gt=today)),
        matches=Count("id", filter=Q(previous__isnull=True) & ~Q(status=Agreement.Status.PROPOSED)),
    )
    return {
        "key": "roomshare",
        "title": _("Room sharing"),
        "description": _("Older homeowners with a spare room and students who need one, matched by the districts."),
        "url": reverse("roomshare:room-list"),
        "figures": [
            (_("rooms open"), Room.objects.listed().count()),
            (_("people sharing a home"), 2 * agreements["active"]),
            (_("matches so far"), agreements["matches"]),
        ],
        "trend": monthly(
            title=_("Matches per month"),
            name=_("matches"),
            counts={item["month"]: item["matches"] for item in matches_per_month(months=6)},
            months=6,
            small=True,
        ),
    }


def my_page(user):
    applications = list(
        Application.objects.filter(student__user=user).select_related("room").order_by("-created_at")[:10]
    )
    # By the person's host and student rows, so the database need not join every agreement to its
    # host and student to find theirs.
    mine = Q(host__in=Host.objects.filter(user=user).values("pk")) | Q(
        student__in=Student.objects.filter(user=user).values("pk")
    )
    agreements = list(Agreement.objects.filter(mine).select_related("room").order_by("-start")[:10])
    return {
        "title": _("Room-sharing applications"),
        "template": "roomshare/my_page_section.html",
        "context": {"applications": applications, "agreements": agreements},
    }


def nav():
    return (_("Room sharing"), reverse("roomshare:room-list"))


def calendar_events(user):
    """Meetings arranged by the coordinator, and the start of each agreement."""
    events = []
    meetings = Application.objects.filter(
        student__user=user, status=Application.Status.MEETING, meeting_at__isnull=False
    ) | Application.objects.filter(room__host__user=user, status=Application.Status.MEETING, meeting_at__isnull=False)
    for application in meetings.select_related("room"):
        events.append(
            CalendarEvent(
                uid=f"roomshare-meeting-{application.pk}@sharing.city",
                start=application.meeting_at,
                end=application.meeting_at + timedelta(hours=1),
                summary=str(_("Room-sharing meeting: %(room)s") % {"room": application.room.title}),
                location=application.meeting_place,
            )
        )
    return events
