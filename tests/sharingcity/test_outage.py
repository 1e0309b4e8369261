"""The database stops under load and starts again: every answer meanwhile is an honest 503, service comes
back by itself, and no booking that was accepted is lost.

The test runs its own PostgreSQL cluster (a fresh initdb in a short temporary folder, the same functions
as the checkout's private cluster, sharingcity/devdb.py), migrates it and serves the portal from it with
gunicorn in the production configuration. Citizens book rooms over the API with their tokens and browse
pages in Korean and English while the cluster is stopped (`pg_ctl stop -m fast`) for a few seconds and
started again. docs/reliability.md explains the figures it prints."""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import time as clock
from datetime import timedelta
from itertools import count
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from facilities.models import Reservation
from sharingcity import devdb
from tests.facilities.factories import FacilityFactory, seoul
from tests.factories import UserFactory
from tests.servers import BASE_DIR, fetch, production_server

OUTAGE_SECONDS = 3
RECOVERY_LIMIT_SECONDS = 5
PAUSE = 0.02  # between two requests of one visitor
ENOUGH = 3  # answers of each kind to see before moving to the next phase
# What the 503 says, in each language (pages and API alike).
OUTAGE_WORDS = {"ko": "데이터베이스에 연결할 수 없", "en": "cannot reach our database"}


@dataclass
class Answer:
    kind: str
    language: str
    json: bool
    sent: float
    answered: float
    status: int | None
    headers: dict = field(repr=False)
    body: bytes = field(repr=False)
    slot: tuple | None = None

    @property
    def ok(self):
        return self.status in (200, 201)

    @property
    def honest_503(self):
        """503 with Retry-After, in the visitor's language: a page, or JSON in DRF's error shape."""
        if self.status != 503 or not self.headers.get("Retry-After", "").isdigit():
            return False
        text = self.body.decode()
        if self.json:
            detail = json.loads(text)
            return list(detail) == ["detail"] and OUTAGE_WORDS[self.language] in detail["detail"].lower()
        return (
            self.headers.get("Content-Type", "").startswith("text/html")
            and f'<html lang="{self.language}">' in text
            and OUTAGE_WORDS[self.language] in text.lower()
        )


@pytest.fixture
def own_cluster():
    """A cluster in a short temporary folder (a socket path holds at most 107 bytes), not started yet."""
    root = Path(tempfile.mkdtemp(prefix="sc-out-"))
    cluster = devdb.Cluster(root)
    try:
        yield cluster
    finally:
        devdb.stop(cluster)
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def connected_to(cluster, django_db_blocker):
    """This process's ORM works on `cluster` meanwhile (to arrange the data and to check it afterwards)."""
    saved = dict(connection.settings_dict)
    with django_db_blocker.unblock():
        connection.close()
        connection.settings_dict.update(HOST=str(cluster.socket), PORT="", NAME=devdb.DB_NAME, USER=devdb.DB_USER)
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict.update(saved)
            # Content types are cached per database alias; the other cluster's ids must not leak out.
            ContentType.objects.clear_cache()


class Preparation(threading.Thread):
    """initdb, start and migrate the cluster, in the background while gunicorn boots."""

    def __init__(self, cluster):
        super().__init__(name="preparation", daemon=True)
        self.cluster = cluster
        self.problem = "did not finish"

    def run(self):
        try:
            devdb.start(self.cluster)
            env = {**os.environ, "DATABASE_URL": self.cluster.url}
            command = [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"]
            migrate = subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True)
            self.problem = migrate.stderr if migrate.returncode else ""
        except devdb.DevDbError as error:
            self.problem = str(error)


def free_slots(first_day):
    """One-hour slots from 00:00 to 23:00, day after day."""
    for n in count():
        start = seoul(first_day + timedelta(days=n // 23), n % 23)
        yield start, start + timedelta(hours=1)


class Visitors:
    """Threads that send requests one after another until told to stop, keeping every answer."""

    def __init__(self, base):
        self.base = base
        self.answers = []
        self.done = threading.Event()
        self.threads = []

    def add(self, kind, language, is_json, request):
        def run():
            while not self.done.is_set():
                sent = time.monotonic()
                try:
                    status, headers, body, slot = request()
                except Exception as error:  # noqa: BLE001 - a dropped connection is an answer the test reports
                    status, headers, body, slot = None, {}, repr(error).encode(), None
                answered = time.monotonic()
                self.answers.append(Answer(kind, language, is_json, sent, answered, status, headers, body, slot))
                time.sleep(PAUSE)

        self.threads.append(threading.Thread(target=run, name=kind, daemon=True))

    def browse(self, kind, language, is_json, paths, cookie=""):
        cookies = "; ".join(filter(None, [f"django_language={language}", cookie]))
        turns = count()

        def request():
            path = paths[next(turns) % len(paths)]
            return *fetch(f"{self.base}{path}", headers={"Cookie": cookies}), None

        self.add(kind, language, is_json, request)

    def book(self, kind, language, token, facility, slots):
        headers = {
            "Authorization": f"Token {token}",
            "Content-Type": "application/json",
            "Cookie": f"django_language={language}",
        }

        def request():
            start, end = next(slots)
            body = {"facility": facility.pk, "start": start.isoformat(), "end": end.isoformat()}
            body |= {"attendees": 4, "purpose": "동아리 모임"}
            url = f"{self.base}/api/v1/facility-reservations/"
            return *fetch(url, json.dumps(body).encode(), headers), (facility.pk, start)

        self.add(kind, language, True, request)

    def start(self):
        for thread in self.threads:
            thread.start()

    def stop(self):
        self.done.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def wait_for(self, since, enough=ENOUGH, timeout=30):
        """Until every visitor has `enough` answers to requests sent after `since`."""
        kinds = {thread.name for thread in self.threads}
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            seen = Counter(answer.kind for answer in list(self.answers) if answer.sent >= since)
            if all(seen[kind] >= enough for kind in kinds):
                return
            time.sleep(0.05)
        raise AssertionError(f"visitors too slow: {seen}")


def arrange(base, bookers):
    """Citizens with tokens and a room each (open every hour, every day), and a signed-in visitor."""
    first_day = timezone.localdate() + timedelta(days=10)
    every_hour = [(weekday, clock(0), clock(23)) for weekday in range(7)]
    visitors = Visitors(base)
    for number, language in enumerate(bookers):
        room = FacilityFactory(
            needs_approval=False, open_on_holidays=True, max_active_per_citizen=30000, hours=every_hour
        )
        token = Token.objects.create(user=UserFactory()).key
        visitors.book(f"booking {number + 1} ({language})", language, token, room, free_slots(first_day))
    browser = Client()
    browser.force_login(UserFactory())
    signed_in = f"sessionid={browser.cookies['sessionid'].value}"
    visitors.browse("pages (ko)", "ko", False, ["/", "/facilities/"])
    visitors.browse("signed-in pages (en)", "en", False, ["/my/", "/facilities/"], cookie=signed_in)
    visitors.browse("API reads (ko)", "ko", True, ["/api/v1/facilities/"])
    visitors.browse("GBFS feed (en)", "en", True, ["/gbfs/station_information.json"])
    return visitors


def causes(log):
    """What the refused requests ran into, from the server's one-line warnings, most frequent first."""
    found = Counter(
        re.sub(r'"[^"]*"', '"..."', line.split(": ", 2)[-1])
        for line in log.splitlines()
        if "Database unavailable, answered 503" in line
    )
    return "; ".join(f"{number} x {cause}" for cause, number in found.most_common())


def report(capsys, answers, moments, recovery, log):
    statuses = Counter(answer.status for answer in answers)
    during = [a for a in answers if a.sent >= moments["stopped"] and a.answered <= moments["start"]]
    bookings = Counter(a.status for a in answers if a.slot)
    with capsys.disabled():
        print(
            f"\nDatabase outage: {len(answers)} requests, {dict(sorted(statuses.items()))} by status; "
            f"{len(during)} during the {moments['start'] - moments['stopped']:.1f} s outage, all 503; "
            f"bookings {dict(sorted(bookings.items()))}. "
            f"The cluster took {moments['started'] - moments['start']:.1f} s to start; first 2xx after that: "
            + ", ".join(f"{kind} {seconds:.2f} s" for kind, seconds in sorted(recovery.items()))
            + f".\nCauses logged: {causes(log)}"
        )


def test_a_database_outage_under_load_answers_503_throughout_and_loses_no_accepted_booking(
    own_cluster, django_db_blocker, tmp_path, capsys
):
    preparation = Preparation(own_cluster)
    preparation.start()
    log_path = tmp_path / "gunicorn.log"
    environment = {"DJANGO_PAGE_CACHE_SECONDS": "0", "API_ANON_RATE": "100000/hour"}
    with production_server(workers=4, database_url=own_cluster.url, log_path=log_path, **environment) as base:
        preparation.join(timeout=180)
        assert not preparation.problem, preparation.problem
        with connected_to(own_cluster, django_db_blocker):
            visitors = arrange(base, bookers=["ko", "ko", "en"])
            moments = {}
            visitors.start()
            try:
                visitors.wait_for(since=0, enough=2)
                moments["stop"] = time.monotonic()
                devdb.stop(own_cluster)
                moments["stopped"] = time.monotonic()
                time.sleep(OUTAGE_SECONDS)
                visitors.wait_for(since=moments["stopped"])
                moments["start"] = time.monotonic()
                devdb.start(own_cluster)
                moments["started"] = time.monotonic()
                visitors.wait_for(since=moments["started"], timeout=RECOVERY_LIMIT_SECONDS + 10)
            finally:
                visitors.stop()
            answers = visitors.answers

            # Never a 500, never a dropped connection: 2xx while the database is up, an honest 503 otherwise.
            assert {answer.status for answer in answers} <= {200, 201, 503}, [
                (a.kind, a.status, a.body[:300]) for a in answers if a.status not in (200, 201, 503)
            ]
            assert all(answer.ok for answer in answers if answer.answered < moments["stop"])
            assert all(answer.honest_503 for answer in answers if answer.status == 503), [
                (a.kind, a.headers, a.body[:300]) for a in answers if a.status == 503 and not a.honest_503
            ]
            during = [a for a in answers if a.sent >= moments["stopped"] and a.answered <= moments["start"]]
            assert {a.kind for a in during} == {thread.name for thread in visitors.threads}
            # The GBFS feed is served from the cache while its copy is fresh, without the database: a worker
            # that built it before the outage goes on answering 200 (each gunicorn worker has its own copy
            # here, without Redis), the others an honest 503.
            assert all(answer.status == 503 for answer in during if answer.kind != "GBFS feed (en)")
            assert all(answer.status in (200, 503) for answer in during if answer.kind == "GBFS feed (en)")

            # Back by itself as soon as the database is: nothing after the restart fails.
            after = [a for a in answers if a.sent >= moments["started"]]
            assert all(answer.ok for answer in after), [(a.kind, a.status) for a in after if not a.ok]
            recovery = {
                kind: min(a.answered for a in after if a.kind == kind) - moments["started"]
                for kind in {a.kind for a in after}
            }
            assert max(recovery.values()) < RECOVERY_LIMIT_SECONDS

            # Every booking answered 201 is kept; a booking answered 503 left nothing behind.
            connection.close()  # this process's connection went down with the server too
            accepted = {json.loads(a.body)["id"] for a in answers if a.slot and a.status == 201}
            refused = [a.slot for a in answers if a.slot and a.status == 503]
            assert accepted and refused
            assert set(Reservation.objects.values_list("pk", flat=True)) == accepted
            saved_slots = {(r.facility_id, r.period.lower) for r in Reservation.objects.only("facility", "period")}
            assert not saved_slots & set(refused)

    # The server's log says what happened, once per refused request, without a traceback each time.
    log = log_path.read_text()
    assert "Traceback" not in log and "Internal Server Error" not in log
    assert log.count("Database unavailable, answered 503") == sum(a.status == 503 for a in answers)
    report(capsys, answers, moments, recovery, log)
