"""Emails to members: a confirmation when they book, and a receipt with the final price after the trip.
Written in the member's language and enqueued in the booking's transaction, so nobody hears about a
booking that was rolled back, and a mail relay that is down only delays the email."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sharingcity.mail import queue_email
from sharingcity.money import krw

SUBJECTS = {
    "booked": _("Car booked: %(car)s"),
    "returned": _("Trip receipt: %(price)s"),
}


def notify(booking, kind: str):
    def subject():
        return SUBJECTS[kind] % {"car": booking.vehicle.model_name, "price": krw(booking.final_price)}

    queue_email(
        booking.member.user,
        subject,
        f"carshare/email/{kind}.txt",
        {"booking": booking, "car": booking.vehicle, "lot": booking.vehicle.home_lot},
        link=reverse("my-page"),
    )
