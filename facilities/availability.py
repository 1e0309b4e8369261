"""When a facility is open and free: the SQL filter behind search, and the slot calendar behind the
week grid, the "next free slots" of search results and the availability API.

Seoul has no daylight saving time, so a local wall-clock time maps to exactly one instant.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.contrib.postgres.fields import DateTimeRangeField
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.db.models import DateTimeField, DurationField, Exists, ExpressionWrapper, Func, OuterRef, Value
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

SEOUL = ZoneInfo("Asia/Seoul")


@lru_cache(maxsize=32)
def _holidays_of(year: int):
    return holidays.country_holidays("KR", years=year)


def holiday_name(day: date) -> str | None:
    """The Korean public holiday on `day` (from the `holidays` package), or None."""
    return _holidays_of(day.year).get(day)


def local(moment: datetime) -> datetime:
    return moment.astimezone(SEOUL)


def at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=SEOUL)


def earliest_bookable(facility, now) -> datetime:
    return at(local(now).date() + timedelta(days=facility.min_days_ahead), time(0))


def latest_bookable(facility, now) -> datetime:
    """Bookings must end by the end of the last day of the window."""
    return at(local(now).date() + timedelta(days=facility.max_days_ahead + 1), time(0))


def _minutes_interval(expression):
    return Func(
        expression,
        function="make_interval",
        template="make_interval(mins => %(expressions)s)",
        output_field=DurationField(),
    )


def free_between(queryset, start: datetime, end: datetime):
    """Narrow `queryset` of facilities to those open, not closed and not held for all of [start, end),
    counting each facility's buffer, in one SQL query (the subqueries use the exclusion constraint's
    GiST index)."""
    from facilities.models import Closure, OpeningPeriod, Reservation

    if end <= start:
        return queryset.none()
    local_start, local_end = local(start), local(end)
    if local_start.date() != local_end.date():
        return queryset.none()
    open_then = OpeningPeriod.objects.filter(
        facility=OuterRef("pk"),
        weekday=local_start.weekday(),
        opens__lte=local_start.time(),
        closes__gte=local_end.time(),
    )
    queryset = queryset.filter(Exists(open_then))
    if holiday_name(local_start.date()):
        queryset = queryset.filter(open_on_holidays=True)
    closed = Closure.objects.filter(facility=OuterRef("pk"), period__overlap=DateTimeTZRange(start, end))
    wanted = Func(
        Value(start, output_field=DateTimeField()),
        ExpressionWrapper(
            Value(end, output_field=DateTimeField()) + _minutes_interval(OuterRef("buffer_minutes")),
            output_field=DateTimeField(),
        ),
        Value("[)"),
        function="tstzrange",
        output_field=DateTimeRangeField(),
    )
    held = Reservation.objects.filter(
        facility=OuterRef("pk"), status__in=Reservation.HOLDING, held_period__overlap=wanted
    )
    return queryset.exclude(Exists(closed)).exclude(Exists(held))


@dataclass
class Calendar:
    """What is known about some facilities over some days, loaded in three queries."""

    periods: dict
    closures: dict
    held: dict

    @classmethod
    def load(cls, facilities, first_day: date, last_day: date, exclude_reservation=None):
        from facilities.models import Closure, OpeningPeriod, Reservation

        ids = [facility.pk for facility in facilities]
        span = DateTimeTZRange(at(first_day, time(0)), at(last_day + timedelta(days=1), time(0)))
        periods, closures, held = {i: [] for i in ids}, {i: [] for i in ids}, {i: [] for i in ids}
        for period in OpeningPeriod.objects.filter(facility_id__in=ids).order_by("weekday", "opens"):
            periods[period.facility_id].append(period)
        for closure in Closure.objects.filter(facility_id__in=ids, period__overlap=span):
            closures[closure.facility_id].append((closure.period.lower, closure.period.upper, closure.reason))
        reservations = Reservation.objects.filter(
            facility_id__in=ids, status__in=Reservation.HOLDING, held_period__overlap=span
        ).only("facility_id", "held_period", "status")
        if exclude_reservation is not None:
            reservations = reservations.exclude(pk=exclude_reservation)
        for reservation in reservations:
            held[reservation.facility_id].append((reservation.held_period.lower, reservation.held_period.upper))
        return cls(periods, closures, held)

    def open_windows(self, facility, day: date):
        """The [start, end) stretches the facility is open on `day` (holidays and closures aside)."""
        if holiday_name(day) and not facility.open_on_holidays:
            return []
        return [(at(day, p.opens), at(day, p.closes)) for p in self.periods[facility.pk] if p.weekday == day.weekday()]

    def closure_at(self, facility, start, end):
        for lower, upper, reason in self.closures[facility.pk]:
            if lower < end and start < upper:
                return reason
        return None

    def is_held(self, facility, start, end):
        wanted_end = end + timedelta(minutes=facility.buffer_minutes)
        return any(lower < wanted_end and start < upper for lower, upper in self.held[facility.pk])

    def slot_state(self, facility, start, end, now):
        """One of: free, taken, closed, outside (before or after the booking window)."""
        if not any(o <= start and end <= c for o, c in self.open_windows(facility, local(start).date())):
            return "closed"
        if self.closure_at(facility, start, end):
            return "closed"
        if start < earliest_bookable(facility, now) or end > latest_bookable(facility, now):
            return "outside"
        if self.is_held(facility, start, end):
            return "taken"
        return "free"

    def slots(self, facility, day: date):
        """The slot-sized steps of every open window of `day`."""
        step = timedelta(minutes=facility.slot_minutes)
        for opens, closes in self.open_windows(facility, day):
            start = opens
            while start + step <= closes:
                yield start, start + step
                start += step

    def free_slots(self, facility, first_day: date, last_day: date, now, limit=None, not_before=None):
        """Free times of the shortest bookable length, one per slot step."""
        length = timedelta(minutes=max(facility.slot_minutes, facility.min_duration_minutes))
        found = []
        day = first_day
        while day <= last_day:
            for start, _end in self.slots(facility, day):
                if not_before and start < not_before:
                    continue
                if self.slot_state(facility, start, start + length, now) == "free":
                    found.append((start, start + length))
                    if limit and len(found) >= limit:
                        return found
            day += timedelta(days=1)
        return found


NEXT_FREE_SQL = """
SELECT f.id, slot.start, slot.start + slot.length
FROM facilities_facility f
CROSS JOIN LATERAL (
    SELECT candidate.start, candidate.length
    FROM (
        SELECT step.start, make_interval(mins => greatest(f.slot_minutes, f.min_duration_minutes)) AS length, d.day
        FROM generate_series(%(first)s::timestamp, %(last)s::timestamp, interval '1 day') AS d(day)
        JOIN facilities_openingperiod p
          ON p.facility_id = f.id AND p.weekday = extract(isodow FROM d.day)::int - 1
        CROSS JOIN LATERAL generate_series(
            (d.day + p.opens) AT TIME ZONE %(zone)s,
            (d.day + p.closes) AT TIME ZONE %(zone)s - make_interval(mins => f.slot_minutes),
            make_interval(mins => f.slot_minutes)
        ) AS step(start)
        WHERE d.day::date >= greatest(%(from_day)s::date, %(today)s::date + f.min_days_ahead)
          AND d.day::date <= least(
              greatest(%(from_day)s::date, %(today)s::date + f.min_days_ahead) + %(horizon)s,
              %(today)s::date + f.max_days_ahead)
          AND (f.open_on_holidays OR NOT d.day::date = ANY(%(holidays)s::date[]))
    ) AS candidate
    WHERE candidate.start >= %(not_before)s
      AND candidate.start + candidate.length
          <= ((%(today)s::date + f.max_days_ahead + 1)::timestamp AT TIME ZONE %(zone)s)
      AND EXISTS (
          SELECT 1 FROM facilities_openingperiod q
          WHERE q.facility_id = f.id AND q.weekday = extract(isodow FROM candidate.day)::int - 1
            AND (candidate.day + q.opens) AT TIME ZONE %(zone)s <= candidate.start
            AND candidate.start + candidate.length <= (candidate.day + q.closes) AT TIME ZONE %(zone)s)
      AND NOT EXISTS (
          SELECT 1 FROM facilities_closure c
          WHERE c.facility_id = f.id AND c.period && tstzrange(candidate.start, candidate.start + candidate.length))
      AND NOT EXISTS (
          SELECT 1 FROM facilities_reservation r
          WHERE r.facility_id = f.id AND r.status = ANY(%(holding)s)
            AND r.held_period && tstzrange(
                candidate.start, candidate.start + candidate.length + make_interval(mins => f.buffer_minutes)))
    ORDER BY candidate.start
    LIMIT %(count)s
) AS slot
WHERE f.id = ANY(%(ids)s)
ORDER BY f.id, slot.start
"""


def next_free_slots(facilities, now=None, count=3, horizon_days=14, not_before=None):
    """For a page of facilities: each one's next `count` free times of its shortest bookable length
    (from `not_before` if given), within `horizon_days` of the first bookable day: computed by
    PostgreSQL for the whole page in one query, from the opening hours, closures, holidays, booking
    window and held reservations (each checked through its index), so a page costs the same however
    many reservations the facilities have. The same rules as Calendar.free_slots."""
    from django.db import connection

    from facilities.models import Reservation

    now = now or timezone.now()
    facilities = list(facilities)
    if not facilities:
        return {}
    today = local(now).date()
    from_day = local(not_before).date() if not_before else today
    first = max(from_day, today + timedelta(days=min(f.min_days_ahead for f in facilities)))
    last = first + timedelta(days=horizon_days + max(f.min_days_ahead for f in facilities))
    holidays = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    params = {
        "ids": [f.pk for f in facilities],
        "first": first,
        "last": last,
        "from_day": from_day,
        "today": today,
        "horizon": horizon_days,
        "holidays": [day for day in holidays if holiday_name(day)],
        "not_before": not_before or at(today, time(0)),
        "zone": str(SEOUL),
        "holding": [str(status) for status in Reservation.HOLDING],
        "count": count,
    }
    found = {f.pk: [] for f in facilities}
    with connection.cursor() as cursor:
        cursor.execute(NEXT_FREE_SQL, params)
        for pk, start, end in cursor.fetchall():
            found[pk].append((local(start), local(end)))
    return found


def week_grid(facility, monday: date, now=None):
    """Rows of slot times by columns of days for the facility page's week grid.

    Each free cell carries its booking query and its spoken label, formatted here once per day and per
    time rather than by template filters in every one of the grid's few hundred cells."""
    now = now or timezone.now()
    days = [monday + timedelta(days=i) for i in range(7)]
    calendar = Calendar.load([facility], days[0], days[-1])
    clocks = sorted({local(start).time() for day in days for start, _end in calendar.slots(facility, day)})
    step = timedelta(minutes=facility.slot_minutes)
    # A free cell books the shortest allowed stay from its start; the form lets the citizen change it.
    shortest = timedelta(minutes=max(facility.slot_minutes, facility.min_duration_minutes))
    day_labels = {day: date_format(day, "MONTH_DAY_FORMAT") for day in days}
    book = gettext("Book %(day)s %(start)s")
    rows = []
    for clock in clocks:
        cells = []
        for day in days:
            start = at(day, clock)
            state = calendar.slot_state(facility, start, start + step, now)
            cell = {"day": day, "start": start, "end": start + shortest, "state": state}
            if state == "free":
                cell["slot_end"] = f"{local(start + step):%H:%M}"
                until = local(start + shortest).strftime("%H:%M")
                cell["query"] = f"date={day.isoformat()}&start_time={clock:%H:%M}&end_time={until}"
                cell["label"] = book % {"day": day_labels[day], "start": f"{clock:%H:%M}"}
            cells.append(cell)
        rows.append({"time": clock, "cells": cells})
    days = [{"date": day, "label": day_labels[day], "holiday": holiday_name(day)} for day in days]
    return {"days": days, "rows": rows}
