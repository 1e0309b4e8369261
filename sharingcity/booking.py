"""The reservation base every programme uses: a time range, PostgreSQL keeping slots unique, and one
translator from the database's refusals to the answers people read.

A programme's booking model inherits `TimeRangeBooking` and declares `no_overlap_constraint(...)` in its
Meta. Its services run in `booking_transaction`, which retries the whole transaction when PostgreSQL
answers with a deadlock or a serialization failure, and write rows inside `refuse_overlap(...)` or
`refuse_with(...)`, which read the violated constraint's name from the driver's diagnostics (never
from the error text) and raise the programme's own answer instead. Before writing, they run the
programme's named `check_*` rules through `run_checks`, so a person hears every reason at once.
"""

import random
import time
from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager
from functools import wraps

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.functions import Lower, Upper
from django.utils.translation import gettext_lazy as _

# SQLSTATEs (PostgreSQL appendix A).
UNIQUE_VIOLATION = "23505"
EXCLUSION_VIOLATION = "23P01"
CHECK_VIOLATION = "23514"
DEADLOCK_DETECTED = "40P01"
SERIALIZATION_FAILURE = "40001"
RETRYABLE = {DEADLOCK_DETECTED, SERIALIZATION_FAILURE}

# A booking transaction that loses a deadlock is run again this many times in all, after a short random
# wait that grows with each attempt (so two losers do not collide again in step).
BOOKING_ATTEMPTS = 5
RETRY_BASE_SECONDS = 0.02


class BookingConflict(Exception):
    """The time was taken by someone else (the database refused the overlapping row)."""

    default_message = _("This time was just taken by someone else. Please choose another time.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class AlreadyHeld(BookingConflict):
    """The overlapping row is the holder's own: they booked this time already (a second tab, a double click)."""

    default_message = _("You have already booked this time. It is listed on My page.")


class TimeRangeBooking(models.Model):
    """A booking over a half-open time range [start, end) stored as one tstzrange."""

    period = DateTimeRangeField(_("time"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(period__isempty=False) & Q(period__lower_inf=False) & Q(period__upper_inf=False),
                name="%(app_label)s_%(class)s_period_bounded",
            ),
        ]

    @property
    def start(self):
        return self.period.lower if self.period else None

    @property
    def end(self):
        return self.period.upper if self.period else None

    @property
    def duration(self):
        return self.end - self.start


def no_overlap_constraint(name: str, resource: str, statuses, expression="period", message=None) -> ExclusionConstraint:
    """Refuse two rows for the same resource whose ranges (times, or dates) overlap, among the
    slot-holding statuses."""
    return ExclusionConstraint(
        name=name,
        expressions=[(resource, RangeOperators.EQUAL), (expression, RangeOperators.OVERLAPS)],
        condition=Q(status__in=[str(status) for status in statuses]),
        violation_error_message=message,
    )


def run_checks(checks: Iterable[Callable[..., None]], **context) -> None:
    """Run every named check with the context (each takes the keywords it needs and ignores the rest) and
    raise one ValidationError with every reason they gave, field errors under their fields; nothing if
    all pass. A rule never hides another: the citizen fixes everything in one go."""
    errors = {}
    for check in checks:
        try:
            check(**context)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def diagnosis(exc: DatabaseError) -> tuple[str | None, str | None]:
    """The SQLSTATE and the violated constraint's name, as the PostgreSQL driver reports them."""
    cause = exc.__cause__
    diag = getattr(cause, "diag", None)
    return getattr(cause, "pgcode", None), getattr(diag, "constraint_name", None)


def violated_constraint(exc: IntegrityError) -> str | None:
    return diagnosis(exc)[1]


def is_retryable(exc: DatabaseError) -> bool:
    """A deadlock or a serialization failure: the transaction did nothing wrong and may simply run again."""
    return diagnosis(exc)[0] in RETRYABLE


@contextmanager
def refuse_overlap(constraint_name: str, message=None, *, already_held: Callable[[], bool] | None = None):
    """Write in a savepoint; when the exclusion constraint `constraint_name` refuses the row, raise a
    BookingConflict with `message` (or AlreadyHeld when `already_held()` says the overlap is the holder's own)."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        if violated_constraint(exc) != constraint_name:
            raise
        if already_held is not None and already_held():
            raise AlreadyHeld() from exc
        raise BookingConflict(message) from exc


@contextmanager
def refuse_with(answers: Mapping[str, ValidationError]):
    """Write in a savepoint; when one of the named constraints (unique, exclusion, check, or a trigger's
    named rule) refuses the row, raise its ValidationError (a copy, so one answer can be given many times)."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        answer = answers.get(violated_constraint(exc))
        if answer is None:
            raise
        raise ValidationError(answer.error_dict if hasattr(answer, "error_dict") else answer.error_list) from exc


def booking_transaction(func=None, *, attempts: int = BOOKING_ATTEMPTS):
    """Run `func` in a transaction of its own; when PostgreSQL picks it as the loser of a deadlock or a
    serialization failure, roll back and run it again (up to `attempts` times in all, with a growing random
    wait), and when it keeps losing, answer as if the time was taken: never a server error.

    Called inside another transaction, the retry runs in a savepoint (PostgreSQL rolls back only the
    savepoint's work, and the rest of the transaction goes on)."""

    def decorate(func):
        @wraps(func)
        def run(*args, **kwargs):
            for attempt in range(1, attempts + 1):
                try:
                    with transaction.atomic():
                        return func(*args, **kwargs)
                except DatabaseError as exc:
                    if not is_retryable(exc):
                        raise
                    if attempt == attempts:
                        raise BookingConflict() from exc
                    time.sleep(random.uniform(0, RETRY_BASE_SECONDS * 2**attempt))  # noqa: S311 - jitter, not security

        return run

    return decorate(func) if func is not None else decorate


def range_bounds():
    """Annotations exposing a booking's start and end for ordering and display."""
    return {"starts_at": Lower("period"), "ends_at": Upper("period")}
