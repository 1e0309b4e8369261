"""Demo data loads once with every district covered; the daily job reminds and completes."""

import random

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from facilities import seed
from facilities.models import Facility, FacilityRate, Lottery, Reservation, WaitlistEntry
from hub import seed as hub_seed
from sharingcity import seed as people_seed
from sharingcity.models import District
from tests.facilities.factories import ReservationFactory, working_day

pytestmark = pytest.mark.django_db


def test_the_demo_data_covers_every_district_and_running_it_again_adds_nothing():
    people_seed.seed(1, random.Random(1))
    hub_seed.seed(1, random.Random(2))
    seed.seed(1, random.Random(3))
    counts = (Facility.objects.count(), Reservation.objects.count())
    assert Facility.objects.values("district").distinct().count() == District.objects.count() == 25
    assert counts[1] > counts[0] * 10
    assert Reservation.objects.filter(status=Reservation.Status.REQUESTED, citizen__email="citizen@sharing.example")
    assert Facility.objects.get(slug="mapo-gu-room-1").agency.members.filter(email="manager.mapo@sharing.example")
    seed.seed(1, random.Random(3))
    assert (Facility.objects.count(), Reservation.objects.count()) == counts


def test_the_seoul_scale_reaches_seouls_1007_facilities():
    assert seed.facility_count(125) == 1007
    assert seed.facility_count(1) == 75


def test_the_worker_completes_finished_reservations_once_per_period_by_itself(capsys):
    ReservationFactory(day=working_day(days_ahead=-10))
    call_command("worker", "--batch")
    assert Reservation.objects.get().status == Reservation.Status.COMPLETED
    call_command("worker", "--batch")  # the same period: not enqueued a second time
    assert DBTaskResult.objects.filter(task_path="facilities.tasks.complete_finished").count() == 1
    assert DBTaskResult.objects.filter(task_path="facilities.tasks.send_reminders").count() == 1


def test_the_demo_requests_wait_only_at_rooms_that_need_approval_and_each_of_those_has_one():
    people_seed.seed(1, random.Random(1))
    hub_seed.seed(1, random.Random(2))
    seed.seed(1, random.Random(3))
    waiting = Reservation.objects.upcoming().filter(status=Reservation.Status.REQUESTED)
    assert not waiting.filter(facility__needs_approval=False).exists()
    assert set(waiting.values_list("facility", flat=True)) == set(
        Facility.objects.filter(needs_approval=True).values_list("pk", flat=True)
    )
    assert waiting.filter(
        citizen__email="citizen@sharing.example", facility__agency__members__email="manager.mapo@sharing.example"
    ).exists()


def test_the_demo_shows_rates_a_draw_a_wait_list_and_payments_and_running_it_again_adds_none():
    people_seed.seed(1, random.Random(1))
    hub_seed.seed(1, random.Random(2))
    seed.seed(1, random.Random(3))
    counts = (FacilityRate.objects.count(), Lottery.objects.count(), WaitlistEntry.objects.count())
    paid = Facility.objects.filter(fee_per_hour__gt=0)
    assert counts[0] == paid.count() * len(seed.DISCOUNTS)
    draw = Lottery.objects.get()
    assert draw.status == "open" and draw.entries.count() == 6 and draw.facility.agency.slug == "mapo-gu-office"
    assert WaitlistEntry.objects.filter(citizen__email="citizen@sharing.example", status="waiting").exists()
    upcoming_paid = Reservation.objects.upcoming().filter(facility__in=paid, status="confirmed")
    assert set(upcoming_paid.values_list("payment_status", flat=True)) == {"paid", "unpaid"}
    assert not upcoming_paid.filter(payment_status="unpaid", payment_due_at__isnull=True).exists()
    assert not Reservation.objects.filter(facility__fee_per_hour=0).exclude(payment_status="not_due").exists()
    seed.seed(1, random.Random(3))
    assert (FacilityRate.objects.count(), Lottery.objects.count(), WaitlistEntry.objects.count()) == counts
