"""Staff reports: utilisation of each facility in a month (hours booked / hours open), and the day or week
calendar of an agency's rooms."""

from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.db.models import DurationField, ExpressionWrapper, Sum
from django.db.models.functions import Greatest, Least, Lower, Upper
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from facilities.availability import Calendar, at, local
from facilities.models import Reservation
from sharingcity.charts import Chart, Series

USED = [Reservation.Status.CONFIRMED, Reservation.Status.COMPLETED, Reservation.Status.NO_SHOW]


@dataclass
class Utilisation:
    facility: object
    hours_open: Decimal
    hours_booked: Decimal

    @property
    def percent(self):
        return round(self.hours_booked / self.hours_open * 100, 1) if self.hours_open else None


def utilisation_chart(rows):
    """Each facility's share of its open hours that were booked, the busiest first."""
    rows = sorted((row for row in rows if row.percent is not None), key=lambda row: -row.percent)
    return Chart(
        title=_("Share of open hours booked"),
        heading=_("Facility"),
        labels=[row.facility.display_name for row in rows],
        series=[Series(pgettext_lazy("facility report", "Utilisation"), [row.percent for row in rows])],
        percent=True,
        kind="horizontal",
    )


def month_bounds(month: date):
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following


def _hours(delta) -> Decimal:
    return (Decimal(delta.total_seconds()) / 3600).quantize(Decimal("0.1")) if delta else Decimal("0")


def utilisation(facilities, month: date):
    """One row per facility, in four queries: opening hours, closures and holidays give the open hours,
    confirmed/completed/no-show reservations (clipped to the month) the booked hours."""
    facilities = list(facilities)
    first, following = month_bounds(month)
    start, end = at(first, time(0)), at(following, time(0))
    booked = dict(
        Reservation.objects.filter(
            facility__in=facilities, status__in=USED, period__overlap=DateTimeTZRange(start, end)
        )
        .values("facility")
        .annotate(
            total=Sum(
                ExpressionWrapper(
                    Least(Upper("period"), end) - Greatest(Lower("period"), start), output_field=DurationField()
                )
            )
        )
        .values_list("facility", "total")
    )
    calendar = Calendar.load(facilities, first, following - timedelta(days=1))
    rows = []
    for facility in facilities:
        open_time = timedelta()
        day = first
        while day < following:
            for opens, closes in calendar.open_windows(facility, day):
                open_time += closes - opens
                for lower, upper, _reason in calendar.closures[facility.pk]:
                    overlap = min(upper, closes) - max(lower, opens)
                    if overlap > timedelta():
                        open_time -= overlap
            day += timedelta(days=1)
        rows.append(Utilisation(facility, _hours(open_time), _hours(booked.get(facility.pk))))
    return rows


@dataclass
class CalendarRow:
    facility: object
    days: list  # (day, what holds part of it: requests, bookings, offers and blocks, in time order)


def agency_calendar(facilities, days: list[date]) -> list[CalendarRow]:
    """What holds each room on each day (requests, bookings, offers and blocks), in one query for all."""
    facilities = list(facilities)
    span = DateTimeTZRange(at(days[0], time(0)), at(days[-1] + timedelta(days=1), time(0)))
    held = (
        Reservation.objects.filter(facility__in=facilities, period__overlap=span)
        .holding()
        .select_related("citizen")
        .order_by("period")
    )
    cells = {(f.pk, day): [] for f in facilities for day in days}
    for reservation in held:
        first, last = local(reservation.start).date(), local(reservation.end - timedelta(microseconds=1)).date()
        for day in days:
            if first <= day <= last:
                cells[(reservation.facility_id, day)].append(reservation)
    return [CalendarRow(f, [(day, cells[(f.pk, day)]) for day in days]) for f in facilities]
