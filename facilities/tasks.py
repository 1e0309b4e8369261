"""Facilities' periodic work, run by the task queue's worker: tomorrow's reminders, and reservations whose
time is over marked completed. Both are safe to run again (each reminder is sent once)."""

from datetime import timedelta

from facilities import services
from sharingcity.queue import periodic, task


@periodic(every=timedelta(minutes=15))
@task
def send_reminders() -> int:
    return services.send_reminders()


@periodic(every=timedelta(minutes=15))
@task
def complete_finished() -> int:
    return services.complete_finished()
