"""What public facility booking shows on the home page, My page, the header and the personal calendar."""

from datetime import datetime, time, timedelta

from django.db.models import Count, F
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facilities.calendar import reservation_events
from facilities.models import Facility, Lottery, LotteryEntry, Reservation, WaitlistEntry
from sharingcity.charts import last_months, monthly

TREND_MONTHS = 6

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
        "trend": monthly(
            title=_("Bookings per month"),
            name=_("bookings"),
            counts=bookings_per_month(),
            months=TREND_MONTHS,
            small=True,
        ),
    }


def bookings_per_month():
    """Confirmed and held bookings by the month they start in, over the trend's months (one grouped query)."""
    since = timezone.make_aware(datetime.combine(last_months(TREND_MONTHS)[0], time.min))
    used = [Reservation.Status.CONFIRMED, Reservation.Status.COMPLETED, Reservation.Status.NO_SHOW]
    rows = (
        Reservation.objects.filter(status__in=used, period__startswith__gte=since)
        .annotate(month=TruncMonth(F("period__startswith")))
        .values("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )
    return {timezone.localtime(month).date(): n for month, n in rows}


def my_page(user):
    now = timezone.now()
    # Offers from the wait list are shown with the wait list, where they are accepted.
    mine = (
        Reservation.objects.of_holder(user)
        .exclude(status__in=[Reservation.Status.OFFERED, Reservation.Status.EXPIRED])
        .select_related("facility")
    )
    upcoming = list(mine.upcoming(now).exclude(status=Reservation.Status.BLOCKED).order_by("period")[:MY_PAGE_ROWS])
    draws = list(
        LotteryEntry.objects.filter(citizen=user, lottery__status=Lottery.Status.OPEN)
        .select_related("lottery", "lottery__facility")
        .order_by("lottery__draw_at")
    )
    waiting = list(
        WaitlistEntry.objects.of_holder(user).open().with_position().select_related("facility").order_by("period")
    )
    past = list(mine.past(now).order_by("-period")[:MY_PAGE_ROWS])
    # The past table is rendered once per version of what it shows (a fragment cache).
    past_version = [(r.pk, r.status, r.reason, r.facility_id, r.facility.updated_at) for r in past]
    return {
        "title": _("Facility reservations"),
        "template": "facilities/my_page_section.html",
        "context": {
            "upcoming": upcoming,
            "past": past,
            "waiting": waiting,
            "draws": draws,
            "now": now,
            "past_version": past_version,
        },
    }


def nav():
    return (_("Public facilities"), reverse("facilities:search"))


def calendar_events(user):
    """The citizen's reservations from a month ago on, for the personal iCalendar feed (one query)."""
    since = timezone.now() - timedelta(days=31)
    reservations = (
        Reservation.objects.of_holder(user)
        .filter(status__in=[Reservation.Status.REQUESTED, Reservation.Status.CONFIRMED, Reservation.Status.COMPLETED])
        .upcoming(since)
        .select_related("facility")
        .order_by("period")[:500]
    )
    return reservation_events(reservations)
