"""What public facility booking shows on the home page, My page, the header and the personal calendar."""

from datetime import timedelta

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facilities.calendar import reservation_events
from facilities.models import Facility, Reservation

MY_PAGE_ROWS = 20


def card():
    facilities = Facility.objects.published().aggregate(total=Count("id"), districts=Count("district", distinct=True))
    upcoming = Reservation.objects.filter(status=Reservation.Status.CONFIRMED).upcoming().count()
    return {
        "key": "facilities",
        "title": _("Public facilities"),
        "description": _("Meeting rooms, lecture rooms and halls of public offices, open to citizens."),
        "url": reverse("facilities:search"),
        "figures": [
            (_("rooms and halls"), facilities["total"]),
            (_("districts"), facilities["districts"]),
            (_("upcoming confirmed bookings"), upcoming),
        ],
    }


def my_page(user):
    now = timezone.now()
    mine = Reservation.objects.of_citizen(user).select_related("facility")
    upcoming = list(mine.upcoming(now).exclude(status=Reservation.Status.BLOCKED).order_by("period")[:MY_PAGE_ROWS])
    past = list(mine.past(now).order_by("-period")[:MY_PAGE_ROWS])
    return {
        "title": _("Facility reservations"),
        "template": "facilities/my_page_section.html",
        "context": {"upcoming": upcoming, "past": past, "now": now},
    }


def nav():
    return (_("Public facilities"), reverse("facilities:search"))


def bench_endpoints():
    """Pages and API lists `make bench` drives (and the accessibility check visits): the demo search
    "free next Tuesday 14:00-16:00 in Mapo-gu for 20 people", a facility page with its week grid, the
    same search through the API, and a week of free slots."""
    today = timezone.localdate()
    tuesday = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    while tuesday < today + timedelta(days=5):
        tuesday += timedelta(weeks=1)
    day = tuesday.isoformat()
    endpoints = [
        (
            "Facility search: free next Tuesday 14-16 in Mapo-gu for 20",
            f"{reverse('facilities:search')}?district=mapo-gu&capacity=20&date={day}&time_from=14:00&time_to=16:00",
        ),
        (
            "API: facilities free at a time",
            f"/api/v1/facilities/?free_from={day}T14:00:00%2B09:00&free_to={day}T16:00:00%2B09:00",
        ),
    ]
    facility = Facility.objects.published().order_by("pk").only("slug").first()
    if facility:
        endpoints += [
            ("Facility page with its week grid", f"{facility.get_absolute_url()}?week={day}"),
            ("API: a week of free slots", f"/api/v1/facilities/{facility.pk}/availability/"),
        ]
    return endpoints


def calendar_events(user):
    """The citizen's reservations from a month ago on, for the personal iCalendar feed (one query)."""
    since = timezone.now() - timedelta(days=31)
    reservations = (
        Reservation.objects.of_citizen(user)
        .filter(status__in=[Reservation.Status.REQUESTED, Reservation.Status.CONFIRMED, Reservation.Status.COMPLETED])
        .upcoming(since)
        .select_related("facility")
        .order_by("period")[:500]
    )
    return reservation_events(reservations)


def bench_explain():
    """The query behind "free next Tuesday 14:00-16:00 in Mapo-gu for 20", for the benchmark's EXPLAIN."""
    from datetime import datetime, time

    from facilities.availability import SEOUL

    day = datetime.fromisoformat(bench_endpoints()[0][1].split("date=")[1][:10]).date()
    start = datetime.combine(day, time(14), tzinfo=SEOUL)
    end = datetime.combine(day, time(16), tzinfo=SEOUL)
    queryset = Facility.objects.published().filter(district__slug="mapo-gu", capacity__gte=20).free_between(start, end)
    return "Facility search free next Tuesday 14:00-16:00 in Mapo-gu for 20", queryset
