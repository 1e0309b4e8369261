"""GBFS 3.1-RC3 vehicle_availability: for each car in service, the windows in which it is free to book
from now to the booking horizon, i.e. the gaps between the bookings that hold it. No booking's member
or purpose is published, only when the car is taken. Two queries, whatever the size of the fleet."""

from itertools import groupby

from carshare.gbfs import rows
from carshare.gbfs.rows import rfc3339, type_id
from carshare.models import Booking
from carshare.rules import BOOKING_HORIZON, MINIMUM_BOOKING


def free_windows(taken, start, end):
    """The gaps of at least the shortest booking between the sorted (lower, upper) periods in [start, end)."""
    windows, cursor = [], start
    for lower, upper in taken:
        if lower - cursor >= MINIMUM_BOOKING:
            windows.append((cursor, lower))
        cursor = max(cursor, upper)
    if end - cursor >= MINIMUM_BOOKING:
        windows.append((cursor, end))
    return windows


def vehicles(now):
    now = now.replace(microsecond=0)
    horizon = now + BOOKING_HORIZON
    cars = rows.in_service().values("pk", "home_lot__slug", *rows.TYPE_FIELDS).order_by("pk")
    bookings = (
        Booking.objects.holding()
        .filter(vehicle__in=rows.in_service(), period__overlap=(now, horizon))
        .values_list("vehicle_id", "period")
        .order_by("vehicle_id", "period")
    )
    taken = {
        vehicle: [(period.lower, period.upper) for _vehicle, period in group]
        for vehicle, group in groupby(bookings, key=lambda row: row[0])
    }
    return [
        {
            "vehicle_id": str(car["pk"]),
            "vehicle_type_id": type_id(car),
            "station_id": car["home_lot__slug"],
            "pricing_plan_id": type_id(car),
            "availabilities": [
                {"from": rfc3339(lower), "until": rfc3339(upper)}
                for lower, upper in free_windows(taken.get(car["pk"], []), now, horizon)
            ],
        }
        for car in cars
    ]
