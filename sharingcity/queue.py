"""The durable task queue: side effects (emails, reminders, tidying up) as rows in our own PostgreSQL.

A task is enqueued with Django's task framework (`@task`, `.enqueue(...)`; the django-tasks backport of
Django 6.0's `django.tasks`, with the ORM backend of django-tasks-db). The row is an ordinary INSERT in
the caller's transaction: a booking that rolls back enqueues nothing, and a booking that commits has its
email safely stored, whatever the mail relay is doing.

The worker (`python manage.py worker`) adds what the framework leaves to its users:
- a task that fails runs again later, with a growing, jittered wait, up to `TASK_MAX_ATTEMPTS` times;
  then it is marked failed, and staff see it in the admin and can run it again;
- a task left "running" by a worker that died is taken up again after `TASK_LEASE`;
- periodic tasks (`@periodic(every=...)`) are enqueued once per period, however many workers run;
- a database that goes away makes the worker wait and reconnect, never exit.
"""

import logging
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.module_loading import autodiscover_modules
from django_tasks import TaskContext, TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from sharingcity.models import PeriodicSchedule

logger = logging.getLogger("sharingcity.queue")

__all__ = ["task", "periodic", "Worker", "run_pending_tasks"]


def max_attempts() -> int:
    return settings.TASK_MAX_ATTEMPTS


def backoff(attempt: int) -> timedelta:
    """How long to wait after the `attempt`-th failure: 30 s, 1 min, 2 min, ... up to an hour, +-50 %."""
    seconds = min(settings.TASK_RETRY_CAP_SECONDS, settings.TASK_RETRY_BASE_SECONDS * 2 ** (attempt - 1))
    return timedelta(seconds=seconds * random.uniform(0.5, 1.5))  # noqa: S311 - jitter, not security


@dataclass(frozen=True)
class Periodic:
    task: object
    every: timedelta

    @property
    def name(self) -> str:
        return self.task.module_path

    def slot(self, now: datetime) -> datetime:
        """The start of the period `now` falls in (periods are counted from the Unix epoch)."""
        period = self.every.total_seconds()
        return datetime.fromtimestamp(now.timestamp() // period * period, tz=UTC)


PERIODIC: list[Periodic] = []


def periodic(*, every: timedelta):
    """Register a task (made with `@task`) to be enqueued by the worker once every `every`."""

    def register(the_task):
        PERIODIC.append(Periodic(the_task, every))
        return the_task

    return register


class Worker:
    def __init__(self, *, interval: float = 1.0, worker_id: str | None = None):
        self.interval = interval
        self.worker_id = worker_id or get_random_string(32)
        self.running = True
        self.last_recovery = 0.0
        autodiscover_modules("tasks")

    # One step of the loop; each returns whether it did something.

    def enqueue_periodic(self, now=None) -> int:
        now = now or timezone.now()
        enqueued = 0
        for item in PERIODIC:
            slot = item.slot(now)
            with transaction.atomic():
                PeriodicSchedule.objects.get_or_create(name=item.name, defaults={"last_slot": slot - item.every})
                # Only the worker whose UPDATE moves the slot forward enqueues this period's run.
                if PeriodicSchedule.objects.filter(name=item.name, last_slot__lt=slot).update(last_slot=slot):
                    item.task.enqueue()
                    enqueued += 1
        return enqueued

    def recover_stalled(self, now=None) -> int:
        """Tasks "running" for longer than the lease belong to a worker that died: run them again."""
        now = now or timezone.now()
        return DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, started_at__lt=now - settings.TASK_LEASE
        ).update(status=TaskResultStatus.READY, run_after=now)

    def claim(self):
        with transaction.atomic():
            row = DBTaskResult.objects.ready().get_locked()
            if row is not None:
                row.claim(self.worker_id)
            return row

    def run(self, row: DBTaskResult):
        try:
            the_task = row.task
            result = row.task_result
            if the_task.takes_context:
                value = the_task.call(TaskContext(task_result=result), *result.args, **result.kwargs)
            else:
                value = the_task.call(*result.args, **result.kwargs)
        except Exception as error:  # noqa: BLE001 - any failure of a task is recorded and retried
            self.failed(row, error)
        else:
            row.set_successful(value)

    def failed(self, row: DBTaskResult, error: Exception):
        attempt = len(row.worker_ids)
        row.set_failed(error)  # records the error class and traceback, also on the rows that will run again
        if attempt < max_attempts():
            wait = backoff(attempt)
            DBTaskResult.objects.filter(pk=row.pk).update(
                status=TaskResultStatus.READY, run_after=timezone.now() + wait, finished_at=None
            )
            logger.warning(
                "Task %s failed (attempt %d), runs again in %ds: %r", row.task_path, attempt, wait.seconds, error
            )
        else:
            logger.error("Task %s failed for good after %d attempts: %r", row.task_path, attempt, error)

    def run_once(self) -> bool:
        row = self.claim()
        if row is None:
            return False
        self.run(row)
        return True

    # The loop.

    def step(self):
        close_old_connections()
        if time.monotonic() - self.last_recovery > 60:
            self.recover_stalled()
            self.last_recovery = time.monotonic()
        self.enqueue_periodic()
        return self.run_once()

    def forever(self):
        outage = 0
        while self.running:
            try:
                busy = self.step()
                outage = 0
            except DatabaseError as error:
                # The database is away (restart, failover): wait, reconnect, carry on.
                outage += 1
                wait = min(30, 2**outage)
                logger.warning("Task queue cannot reach the database (%s); trying again in %ds", error, wait)
                connections.close_all()
                time.sleep(wait)
                continue
            if not busy:
                time.sleep(self.interval)


def run_pending_tasks() -> int:
    """Run every task that is due now, in this process (tests, and `manage.py worker --batch`)."""
    worker = Worker()
    ran = 0
    while worker.run_once():
        ran += 1
    return ran
