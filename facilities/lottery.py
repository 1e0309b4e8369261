"""Draws for popular times: staff open a draw for a time, citizens enter until the draw time, and the
draw runs by itself (a periodic task). The order of the entries comes from a random seed that the draw
records, so it can be audited and replayed: `draw_order(seed, entry_ids)` gives the same order every time.
The first entry is booked; the others join the wait list in drawn order; everyone is told.
"""

import random
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone
from django.utils.translation import gettext as _

from facilities import notifications, payments, rules
from facilities.models import LOTTERY_ONE_ENTRY, NO_OVERLAP, Lottery, LotteryEntry, Reservation, WaitlistEntry
from facilities.services import block_period, can_manage, lock_facility
from sharingcity.booking import booking_transaction, refuse_overlap, refuse_with, run_checks

# Entries close this long before the time itself at the latest, so the winner can plan.
LATEST_DRAW = timedelta(days=1)


def draw_order(seed: str, entry_ids) -> list[int]:
    """The drawn order of the entries: a shuffle of their ids, in ascending order, by a generator seeded
    with `seed`. Pure, so a draw replays exactly from what it recorded."""
    ordered = sorted(entry_ids)
    random.Random(seed).shuffle(ordered)  # noqa: S311 - reproducible by design; the seed itself is secret-random
    return ordered


@transaction.atomic
def open_lottery(*, facility, staff, start, end, draw_at, now=None) -> Lottery:
    now = now or timezone.now()
    if not can_manage(staff, facility):
        raise PermissionDenied(_("Only the facility's own agency can open a draw for its times."))
    if not now < draw_at <= start - LATEST_DRAW:
        raise ValidationError(
            {"draw_at": _("The draw must be in the future and at least a day before the time it gives.")}
        )
    hold = block_period(facility, staff, start, end, _("Given by draw"))
    return Lottery.objects.create(
        facility=facility, period=DateTimeTZRange(start, end), draw_at=draw_at, hold=hold, created_by=staff
    )


@transaction.atomic
def enter_lottery(*, lottery, citizen, attendees=1, purpose="", now=None) -> LotteryEntry:
    now = now or timezone.now()
    lottery = Lottery.objects.select_related("facility").get(pk=lottery.pk)
    if lottery.status != Lottery.Status.OPEN or lottery.draw_at <= now:
        raise ValidationError(_("This draw is closed; entries are no longer taken."), code="closed")
    run_checks([rules.check_capacity], facility=lottery.facility, attendees=attendees)
    entry = LotteryEntry(lottery=lottery, citizen=citizen, attendees=attendees, purpose=purpose)
    with refuse_with({LOTTERY_ONE_ENTRY: ValidationError(_("You have already entered this draw."), code="once")}):
        entry.save()
    return entry


@transaction.atomic
def withdraw_entry(entry, citizen, now=None):
    now = now or timezone.now()
    if entry.citizen_id != citizen.pk:
        raise PermissionDenied
    lottery = Lottery.objects.select_for_update().get(pk=entry.lottery_id)
    if lottery.status != Lottery.Status.OPEN or lottery.draw_at <= now:
        raise ValidationError(_("This draw is closed; entries can no longer be withdrawn."), code="closed")
    entry.delete()


@booking_transaction
def draw(lottery, now=None) -> Lottery:
    """Run one draw that is due: record the seed, rank the entries, book the first, queue the rest."""
    now = now or timezone.now()
    lottery = Lottery.objects.select_for_update(of=("self",)).select_related("facility", "hold").get(pk=lottery.pk)
    if lottery.status != Lottery.Status.OPEN or lottery.draw_at > now:
        return lottery
    facility = lottery.facility
    lock_facility(facility)
    entries = {entry.pk: entry for entry in lottery.entries.select_related("citizen")}
    lottery.seed = secrets.token_hex(16)
    order = draw_order(lottery.seed, entries)
    if lottery.hold is not None:
        lottery.hold.status, lottery.hold.cancelled_at = Reservation.Status.CANCELLED, now
        lottery.hold.save(update_fields=["status", "cancelled_at"])
    for rank, entry_id in enumerate(order, start=1):
        entry = entries[entry_id]
        entry.rank = rank
        entry.save(update_fields=["rank"])
        if rank == 1:
            lottery.winner = _book_winner(lottery, entry)
        else:
            # Drawn order is wait list order: the earlier "joined" time keeps them in turn.
            WaitlistEntry.objects.create(
                facility=facility,
                citizen=entry.citizen,
                period=lottery.period,
                attendees=entry.attendees,
                purpose=entry.purpose,
                created_at=now + timedelta(microseconds=rank),
            )
        notifications.notify_draw(lottery, entry)
    lottery.status, lottery.drawn_at = Lottery.Status.DRAWN, now
    lottery.save(update_fields=["status", "drawn_at", "seed", "winner"])
    return lottery


def _book_winner(lottery, entry) -> Reservation:
    facility = lottery.facility
    reservation = Reservation(
        facility=facility,
        citizen=entry.citizen,
        period=lottery.period,
        held_period=facility.held_range(lottery.start, lottery.end),
        status=Reservation.Status.CONFIRMED,
        attendees=entry.attendees,
        purpose=entry.purpose,
        **payments.price_fields(facility, lottery.start, lottery.end),
    )
    payments.start_payment_clock(reservation, timezone.now())
    with refuse_overlap(NO_OVERLAP):
        reservation.save()
    return reservation


def replay(lottery) -> list[int]:
    """The order the recorded seed gives; equal to the ranks recorded, or the draw was tampered with."""
    return draw_order(lottery.seed, lottery.entries.values_list("pk", flat=True))


def draw_due(now=None) -> int:
    now = now or timezone.now()
    due = list(Lottery.objects.filter(status=Lottery.Status.OPEN, draw_at__lte=now).values_list("pk", flat=True))
    for pk in due:
        draw(Lottery(pk=pk), now=now)
    return len(due)
