"""Emails to members: a confirmation when they book, and a receipt with the final price after the trip.
Sent only once the transaction commits, so nobody hears about a booking that was rolled back."""

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _


def _when(booking):
    start, end = timezone.localtime(booking.start), timezone.localtime(booking.end)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


def _booked(booking):
    subject = _("Car booked: %(car)s") % {"car": booking.vehicle.model_name}
    body = _(
        "Your shared car is booked.\n\nCar: %(car)s (%(plate)s)\nWhen: %(when)s\nWhere: %(lot)s, %(address)s\n"
        "Estimated price: %(price)s won, plus distance.\n\nPick up and return the car at the same lot."
    ) % {
        "car": booking.vehicle.model_name,
        "plate": booking.vehicle.plate_number,
        "when": _when(booking),
        "lot": booking.vehicle.home_lot.display_name,
        "address": booking.vehicle.home_lot.address,
        "price": f"{booking.estimated_price:,}",
    }
    return subject, body


def _returned(booking):
    trip = booking.trip
    subject = _("Trip receipt: %(price)s won") % {"price": f"{booking.final_price:,}"}
    body = _(
        "Thank you for sharing a car.\n\nCar: %(car)s (%(plate)s)\nBooked: %(when)s\nDistance: %(km)s km\n"
        "Time: %(time)s won\nDistance: %(distance)s won\nLate return: %(late)s won\nTotal: %(total)s won"
    ) % {
        "car": booking.vehicle.model_name,
        "plate": booking.vehicle.plate_number,
        "when": _when(booking),
        "km": trip.distance_km,
        "time": f"{trip.time_price:,}",
        "distance": f"{trip.distance_price:,}",
        "late": f"{trip.late_fee:,}",
        "total": f"{booking.final_price:,}",
    }
    return subject, body


MESSAGES = {"booked": _booked, "returned": _returned}


def send_on_commit(booking, event: str):
    def send():
        subject, body = MESSAGES[event](booking)
        send_mail(subject, body, None, [booking.member.user.email])

    transaction.on_commit(send)
