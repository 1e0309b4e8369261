"""Demo data: operators' lots, cars, members and bookings; running the seed again adds nothing."""

import random

import pytest

from carshare import seed as carshare_seed
from carshare.models import Booking, Membership, ParkingLot, SpaceAllocation, Trip, Vehicle
from hub import seed as hub_seed
from sharingcity import seed as people_seed

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (ParkingLot, SpaceAllocation, Vehicle, Membership, Booking, Trip)]


def test_the_seed_fills_the_programme_and_running_it_again_adds_nothing(monkeypatch):
    monkeypatch.setattr(carshare_seed, "MEMBERS_PER_SCALE", 50)
    people_seed.seed(1, random.Random(1))
    hub_seed.seed(1, random.Random(2))
    carshare_seed.seed(1, random.Random(3))
    first = counts()
    assert all(first), first
    assert Membership.objects.filter(user__email="citizen@sharing.example", verified_at__isnull=False).exists()
    for allocation in SpaceAllocation.objects.all():
        assert (
            Vehicle.objects.filter(home_lot=allocation.lot, operator=allocation.operator).count() <= allocation.spaces
        )
    carshare_seed.seed(1, random.Random(3))
    assert counts() == first
