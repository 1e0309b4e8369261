"""The city's monthly car-share report, per operator and per lot: bookings, hours used, utilisation,
distance and the share of electric trips. Counts under 10 are shown as "<10" in what is published.

Utilisation is the share of the month's car-hours (cars x hours in the month) that cars were booked or
out on a trip: a no-show held the car as much as a trip did, and a late return kept it longer."""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.postgres.fields import DateTimeRangeField
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.db.models import Case, Count, DateTimeField, DurationField, ExpressionWrapper, F, Func, Q, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest, Now, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from carshare.models import Booking, Trip, Vehicle
from sharingcity.charts import Chart, Series

SMALL_COUNT = 10


def published_count(value: int) -> str:
    """Small counts could point at a person: the published report says "<10" instead."""
    return "<10" if 0 < value < SMALL_COUNT else str(value)


def month_bounds(year: int, month: int):
    tz = timezone.get_current_timezone()
    start = datetime.combine(datetime(year, month, 1).date(), time.min, tzinfo=tz)
    days = calendar.monthrange(year, month)[1]
    return start, start + timedelta(days=days)


@dataclass
class ReportRow:
    key: str
    label: str
    cars: int = 0
    bookings: int = 0
    trips: int = 0
    electric_trips: int = 0
    hours_used: float = 0.0
    hours_held: float = 0.0
    distance_km: int = 0
    hours_in_month: float = 0.0

    @property
    def utilisation(self) -> float:
        """Share of the fleet's hours in the month that cars were booked or out on trips."""
        available = self.cars * self.hours_in_month
        return round(self.hours_held / available, 4) if available else 0.0

    @property
    def electric_share(self) -> float:
        return round(self.electric_trips / self.trips, 3) if self.trips else 0.0

    def published(self) -> dict:
        return {
            "name": self.label,
            "cars": published_count(self.cars),
            "bookings": published_count(self.bookings),
            "trips": published_count(self.trips),
            "hours_used": f"{self.hours_used:.1f}",
            "hours_held": f"{self.hours_held:.1f}",
            "utilisation": f"{self.utilisation:.1%}",
            "distance_km": str(self.distance_km),
            "electric_share": f"{self.electric_share:.1%}",
        }


def _range(*expressions, function):
    return Func(*expressions, function=function, output_field=DateTimeRangeField())


def held_in(start, end):
    """Each booking's hours inside [start, end): its booked time merged with its trip's (a trip under way
    counts until now or the booking's end), so a late return or an early pick-up is counted once."""
    month = Value(DateTimeTZRange(start, end), output_field=DateTimeRangeField())
    no_trip = Q(trip__started_at__isnull=True)
    booked_end = F("period__endswith")
    trip_start = Coalesce(F("trip__started_at"), F("period__startswith"))
    trip_end = Case(When(no_trip, then=booked_end), default=Coalesce(F("trip__ended_at"), Greatest(booked_end, Now())))
    span = _range(F("period"), _range(trip_start, trip_end, function="tstzrange"), function="range_merge")
    inside = Func(span, month, arg_joiner=" * ", template="(%(expressions)s)", output_field=DateTimeRangeField())
    bound = {"output_field": DateTimeField()}
    length = Func(inside, function="upper", **bound) - Func(inside, function="lower", **bound)
    return Sum(ExpressionWrapper(length, output_field=DurationField()))


def _hours(duration) -> float:
    return round((duration or timedelta(0)).total_seconds() / 3600, 1)


def _rows(dimension: str, year: int, month: int):
    """One row per operator (dimension "operator") or per lot ("home_lot"), in four grouped queries."""
    start, end = month_bounds(year, month)
    hours_in_month = (end - start).total_seconds() / 3600
    rows = {}

    def grouped(queryset, prefix, **aggregates):
        key, name = f"{prefix}{dimension}_id", f"{prefix}{dimension}__name"
        for values in queryset.values(key, name).annotate(**aggregates).order_by(key):
            if values[key] not in rows:
                rows[values[key]] = ReportRow(key=str(values[key]), label=values[name], hours_in_month=hours_in_month)
            yield rows[values[key]], values

    for row, values in grouped(Vehicle.objects.home_based(), "", n=Count("pk")):
        row.cars = values["n"]

    booked = Booking.objects.filter(period__startswith__gte=start, period__startswith__lt=end).exclude(
        status=Booking.Status.CANCELLED
    )
    for row, values in grouped(booked, "vehicle__", n=Count("pk")):
        row.bookings = values["n"]

    month_range = DateTimeTZRange(start, end)
    holding = Booking.objects.exclude(status=Booking.Status.CANCELLED).filter(
        Q(period__overlap=month_range) | Q(trip__started_at__lt=end, trip__ended_at__gt=start)
    )
    for row, values in grouped(holding, "vehicle__", held=held_in(start, end)):
        row.hours_held = _hours(values["held"])

    trips = Trip.objects.filter(started_at__gte=start, started_at__lt=end, ended_at__isnull=False)
    duration = ExpressionWrapper(F("ended_at") - F("started_at"), output_field=DurationField())
    for row, values in grouped(
        trips,
        "booking__vehicle__",
        n=Count("pk"),
        electric=Count("pk", filter=Q(booking__vehicle__propulsion=Vehicle.Propulsion.ELECTRIC)),
        time_used=Sum(duration),
        distance=Sum(F("odometer_end_km") - F("odometer_start_km")),
    ):
        row.trips, row.electric_trips = values["n"], values["electric"]
        row.hours_used = _hours(values["time_used"])
        row.distance_km = values["distance"] or 0
    return sorted(rows.values(), key=lambda r: r.label)


def by_operator(year, month):
    return _rows("operator", year, month)


def by_lot(year, month):
    return _rows("home_lot", year, month)


def city_by_month(year: int, month: int, months: int = 6):
    """The whole city over the `months` months up to and including this one, one ReportRow per month (its
    label the month's first day), in three queries: the fleet, the held hours of every month, the trips."""
    firsts = [date(year, month, 1)]
    while len(firsts) < months:
        earlier = firsts[0] - timedelta(days=1)
        firsts.insert(0, earlier.replace(day=1))
    bounds = [month_bounds(first.year, first.month) for first in firsts]
    cars = Vehicle.objects.home_based().count()
    rows = [
        ReportRow(key=f"{first:%Y-%m}", label=first, cars=cars, hours_in_month=(end - start).total_seconds() / 3600)
        for first, (start, end) in zip(firsts, bounds, strict=True)
    ]
    start, end = bounds[0][0], bounds[-1][1]
    holding = Booking.objects.exclude(status=Booking.Status.CANCELLED).filter(
        Q(period__overlap=DateTimeTZRange(start, end)) | Q(trip__started_at__lt=end, trip__ended_at__gt=start)
    )
    held = holding.aggregate(**{f"m{n}": held_in(*bound) for n, bound in enumerate(bounds)})
    duration = ExpressionWrapper(F("ended_at") - F("started_at"), output_field=DurationField())
    trips = (
        Trip.objects.filter(started_at__gte=start, started_at__lt=end, ended_at__isnull=False)
        .annotate(month=TruncMonth("started_at"))
        .values("month")
        .annotate(
            n=Count("pk"),
            electric=Count("pk", filter=Q(booking__vehicle__propulsion=Vehicle.Propulsion.ELECTRIC)),
            time_used=Sum(duration),
        )
    )
    by_month = {timezone.localtime(item["month"]).date(): item for item in trips}
    for n, row in enumerate(rows):
        row.hours_held = _hours(held[f"m{n}"])
        item = by_month.get(row.label)
        if item:
            row.trips, row.electric_trips, row.hours_used = item["n"], item["electric"], _hours(item["time_used"])
    return rows


def charts(rows, what, *, heading=None, kind="horizontal"):
    """Report rows (operators, lots or months) as charts: hours used, utilisation and the electric share."""
    labels = [row.label for row in rows]

    def chart(title, name, values, percent=False):
        return Chart(
            title=title % {"what": what},
            heading=heading or _("Name"),
            labels=labels,
            series=[Series(name, values)],
            percent=percent,
            kind=kind,
        )

    return [
        chart(_("Hours used, %(what)s"), _("Hours used"), [row.hours_used for row in rows]),
        chart(
            _("Utilisation, %(what)s"),
            pgettext_lazy("car-share report", "Utilisation"),
            [100 * row.utilisation for row in rows],
            percent=True,
        ),
        chart(
            _("Electric share of trips, %(what)s"),
            _("Electric trips"),
            [100 * row.electric_share for row in rows],
            percent=True,
        ),
    ]
