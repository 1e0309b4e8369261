"""iCalendar export shared by the programmes: one event per booking, a personal feed, or a resource's
public free/busy time (VFREEBUSY)."""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event, FreeBusy

from sharingcity.links import absolute_url


@dataclass
class CalendarEvent:
    uid: str
    start: datetime
    end: datetime
    summary: str
    location: str = ""
    description: str = ""
    status: str = "CONFIRMED"  # CONFIRMED, TENTATIVE or CANCELLED
    url: str = ""


def build_calendar(events, name="Sharing City") -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Sharing City//Portal//KO")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Seoul")
    stamp = timezone.now()
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
        event.add("summary", item.summary)
        event.add("status", item.status)
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        if item.url:
            # A calendar app has no page to resolve a relative link against.
            event.add("url", absolute_url(item.url))
        cal.add_component(event)
    return cal.to_ical()


def calendar_response(events, filename: str, name="Sharing City", attachment=True) -> HttpResponse:
    response = HttpResponse(build_calendar(events, name), content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@dataclass
class BusyPeriod:
    start: datetime
    end: datetime
    kind: str = "BUSY"  # BUSY, BUSY-TENTATIVE or BUSY-UNAVAILABLE (RFC 5545 FBTYPE)


def build_freebusy(*, uid: str, start: datetime, end: datetime, busy, url: str = "", contact: str = "") -> bytes:
    """A published VFREEBUSY: when a resource is taken in [start, end), and nothing about by whom."""
    cal = Calendar()
    cal.add("prodid", "-//Sharing City//Portal//KO")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    component = FreeBusy()
    component.add("uid", uid)
    # RFC 5545 wants free/busy times in UTC.
    component.add("dtstamp", timezone.now().astimezone(UTC))
    component.add("dtstart", start.astimezone(UTC))
    component.add("dtend", end.astimezone(UTC))
    if url:
        component.add("url", url)
    if contact:
        component.add("contact", contact)
    for period in busy:
        lower, upper = max(period.start, start).astimezone(UTC), min(period.end, end).astimezone(UTC)
        component.add("freebusy", [(lower, upper)], parameters={"FBTYPE": period.kind})
    cal.add_component(component)
    return cal.to_ical()
