"""Prices: per started 10 minutes and per km; a late return pays the late time plus as much again."""

from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from carshare.pricing import estimate, final_price

SEOUL = ZoneInfo("Asia/Seoul")
START = datetime(2026, 5, 4, 10, 0, tzinfo=SEOUL)
CAR = SimpleNamespace(price_per_10_min=2000, price_per_km=200)


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(30, 6000), (60, 12000), (90, 18000), (24 * 60, 288000)],
)
def test_the_estimate_charges_each_booked_10_minutes(minutes, expected):
    assert estimate(CAR, START, START + timedelta(minutes=minutes)) == expected


@pytest.mark.parametrize(
    ("booked", "returned_after", "km", "time_price", "distance_price", "late_fee", "total"),
    [
        # On time, short trip.
        (60, 60, 12, 12000, 2400, 0, 14400),
        # Early return still pays the booked time.
        (60, 35, 5, 12000, 1000, 0, 13000),
        # No distance at all.
        (30, 30, 0, 6000, 0, 0, 6000),
        # One minute late: one more 10 minutes of time and a fee of the same.
        (60, 61, 20, 14000, 4000, 2000, 20000),
        # 25 minutes late: three started steps late.
        (60, 85, 30, 18000, 6000, 6000, 30000),
    ],
)
def test_the_final_price_comes_from_time_distance_and_lateness(
    booked, returned_after, km, time_price, distance_price, late_fee, total
):
    price = final_price(CAR, START, START + timedelta(minutes=booked), START + timedelta(minutes=returned_after), km)
    assert (price.time_price, price.distance_price, price.late_fee, price.total) == (
        time_price,
        distance_price,
        late_fee,
        total,
    )
