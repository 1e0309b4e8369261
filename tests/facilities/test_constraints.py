"""PostgreSQL keeps the promises even when code forgets them: no overlaps, reasons, citizens, sane rules."""

import pytest
from django.db import IntegrityError, transaction

from facilities.models import Facility, Reservation
from tests.facilities.factories import FacilityFactory, ReservationFactory, working_day

pytestmark = pytest.mark.django_db


def refused(**kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReservationFactory(**kwargs)


def test_the_database_refuses_an_overlapping_reservation_written_directly(room):
    day = working_day()
    ReservationFactory(facility=room, day=day, hour=10, length=2)
    refused(facility=room, day=day, hour=11, length=2, status=Reservation.Status.REQUESTED)
    refused(facility=room, day=day, hour=9, length=4, status=Reservation.Status.BLOCKED, citizen=None, reason="점검")


def test_the_database_counts_the_buffer_as_held_time(db):
    room = FacilityFactory(buffer_minutes=30)
    day = working_day()
    ReservationFactory(facility=room, day=day, hour=10, length=2)
    refused(facility=room, day=day, hour=12, length=1)


def test_released_statuses_do_not_hold_the_slot_in_the_database(room):
    day = working_day()
    for status in (Reservation.Status.CANCELLED, Reservation.Status.COMPLETED, Reservation.Status.NO_SHOW):
        ReservationFactory(facility=room, day=day, hour=10, status=status)
    ReservationFactory(facility=room, day=day, hour=10, status=Reservation.Status.REJECTED, reason="중복")
    assert ReservationFactory(facility=room, day=day, hour=10).pk


def test_a_rejection_or_block_without_a_reason_is_refused(room):
    refused(facility=room, status=Reservation.Status.REJECTED, reason="")
    refused(facility=room, status=Reservation.Status.BLOCKED, citizen=None, reason="")


def test_only_a_staff_block_may_have_no_citizen(room):
    refused(facility=room, status=Reservation.Status.REQUESTED, citizen=None)


def test_a_facility_with_impossible_rules_is_refused(agency):
    for rules in (
        {"capacity": 0},
        {"slot_minutes": 45},
        {"min_duration_minutes": 120, "max_duration_minutes": 60},
        {"min_days_ahead": 30, "max_days_ahead": 10},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            FacilityFactory(agency=agency, **rules)
    assert not Facility.objects.exists()
