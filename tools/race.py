"""`make race`: people racing for the same thing over HTTP, against the production server.

In a database of its own (created and dropped here), gunicorn serves the portal with 4 workers while 8
processes, released together round after round, try to take the same thing: a facility slot (partner API
with citizens' tokens), a car (the booking page, signed in), a room (students applying from several tabs)
and a room's agreement (coordinators in the admin), for the very same range and for overlapping but
different ones. It prints attempts, winners, conflict answers and server errors per case, and fails
unless every round has exactly one winner and there is no 5xx at all.

    python -m tools.race [--rounds 64]
"""

import argparse
import json
import os
import re
import signal
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")

PROCESSES = 8


@dataclass
class Case:
    programme: str
    name: str
    attempts: int = 0
    winners: int = 0
    conflicts: int = 0
    server_errors: int = 0
    other: list = field(default_factory=list)
    bad_rounds: int = 0

    def count(self, answers, winners=None):
        self.attempts += len(answers)
        won = answers.count("won") if winners is None else winners
        self.winners += won
        self.conflicts += answers.count("conflict") if winners is None else len(answers) - won
        self.server_errors += sum(1 for a in answers if a.startswith("5"))
        self.other += [a for a in answers if a not in ("won", "conflict", "done") and not a.startswith("5")]
        if won != 1:
            self.bad_rounds += 1

    @property
    def passed(self):
        return self.server_errors == 0 and not self.other and self.bad_rounds == 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=64, help="rounds per case (2 cases per programme)")
    args = parser.parse_args(argv)

    # Stopped from outside: still stop the server and drop the race database.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(1))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharingcity.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    # The racers sign in with sessions made here, never with a password: hashing thousands of demo
    # passwords the slow, safe way would take most of the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    connection.settings_dict["TEST"]["NAME"] = "sharingcity_race"
    print("Creating the race database...", flush=True)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        cases = run_races(args.rounds)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(f"\n{'programme':<12} {'case':<44} {'attempts':>8} {'winners':>8} {'conflicts':>9} {'5xx':>5}  verdict")
    for case in cases:
        verdict = "pass" if case.passed else f"FAIL ({case.bad_rounds} rounds without one winner)"
        print(
            f"{case.programme:<12} {case.name:<44} {case.attempts:>8} {case.winners:>8} {case.conflicts:>9} "
            f"{case.server_errors:>5}  {verdict}"
        )
        for answer in case.other[:5]:
            print(f"    unexpected answer: {answer}")
    totals = {}
    for case in cases:
        totals[case.programme] = totals.get(case.programme, 0) + case.attempts
    print("attempts per programme: " + ", ".join(f"{p} {n}" for p, n in totals.items()))
    return 0 if all(case.passed for case in cases) else 1


def run_races(rounds):
    from tests.races import Racers
    from tests.servers import production_server

    world = World.build(rounds)
    cases = []
    with production_server(workers=4, DJANGO_PAGE_CACHE_SECONDS="0") as base:
        world.base = base
        with Racers(PROCESSES, world.attempt, timeout=180) as racers:
            for case_name, rounds_of_case in world.cases():
                case = Case(*case_name)
                print(f"{case.programme}: {case.name}...", flush=True)
                started = time.monotonic()
                for arguments, winners in rounds_of_case:
                    answers = racers.round(arguments)
                    case.count(answers, winners() if winners else None)
                cases.append(case)
                print(f"    {case.attempts} attempts in {time.monotonic() - started:.1f} s", flush=True)
    return cases


# The people, places and times raced for, and one attempt of each kind over HTTP.


class World:
    @classmethod
    def build(cls, rounds):
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
        from django.contrib.sessions.backends.db import SessionStore
        from rest_framework.authtoken.models import Token

        from tests.carshare.factories import MembershipFactory, VehicleFactory
        from tests.facilities.factories import FacilityFactory
        from tests.factories import UserFactory
        from tests.roomshare.factories import coordinator

        def session(user):
            store = SessionStore()
            store[SESSION_KEY] = str(user.pk)
            store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            store.create()
            return store.session_key

        world = cls()
        world.rounds = rounds
        world.rooms = [FacilityFactory(needs_approval=False, max_active_per_citizen=1000) for _ in range(4)]
        world.tokens = [Token.objects.create(user=UserFactory()).key for _ in range(PROCESSES)]
        world.cars = [VehicleFactory() for _ in range(4)]
        world.members = [session(MembershipFactory().user) for _ in range(PROCESSES)]
        world.coordinators = [session(coordinator("nowon-gu")) for _ in range(PROCESSES)]
        return world

    def cases(self):
        yield ("facilities", "same slot (API, 8 citizens)"), self.facility_rounds(same=True)
        yield ("facilities", "overlapping slots (API, 8 citizens)"), self.facility_rounds(same=False)
        yield ("carshare", "same car and time (booking page, 8 members)"), self.car_rounds(same=True)
        yield ("carshare", "same car, overlapping times (booking page)"), self.car_rounds(same=False)
        yield ("roomshare", "one student applies from 8 tabs (room page)"), self.application_rounds()
        yield ("roomshare", "8 coordinators agree one room (admin)"), self.agreement_rounds()

    # Facilities: the partner API, with citizens' tokens.

    def facility_rounds(self, same):
        from facilities.availability import holiday_name
        from tests.facilities.factories import seoul, working_day

        first = working_day(days_ahead=6 if same else 6 + 50)
        days = [first + timedelta(days=d) for d in range(80)]
        days = [d for d in days if d.weekday() < 5 and not holiday_name(d)]
        slots = [(room, day, hour) for day in days for hour in (9, 12, 15) for room in self.rooms][: self.rounds]
        for room, day, hour in slots:
            if same:
                times = [(seoul(day, hour), seoul(day, hour + 1))] * PROCESSES
            else:
                times = [(seoul(day, hour + i % 2), seoul(day, hour + 2 + i % 3 // 2)) for i in range(PROCESSES)]
            yield (
                [
                    ("facility", token, room.pk, s.isoformat(), e.isoformat())
                    for token, (s, e) in zip(self.tokens, times, strict=True)
                ],
                None,
            )

    # Car sharing: the booking page, signed in.

    def car_rounds(self, same):
        from tests.carshare.factories import next_slot

        base, _ = next_slot(hours_from_now=1 if same else 1 + 2 * self.rounds // len(self.cars) + 2)
        for number in range(self.rounds):
            car = self.cars[number % len(self.cars)]
            start = base + timedelta(hours=2 * (number // len(self.cars)))
            ten = timedelta(minutes=10)
            if same:
                times = [(start, start + timedelta(hours=1))] * PROCESSES
            else:
                times = [(start + (i % 4) * ten, start + timedelta(hours=1) + (i % 3) * ten) for i in range(PROCESSES)]
            fmt = "%Y-%m-%dT%H:%M"
            yield (
                [
                    ("car", member, car.pk, s.astimezone(SEOUL).strftime(fmt), e.astimezone(SEOUL).strftime(fmt))
                    for member, (s, e) in zip(self.members, times, strict=True)
                ],
                None,
            )

    # Room sharing: a student's tabs, and coordinators in the admin.

    def application_rounds(self):
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
        from django.contrib.sessions.backends.db import SessionStore

        from tests.roomshare.factories import RoomFactory, StudentFactory

        for _ in range(self.rounds):
            room, student = RoomFactory(), StudentFactory()
            store = SessionStore()
            store[SESSION_KEY] = str(student.user.pk)
            store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            store[HASH_SESSION_KEY] = student.user.get_session_auth_hash()
            store.create()
            yield [("apply", store.session_key, room.pk)] * PROCESSES, None

    def agreement_rounds(self):
        from django.utils import timezone

        from roomshare.models import Agreement
        from tests.roomshare.factories import ApplicationFactory, RoomFactory, StudentFactory

        today = timezone.localdate()
        for _ in range(self.rounds):
            room = RoomFactory(available_from=today)
            applications = [
                ApplicationFactory(room=room, student=StudentFactory(move_in=today), status="accepted")
                for _ in range(PROCESSES)
            ]
            arguments = [("agree", c, a.pk) for c, a in zip(self.coordinators, applications, strict=True)]
            # The admin answers every coordinator with a redirect and a message: the winner is in the database.
            yield arguments, (lambda room=room: Agreement.objects.filter(room=room).count())

    # One attempt, in a racing process.

    def attempt(self, kind, *args):
        return getattr(self, f"attempt_{kind}")(*args)

    def attempt_facility(self, token, facility, start, end):
        body = {"facility": facility, "start": start, "end": end, "attendees": 5, "purpose": "동아리 모임"}
        headers = {
            "Authorization": f"Token {token}",
            "Content-Type": "application/json",
            "Cookie": "django_language=en",
        }
        status, _, content = fetch(f"{self.base}/api/v1/facility-reservations/", json.dumps(body).encode(), headers)
        if status == 201:
            return "won"
        if status == 409:
            return "conflict"
        return f"{status}: {content[:200]!r}"

    def attempt_car(self, session, car, start, end):
        page = f"/carshare/cars/{car}/book/"
        status, content = self.post_form(session, page, {"start": start, "end": end})
        if status == 302:
            return "won"
        if status in (200, 400) and b"just booked by someone else" in content:
            return "conflict"
        return f"{status}: {content[:200]!r}"

    def attempt_apply(self, session, room):
        status, content = self.post_form(session, f"/roomshare/rooms/{room}/", {"message": "방을 보고 싶어요."})
        if status == 302:
            return "won"
        # The page answers the other tabs with the application already made ("You have applied ...").
        if status in (200, 400) and (b"already applied" in content or b"You have applied for this room" in content):
            return "conflict"
        return f"{status}: {content[:200]!r}"

    def attempt_agree(self, session, application):
        fields = {"action": "create_agreement", "_selected_action": application, "apply": "1", "months": "6"}
        status, content = self.post_form(session, "/admin/roomshare/application/", fields)
        return "done" if status == 302 else f"{status}: {content[:200]!r}"

    def post_form(self, session, path, fields):
        """GET the page for its CSRF token, then POST the form, signed in with `session`, in English."""
        cookies = {"sessionid": session, "django_language": "en"}
        status, headers, content = fetch(self.base + path, headers={"Cookie": cookie_header(cookies)})
        if status != 200:
            return status, content
        cookies["csrftoken"] = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", "")).group(1)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1).decode()
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
        headers = {"Cookie": cookie_header(cookies), "Content-Type": "application/x-www-form-urlencoded"}
        headers["Referer"] = self.base + path
        status, _, content = fetch(self.base + path, body, headers)
        return status, content


def cookie_header(cookies):
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url, data=None, headers=None):
    """(status, headers, body) without following redirects; Set-Cookie headers are joined."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        response = OPENER.open(request, timeout=60)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        found = dict(response.headers)
        found["Set-Cookie"] = ", ".join(response.headers.get_all("Set-Cookie") or [])
        return response.status, found, response.read()


if __name__ == "__main__":
    sys.exit(main())
