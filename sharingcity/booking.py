"""The reservation base every programme uses: a time range, and PostgreSQL keeping slots unique.

A programme's booking model inherits `TimeRangeBooking`, declares
`no_overlap_constraint(...)` in its Meta, and creates rows inside `refuse_overlap(...)`, which
turns the exclusion constraint's IntegrityError into a `BookingConflict` with a clear message.
"""

from contextlib import contextmanager

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.functions import Lower, Upper
from django.utils.translation import gettext_lazy as _


class BookingConflict(Exception):
    """The time was taken by someone else (the database refused the overlapping row)."""

    def __init__(self, message=None):
        self.message = message or _("This time was just taken by someone else. Please choose another time.")
        super().__init__(str(self.message))


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


def no_overlap_constraint(name: str, resource: str, statuses, expression="period") -> ExclusionConstraint:
    """Refuse two rows for the same resource whose time ranges overlap, among the slot-holding statuses."""
    return ExclusionConstraint(
        name=name,
        expressions=[(resource, RangeOperators.EQUAL), (expression, RangeOperators.OVERLAPS)],
        condition=Q(status__in=list(statuses)),
    )


@contextmanager
def refuse_overlap(constraint_name: str, message=None):
    """Run a write in a savepoint; a violated `constraint_name` becomes a BookingConflict."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        if constraint_name in str(exc):
            raise BookingConflict(message) from exc
        raise


def range_bounds():
    """Annotations exposing a booking's start and end for ordering and display."""
    return {"starts_at": Lower("period"), "ends_at": Upper("period")}
