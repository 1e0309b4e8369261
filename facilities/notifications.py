"""Emails to citizens about their reservations, sent only once the transaction has committed."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

SUBJECTS = {
    "requested": _("We received your facility reservation request"),
    "confirmed": _("Your facility reservation is confirmed"),
    "rejected": _("Your facility reservation was not approved"),
    "cancelled": _("Your facility reservation was cancelled"),
    "reminder": _("Reminder: your facility reservation is tomorrow"),
}


def _send(kind, citizen, facility, reservations, series=None):
    if citizen is None or not citizen.email:
        return
    context = {"kind": kind, "citizen": citizen, "facility": facility, "reservations": reservations, "series": series}
    send_mail(
        str(SUBJECTS[kind]),
        render_to_string("facilities/email/reservation.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [citizen.email],
    )


def send_on_commit(reservation, kind):
    transaction.on_commit(lambda: _send(kind, reservation.citizen, reservation.facility, [reservation]))


def send_series_on_commit(series, reservations, kind):
    """One email for a whole weekly series (booked or cancelled together)."""
    reservations = list(reservations)
    transaction.on_commit(lambda: _send(kind, series.citizen, series.facility, reservations, series))
