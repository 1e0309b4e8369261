"""Reservations as iCalendar events: one .ics per reservation, and the citizen's personal feed."""

from django.utils.translation import gettext as _

from facilities.models import Reservation
from sharingcity.ical import CalendarEvent

STATUS = {
    Reservation.Status.REQUESTED: "TENTATIVE",
    Reservation.Status.CONFIRMED: "CONFIRMED",
    Reservation.Status.COMPLETED: "CONFIRMED",
}


def reservation_events(reservations):
    return [
        CalendarEvent(
            uid=f"facility-reservation-{r.pk}@sharing.city.example",
            start=r.start,
            end=r.end,
            summary=_("%(facility)s reservation") % {"facility": r.facility.display_name},
            location=r.facility.address,
            description=r.purpose,
            status=STATUS.get(r.status, "CANCELLED"),
            url=r.get_absolute_url(),
        )
        for r in reservations
    ]
