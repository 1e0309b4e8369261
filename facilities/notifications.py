"""Emails to citizens about their reservations: written in the citizen's language and enqueued in the
transaction that changes the reservation (nothing is sent for a change that rolls back)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from facilities.calendar import reservation_events
from sharingcity.ical import build_calendar
from sharingcity.mail import queue_email

SUBJECTS = {
    "requested": _("We received your facility reservation request"),
    "confirmed": _("Your facility reservation is confirmed"),
    "rejected": _("Your facility reservation was not approved"),
    "cancelled": _("Your facility reservation was cancelled"),
    "reminder": _("Reminder: your facility reservation is tomorrow"),
    "offered": _("A time you were waiting for is free: accept it before the deadline"),
    "repriced": _("Your facility reservation is charged at the standard rate"),
    "unpaid": _("Your facility reservation was released: it was not paid in time"),
}


def _queue(kind, citizen, facility, reservations, series=None, link=None, **extra):
    reservations = list(reservations)
    if link is None:
        link = reservations[0].get_absolute_url() if len(reservations) == 1 else reverse("my-page")
    context = {"kind": kind, "citizen": citizen, "facility": facility, "reservations": reservations, "series": series}
    queue_email(
        citizen,
        SUBJECTS[kind],
        "facilities/email/reservation.txt",
        context | extra,
        link=link,
        attachments=[
            ("reservation.ics", lambda: build_calendar(reservation_events(reservations)).decode(), "text/calendar")
        ]
        if kind not in ("offered", "unpaid")
        else [],
    )


def notify(reservation, kind):
    _queue(kind, reservation.citizen, reservation.facility, [reservation])


def notify_series(series, reservations, kind):
    """One email for a whole weekly series (booked or cancelled together)."""
    _queue(kind, series.citizen, series.facility, reservations, series)


def notify_offer(entry):
    """The first citizen waiting is told the time is theirs if they accept it on My page before the deadline."""
    _queue(
        "offered",
        entry.citizen,
        entry.facility,
        [entry.offer],
        link=reverse("my-page"),
        deadline=entry.offer_expires_at,
    )


def notify_draw(lottery, entry):
    """Everyone who entered hears the result: the booking, or their place on the wait list."""
    won = entry.rank == 1
    queue_email(
        entry.citizen,
        _("You won the draw: your facility reservation is confirmed")
        if won
        else _("The result of the draw you entered"),
        "facilities/email/draw.txt",
        {"lottery": lottery, "facility": lottery.facility, "entry": entry, "won": won, "place": entry.rank - 1},
        link=lottery.winner.get_absolute_url() if won else reverse("my-page"),
    )
