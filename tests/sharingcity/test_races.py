"""Many processes (not threads of one process) book the same facility slot and the same car at the same
moment, round after round: each time exactly one wins and every other gets the clear conflict answer."""

import json
import multiprocessing
from datetime import timedelta

import pytest
from django.db import connections
from rest_framework.authtoken.models import Token

from carshare.models import Booking
from carshare.services import book_car
from facilities.models import Reservation
from sharingcity.booking import BookingConflict
from sharingcity.models import User
from tests.carshare.factories import MembershipFactory, VehicleFactory, next_slot
from tests.facilities.factories import FacilityFactory, seoul, working_day
from tests.factories import UserFactory
from tests.servers import fetch, production_server

PROCESSES = 8
ROUNDS = 4
FORK = multiprocessing.get_context("fork")


def race(target, arguments):
    """Run `target(*args)` in one process per argument tuple, all released at once; return their answers."""
    connections.close_all()  # children must open their own connections, not share the parent's
    barrier = FORK.Barrier(len(arguments))
    answers = FORK.Queue()

    def run(*args):
        connections.close_all()
        barrier.wait()
        try:
            answers.put(target(*args))
        except Exception as error:  # noqa: BLE001 - reported as an answer; the test counts them
            answers.put(f"error: {error!r}")
        finally:
            connections.close_all()

    processes = [FORK.Process(target=run, args=args) for args in arguments]
    for process in processes:
        process.start()
    results = [answers.get(timeout=60) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    return results


def report(capsys, what, tally):
    with capsys.disabled():
        print(
            f"\n{what}: {ROUNDS} rounds x {PROCESSES} processes = {sum(tally.values())} attempts, "
            f"{tally.get('won', 0)} won, {tally.get('conflict', 0)} got the conflict answer, "
            f"{sum(v for k, v in tally.items() if k not in ('won', 'conflict'))} other"
        )


@pytest.mark.django_db(transaction=True)
def test_processes_racing_over_http_for_one_facility_slot_leave_one_reservation_each_round(capsys):
    room = FacilityFactory(needs_approval=False, max_active_per_citizen=ROUNDS)
    tokens = [Token.objects.create(user=UserFactory()).key for _ in range(PROCESSES)]
    tally = {}

    with production_server(workers=4, DJANGO_PAGE_CACHE_SECONDS="0") as base:

        def book(token, start, end):
            body = {"facility": room.pk, "start": start, "end": end, "attendees": 5, "purpose": "동아리 모임"}
            headers = {
                "Authorization": f"Token {token}",
                "Content-Type": "application/json",
                "Cookie": "django_language=en",
            }
            status, _, content = fetch(f"{base}/api/v1/facility-reservations/", json.dumps(body).encode(), headers)
            if status == 201:
                return "won"
            if status == 409 and "taken" in json.loads(content)["detail"]:
                return "conflict"
            return f"{status}: {content.decode()[:200]}"

        day = working_day()
        for round_number in range(ROUNDS):
            start = seoul(day, 9 + 2 * round_number)
            slot = (start.isoformat(), (start + timedelta(hours=1)).isoformat())
            answers = race(book, [(token, *slot) for token in tokens])
            for answer in answers:
                tally[answer] = tally.get(answer, 0) + 1
            assert sorted(answers) == ["conflict"] * (PROCESSES - 1) + ["won"], answers

    report(capsys, "Facility slot over HTTP (gunicorn, 4 workers)", tally)
    assert Reservation.objects.filter(facility=room).count() == ROUNDS


@pytest.mark.django_db(transaction=True)
def test_processes_racing_for_one_car_leave_one_booking_each_round(capsys):
    car = VehicleFactory()
    members = [MembershipFactory().user_id for _ in range(PROCESSES)]
    tally = {}

    def book(user_id, start, end):
        try:
            book_car(User.objects.get(pk=user_id), type(car).objects.get(pk=car.pk), start, end)
        except BookingConflict:
            return "conflict"
        return "won"

    for round_number in range(ROUNDS):
        start, end = next_slot(hours_from_now=3 + 3 * round_number, minutes=60)
        answers = race(book, [(member, start, end) for member in members])
        for answer in answers:
            tally[answer] = tally.get(answer, 0) + 1
        assert sorted(answers) == ["conflict"] * (PROCESSES - 1) + ["won"], answers

    report(capsys, "Car over the booking service (separate processes)", tally)
    assert Booking.objects.filter(vehicle=car).count() == ROUNDS
