"""Facilities' periodic work, run by the task queue's worker: tomorrow's reminders, reservations whose time
is over marked completed, and wait list offers past their deadline passed on. All are safe to run again."""

from datetime import timedelta

from facilities import services, waitlist
from sharingcity.queue import periodic, task


@periodic(every=timedelta(minutes=15))
@task
def send_reminders() -> int:
    return services.send_reminders()


@periodic(every=timedelta(minutes=15))
@task
def complete_finished() -> int:
    return services.complete_finished()


@periodic(every=timedelta(minutes=5))
@task
def expire_waitlist_offers() -> int:
    return waitlist.expire_offers()
