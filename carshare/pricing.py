"""How much a car-share booking costs: by started 10 minutes and by kilometre, plus a late-return fee."""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

STEP = timedelta(minutes=10)
# Every started 10 minutes past the booked end costs the time price again on top (the car may have
# been promised to the next member).
LATE_FEE_MULTIPLIER = 1


def started_steps(duration: timedelta) -> int:
    if duration <= timedelta(0):
        return 0
    return math.ceil(duration / STEP)


def estimate(vehicle, start: datetime, end: datetime) -> int:
    """Price shown when booking: the booked time only (distance is not known yet)."""
    return started_steps(end - start) * vehicle.price_per_10_min


@dataclass(frozen=True)
class FinalPrice:
    time_price: int
    distance_price: int
    late_fee: int

    @property
    def total(self) -> int:
        return self.time_price + self.distance_price + self.late_fee


def final_price(vehicle, booked_start: datetime, booked_end: datetime, returned_at: datetime, distance_km: int):
    """The member pays the booked time (or the time actually used, if longer), the distance, and for a
    late return a fee of one more time price per started 10 minutes late."""
    used_until = max(booked_end, returned_at)
    time_price = started_steps(used_until - booked_start) * vehicle.price_per_10_min
    late_fee = started_steps(returned_at - booked_end) * vehicle.price_per_10_min * LATE_FEE_MULTIPLIER
    return FinalPrice(time_price=time_price, distance_price=distance_km * vehicle.price_per_km, late_fee=late_fee)
