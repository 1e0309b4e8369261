"""Facilities' periodic work, run by the task queue's worker: tomorrow's reminders, reservations whose time
is over marked completed, wait list offers past their deadline passed on, draws run at
their time, and confirmed bookings not paid by their deadline released.
All are safe to run again."""

from datetime import timedelta

from facilities import lottery, services, waitlist
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


@periodic(every=timedelta(minutes=1))
@task
def draw_due_lotteries() -> int:
    return lottery.draw_due()


@periodic(every=timedelta(minutes=15))
@task
def release_unpaid() -> int:
    return services.release_unpaid()
