"""Many processes (not threads of one process) book the same thing at the same moment, round after round,
in every programme: for the very same range, and for overlapping but different ranges (the case where
PostgreSQL's exclusion check used to end in a deadlock, about once in 340 attempts). Each round exactly one
wins and every other gets the programme's clear conflict answer; nothing else, ever."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.authtoken.models import Token

from carshare.models import Booking, Vehicle
from carshare.services import book_car
from facilities.availability import holiday_name
from facilities.models import Facility, Reservation
from facilities.services import book_facility
from roomshare.models import Agreement, Application
from roomshare.services import book_room_for
from sharingcity.booking import BookingConflict
from sharingcity.models import User
from tests.carshare.factories import MembershipFactory, VehicleFactory, next_slot
from tests.facilities.factories import FacilityFactory, seoul, working_day
from tests.factories import UserFactory
from tests.races import Racers
from tests.roomshare.factories import ApplicationFactory, RoomFactory, StudentFactory, coordinator
from tests.servers import fetch, production_server

PROCESSES = 8
# Rounds per case: 2 cases x 64 rounds x 8 processes = 1,024 attempts per programme (the deadlock showed up
# 7 times in 2,400 such attempts before booking transactions queued on the resource and retried).
ROUNDS = 64


def report(capsys, racers, what):
    with capsys.disabled():
        print("\n" + racers.summary(what))


def one_winner(answers):
    return answers == ["conflict"] * (PROCESSES - 1) + ["won"]


# Facilities.


def book_a_facility(user_id, facility_id, start, end):
    try:
        book_facility(
            resource=Facility.objects.get(pk=facility_id),
            holder=User.objects.get(pk=user_id),
            start=start,
            end=end,
            attendees=5,
        )
    except BookingConflict:
        return "conflict"
    return "won"


@pytest.mark.django_db(transaction=True)
def test_processes_racing_for_facility_slots_leave_one_reservation_each_round(capsys):
    rooms = [FacilityFactory(needs_approval=False, max_active_per_citizen=500) for _ in range(4)]
    citizens = [UserFactory().pk for _ in range(PROCESSES)]
    first_day = working_day(days_ahead=6)
    slots = [(room, day, hour) for day in range(0, 60) for hour in (9, 12, 15) for room in rooms]
    slots = [(room, first_day + timedelta(days=day), hour) for room, day, hour in slots]
    slots = [s for s in slots if s[1].weekday() < 5 and not holiday_name(s[1])][: 2 * ROUNDS]

    with Racers(PROCESSES, book_a_facility) as racers:
        for number, (room, day, hour) in enumerate(slots):
            if number % 2:  # the same hour for everyone
                times = [(seoul(day, hour), seoul(day, hour + 1))] * PROCESSES
            else:  # one or two hours from one of two starts: all overlap, none is the same
                times = [(seoul(day, hour + i % 2), seoul(day, hour + 2 + i % 3 // 2)) for i in range(PROCESSES)]
            answers = racers.round([(c, room.pk, *t) for c, t in zip(citizens, times, strict=True)])
            assert one_winner(answers), answers
    report(capsys, racers, "Facility slots (booking service)")
    assert Reservation.objects.filter(facility__in=rooms).count() == len(slots)


# Car sharing.


def book_a_car(user_id, car_id, start, end):
    try:
        book_car(resource=Vehicle.objects.get(pk=car_id), holder=User.objects.get(pk=user_id), start=start, end=end)
    except BookingConflict:
        return "conflict"
    return "won"


@pytest.mark.django_db(transaction=True)
def test_processes_racing_for_cars_leave_one_booking_each_round(capsys):
    cars = [VehicleFactory() for _ in range(4)]
    members = [MembershipFactory().user_id for _ in range(PROCESSES)]
    base, _ = next_slot(hours_from_now=1)

    with Racers(PROCESSES, book_a_car) as racers:
        for number in range(2 * ROUNDS):
            car = cars[number % len(cars)]
            start = base + timedelta(hours=2 * (number // len(cars)))
            if number % 2:
                times = [(start, start + timedelta(hours=1))] * PROCESSES
            else:
                m = timedelta(minutes=10)
                times = [(start + (i % 4) * m, start + timedelta(hours=1) + (i % 3) * m) for i in range(PROCESSES)]
            answers = racers.round([(u, car.pk, *t) for u, t in zip(members, times, strict=True)])
            assert one_winner(answers), answers
    report(capsys, racers, "Cars (booking service)")
    assert Booking.objects.filter(vehicle__in=cars).count() == 2 * ROUNDS


# Room sharing: coordinators turn accepted applications into agreements at the same moment.


def agree(application_id, coordinator_id):
    try:
        book_room_for(Application.objects.get(pk=application_id), coordinator=User.objects.get(pk=coordinator_id))
    except ValidationError:
        return "conflict"
    return "won"


@pytest.mark.django_db(transaction=True)
def test_coordinators_racing_to_house_students_leave_one_agreement_each_round(capsys):
    coordinators = [coordinator("nowon-gu").pk for _ in range(PROCESSES)]
    today = timezone.localdate()
    rounds = ROUNDS // 4  # each round needs its own room and students

    with Racers(PROCESSES, agree) as racers:
        for number in range(2 * rounds):
            if number % 2:  # one room, many students: the same term for everyone
                room = RoomFactory(available_from=today)
                applications = [
                    ApplicationFactory(room=room, student=StudentFactory(move_in=today), status="accepted")
                    for _ in range(PROCESSES)
                ]
            else:  # one student, many rooms from different days: terms overlap, none is the same
                student = StudentFactory(move_in=today)
                applications = [
                    ApplicationFactory(
                        room=RoomFactory(available_from=today + timedelta(days=7 * i)),
                        student=student,
                        status="accepted",
                    )
                    for i in range(PROCESSES)
                ]
            answers = racers.round([(a.pk, c) for a, c in zip(applications, coordinators, strict=True)])
            assert one_winner(answers), answers
    report(capsys, racers, "Room-share agreements (coordinators)")
    assert Agreement.objects.count() == 2 * rounds


# Over HTTP: the production server answers the losers 409 with the conflict message, never 500.


@pytest.mark.django_db(transaction=True)
def test_processes_racing_over_http_for_one_facility_slot_leave_one_reservation_each_round(capsys):
    room = FacilityFactory(needs_approval=False, max_active_per_citizen=50)
    tokens = [Token.objects.create(user=UserFactory()).key for _ in range(PROCESSES)]
    rounds = 8

    with production_server(workers=4, DJANGO_PAGE_CACHE_SECONDS="0") as base:

        def book(token, start, end):
            body = {"facility": room.pk, "start": start, "end": end, "attendees": 5, "purpose": "동아리 모임"}
            headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
            headers["Cookie"] = "django_language=en"
            status, _, content = fetch(f"{base}/api/v1/facility-reservations/", json.dumps(body).encode(), headers)
            if status == 201:
                return "won"
            if status == 409 and "taken" in json.loads(content)["detail"]:
                return "conflict"
            return f"{status}: {content.decode()[:200]}"

        first = working_day()
        days = [first, working_day(days_ahead=(first - timezone.localdate()).days + 1)]
        with Racers(PROCESSES, book) as racers:
            for number in range(rounds):
                start = seoul(days[number // 4], 9 + 2 * (number % 4))
                ends = [start + timedelta(hours=1 + i % 2) for i in range(PROCESSES)]
                answers = racers.round(
                    [(t, start.isoformat(), e.isoformat()) for t, e in zip(tokens, ends, strict=True)]
                )
                assert one_winner(answers), answers

    report(capsys, racers, "Facility slot over HTTP (gunicorn, 4 workers)")
    assert Reservation.objects.filter(facility=room).count() == rounds
