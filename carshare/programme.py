"""What car sharing shows on the home page, My page, the header and the personal calendar."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from carshare.models import Booking, Membership, ParkingLot, Vehicle
from sharingcity.ical import CalendarEvent


def card():
    cars = Vehicle.objects.aggregate(
        active=Count("id", filter=Q(status=Vehicle.Status.ACTIVE)),
        electric=Count("id", filter=Q(status=Vehicle.Status.ACTIVE, propulsion=Vehicle.Propulsion.ELECTRIC)),
    )
    return {
        "key": "carshare",
        "title": _("Car sharing"),
        "description": _("Shared cars at public parking lots, run by the city's partner operators."),
        "url": reverse("carshare:find-car"),
        "figures": [
            (_("parking lots"), ParkingLot.objects.count()),
            (_("shared cars"), cars["active"]),
            (_("electric cars"), cars["electric"]),
        ],
    }


def my_page(user):
    member = Membership.objects.filter(user=user).first()
    # The latest 20 first, then their cars and lots: joining a year of bookings before the sort grew
    # with the member's history.
    latest = Booking.objects.of_holder(user).order_by("-period").values("pk")[:20]
    bookings = list(Booking.objects.filter(pk__in=latest).for_list().order_by("-period")) if member else []
    return {
        "title": _("Car bookings"),
        "template": "carshare/my_page_section.html",
        "context": {"member": member, "bookings": bookings},
    }


def nav():
    return (_("Car sharing"), reverse("carshare:find-car"))


def calendar_events(user):
    bookings = Booking.objects.of_holder(user).for_list().exclude(status=Booking.Status.NO_SHOW).order_by("-period")
    return [
        CalendarEvent(
            uid=f"carshare-booking-{booking.pk}@sharing.example",
            start=booking.start,
            end=booking.end,
            summary=str(_("Shared car: %(car)s") % {"car": booking.vehicle.model_name}),
            location=f"{booking.vehicle.home_lot.display_name}, {booking.vehicle.home_lot.address}",
            description=booking.vehicle.plate_number,
            status="CANCELLED" if booking.status == Booking.Status.CANCELLED else "CONFIRMED",
        )
        for booking in bookings[:200]
    ]
