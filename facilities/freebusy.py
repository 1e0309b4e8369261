"""A facility's public free/busy time (iCalendar VFREEBUSY) for partner apps and signage: when the room
is taken over the next weeks, from the reservations and staff blocks that hold it and the closures,
with no names, purposes or contact details. Three queries."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from facilities.models import Closure, Reservation
from sharingcity.ical import BusyPeriod, build_freebusy

WINDOW = timedelta(weeks=4)
KIND = {
    Reservation.Status.REQUESTED: "BUSY-TENTATIVE",
    Reservation.Status.CONFIRMED: "BUSY",
    Reservation.Status.BLOCKED: "BUSY-UNAVAILABLE",
    Reservation.Status.OFFERED: "BUSY-TENTATIVE",  # held for the wait list's first citizen, who may let it go
}
assert set(KIND) == set(Reservation.HOLDING), "every slot-holding status shows as busy"


def busy_periods(facility, start, end):
    """What holds the facility in [start, end), in time order. The held period includes the buffer
    after a booking, since that time cannot be booked either."""
    held = (
        Reservation.objects.holding()
        .filter(facility=facility, held_period__overlap=(start, end))
        .values_list("held_period", "status")
    )
    closed = Closure.objects.filter(facility=facility, period__overlap=(start, end)).values_list("period", flat=True)
    periods = [BusyPeriod(p.lower, p.upper, KIND[status]) for p, status in held]
    periods += [BusyPeriod(p.lower, p.upper, "BUSY-UNAVAILABLE") for p in closed]
    return sorted(periods, key=lambda period: (period.start, period.end))


def facility_freebusy(facility, url: str) -> bytes:
    start = timezone.now().replace(second=0, microsecond=0)
    end = start + WINDOW
    return build_freebusy(
        uid=f"facility-{facility.pk}-freebusy@sharing.city.example",
        start=start,
        end=end,
        busy=busy_periods(facility, start, end),
        url=url,
        contact=settings.OPEN_DATA_CONTACT_EMAIL,
    )
