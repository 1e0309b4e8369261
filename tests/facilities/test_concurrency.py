"""Many citizens race for one slot with their own database connections: exactly one wins."""

import threading

import pytest
from django.db import connection

from facilities.models import Reservation
from facilities.services import book_facility
from sharingcity.booking import BookingConflict
from tests.facilities.factories import FacilityFactory, seoul, working_day
from tests.factories import UserFactory

RACERS = 8


def race(target, arguments):
    barrier = threading.Barrier(len(arguments))
    outcomes = []

    def run(*args):
        try:
            barrier.wait()
            outcomes.append(target(*args))
        except Exception as error:  # noqa: BLE001 - the outcome is what the test looks at
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=args) for args in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_parallel_requests_for_one_slot_give_exactly_one_reservation():
    room = FacilityFactory(needs_approval=False)
    citizens = [UserFactory() for _ in range(RACERS)]
    day = working_day()
    outcomes = race(
        lambda c: book_facility(resource=room, holder=c, start=seoul(day, 14), end=seoul(day, 16)),
        [(c,) for c in citizens],
    )
    winners = [o for o in outcomes if isinstance(o, Reservation)]
    losers = [o for o in outcomes if isinstance(o, BookingConflict)]
    assert (len(winners), len(losers)) == (1, RACERS - 1)
    assert Reservation.objects.filter(facility=room).count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_citizen_racing_past_the_cap_gets_no_more_than_the_cap():
    room = FacilityFactory(max_active_per_citizen=1)
    citizen = UserFactory()
    day = working_day()
    outcomes = race(
        lambda h: book_facility(resource=room, holder=citizen, start=seoul(day, h), end=seoul(day, h + 1)),
        [(h,) for h in range(9, 15)],
    )
    assert sum(isinstance(o, Reservation) for o in outcomes) == 1
    assert Reservation.objects.filter(citizen=citizen).count() == 1
