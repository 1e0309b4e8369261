"""Under real parallel connections the database keeps the promises: one winner per car and time, and
never more cars at a lot than the operator's spaces."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from carshare.models import Booking, Vehicle
from carshare.services import book_car, register_vehicle
from sharingcity.booking import BookingConflict
from tests.carshare.factories import MembershipFactory, SpaceAllocationFactory, VehicleFactory, next_slot

THREADS = 6


def run_in_parallel(work, count=THREADS):
    barrier = threading.Barrier(count)
    outcomes = []

    def worker(index):
        try:
            barrier.wait()
            work(index)
            outcomes.append("ok")
        except (BookingConflict, ValidationError):
            outcomes.append("refused")
        except Exception as exc:  # noqa: BLE001 - an unexpected error must fail the test, not vanish
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_members_racing_for_the_same_car_and_time_leave_exactly_one_booking():
    car = VehicleFactory()
    members = [MembershipFactory() for _ in range(THREADS)]
    start, end = next_slot(minutes=60)

    def book(index):
        # Each member asks for a slightly different but overlapping time.
        book_car(resource=car, holder=members[index].user, start=start + timedelta(minutes=10 * (index % 3)), end=end)

    outcomes = run_in_parallel(book)
    assert sorted(outcomes) == ["ok"] + ["refused"] * (THREADS - 1)
    assert Booking.objects.filter(vehicle=car).count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_operator_registering_cars_in_parallel_never_exceeds_its_spaces():
    allocation = SpaceAllocationFactory(spaces=2)

    def register(index):
        register_vehicle(
            allocation.operator,
            home_lot=allocation.lot,
            plate_number=f"33나{2000 + index}",
            model_name="Kia Niro EV",
            vehicle_type=Vehicle.Type.SUV,
            propulsion=Vehicle.Propulsion.ELECTRIC,
            seats=5,
            price_per_10_min=2200,
            price_per_km=190,
        )

    outcomes = run_in_parallel(register)
    assert sorted(outcomes) == ["ok", "ok"] + ["refused"] * (THREADS - 2)
    assert Vehicle.objects.filter(home_lot=allocation.lot).count() == 2
