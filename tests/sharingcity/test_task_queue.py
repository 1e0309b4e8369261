"""Side effects go through the durable task queue: an email is a row written in the transaction that
causes it, a worker sends it with retries, a relay that is down only delays it, and nothing is sent twice."""

import email
import email.policy
import json
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from rest_framework.authtoken.models import Token

from facilities.models import Reservation
from facilities.services import book_facility
from sharingcity.booking import BookingConflict
from sharingcity.mail import deliver_email
from sharingcity.models import PeriodicSchedule
from sharingcity.queue import Worker, run_pending_tasks
from tests.facilities.factories import FacilityFactory, ReservationFactory, seoul, working_day
from tests.factories import UserFactory
from tests.servers import BASE_DIR, fetch, free_port, production_server

EMAIL = "sharingcity.mail.deliver_email"


def queued_emails():
    return DBTaskResult.objects.filter(task_path=EMAIL)


# In one process: what is queued, when, and in which language.


@pytest.mark.django_db
def test_a_booking_that_rolls_back_queues_no_email():
    room = FacilityFactory(needs_approval=False)
    day = working_day()
    ReservationFactory(facility=room, day=day, hour=10)
    with pytest.raises(BookingConflict):
        book_facility(resource=room, holder=UserFactory(), start=seoul(day, 10), end=seoul(day, 11))
    assert not queued_emails().exists()


@pytest.mark.django_db
def test_the_email_is_written_in_the_recipients_language_with_an_absolute_link_the_price_and_the_ics(settings, deliver):
    settings.SITE_URL = "https://sharing.seoul.example"
    room = FacilityFactory(needs_approval=False, fee_per_hour=12500)
    day = working_day()
    korean, english = UserFactory(language="ko"), UserFactory(language="en")
    mine = book_facility(resource=room, holder=korean, start=seoul(day, 10), end=seoul(day, 12))
    book_facility(resource=room, holder=english, start=seoul(day, 14), end=seoul(day, 16))
    to_korean, to_english = sorted(deliver(), key=lambda m: m.to != [korean.email])
    assert to_korean.subject == "공공시설 예약이 확정되었습니다"
    assert "25,000원" in to_korean.body
    assert f"https://sharing.seoul.example/facilities/reservations/{mine.pk}/" in to_korean.body
    assert to_english.subject == "Your facility reservation is confirmed"
    assert "KRW 25,000" in to_english.body
    [(filename, ics, mimetype)] = to_korean.attachments
    assert (filename, mimetype) == ("reservation.ics", "text/calendar")
    assert "BEGIN:VEVENT" in ics and "DTSTART" in ics


@pytest.mark.django_db
def test_the_language_switch_keeps_the_choice_for_the_persons_emails(client):
    person = UserFactory(language="ko")
    client.force_login(person)
    client.get(reverse("switch-language"), {"language": "en", "next": "/"})
    person.refresh_from_db()
    assert person.language == "en"


@pytest.mark.django_db
def test_a_failing_task_runs_again_later_then_is_marked_failed_for_staff(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.sharingcity.test_task_queue.RelayDown"
    settings.TASK_MAX_ATTEMPTS = 3
    settings.TASK_RETRY_BASE_SECONDS = 0
    deliver_email.enqueue(to=["a@example.org"], subject="s", body="b")
    worker = Worker()
    for attempt in (1, 2):
        assert worker.run_once()
        task = queued_emails().get()
        assert (task.status, len(task.worker_ids)) == (TaskResultStatus.READY, attempt)
        assert "ConnectionRefusedError" in task.traceback  # the last error is kept for staff to read
    assert worker.run_once()
    assert queued_emails().get().status == TaskResultStatus.FAILED
    assert not worker.run_once()  # a failed task waits for staff
    assert mailoutbox == []


class RelayDown(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("the relay does not answer")


@pytest.mark.django_db
def test_staff_see_failed_tasks_in_the_admin_and_run_them_again(admin_client):
    deliver_email.enqueue(to=["a@example.org"], subject="s", body="b")
    DBTaskResult.objects.update(status=TaskResultStatus.FAILED, worker_ids=["w1", "w2"], traceback="Boom: relay\n")
    changelist = reverse("admin:django_tasks_database_dbtaskresult_changelist")
    page = admin_client.get(changelist, {"status__exact": "FAILED"})
    assert page.status_code == 200 and "Boom: relay" in page.content.decode()
    task = queued_emails().get()
    admin_client.post(changelist, {"action": "run_again", ACTION_CHECKBOX_NAME: [task.pk]})
    task.refresh_from_db()
    assert (task.status, task.worker_ids) == (TaskResultStatus.READY, [])


@pytest.mark.django_db
def test_a_task_left_running_by_a_dead_worker_is_taken_up_again_after_its_lease(settings):
    deliver_email.enqueue(to=["a@example.org"], subject="s", body="b")
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(hours=1))
    assert Worker().recover_stalled() == 1
    assert queued_emails().get().status == TaskResultStatus.READY


@pytest.mark.django_db
def test_two_workers_enqueue_a_periodic_task_once_per_period():
    now = timezone.now()
    first, second = Worker(), Worker()
    assert first.enqueue_periodic(now) > 0
    assert second.enqueue_periodic(now) == 0
    assert DBTaskResult.objects.filter(task_path="facilities.tasks.send_reminders").count() == 1
    assert PeriodicSchedule.objects.filter(name="facilities.tasks.send_reminders").exists()


# Across processes, with a real SMTP relay: down while people book, up again later.


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@contextmanager
def task_worker(**environment):
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": f"postgres://{db['USER']}@/{db['NAME']}?host={db['HOST']}",
        **environment,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.2"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield worker
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


@pytest.mark.django_db(transaction=True)
def test_with_the_relay_down_a_booking_succeeds_and_its_email_arrives_once_when_the_relay_is_back():
    room = FacilityFactory(needs_approval=False)
    citizen = UserFactory(language="ko")
    token = Token.objects.create(user=citizen).key
    port = free_port()
    relay = {
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(port),
        "TASK_RETRY_BASE_SECONDS": "0.5",
        "TASK_RETRY_CAP_SECONDS": "1",
    }
    start = seoul(working_day(), 10)
    body = {"facility": room.pk, "start": start.isoformat(), "end": (start + timedelta(hours=1)).isoformat()}
    body.update(attendees=3, purpose="회의")
    with production_server(DJANGO_PAGE_CACHE_SECONDS="0", **relay) as base, task_worker(**relay):
        status, _, _ = fetch(
            f"{base}/api/v1/facility-reservations/",
            json.dumps(body).encode(),
            {"Authorization": f"Token {token}", "Content-Type": "application/json"},
        )
        assert status == 201  # the relay is down: the booking does not care
        wait_for(lambda: any(len(t.worker_ids) >= 2 for t in queued_emails()))  # tried, and tried again

        inbox = Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            wait_for(lambda: queued_emails().filter(status=TaskResultStatus.SUCCESSFUL).exists())
            time.sleep(2)  # long enough for a second copy, if one were coming
        finally:
            controller.stop()

    [message] = inbox.messages
    assert message.rcpt_tos == [citizen.email]
    received = email.message_from_bytes(message.content, policy=email.policy.default)
    assert received["Subject"].strip() == "공공시설 예약이 확정되었습니다"  # in the citizen's language
    assert Reservation.objects.filter(facility=room, citizen=citizen).count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_email_enqueued_in_a_transaction_that_rolls_back_is_never_sent(mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        deliver_email.enqueue(to=["a@example.org"], subject="s", body="b")
        raise RuntimeError("the booking failed after all")
    assert run_pending_tasks() == 0 and mailoutbox == []
