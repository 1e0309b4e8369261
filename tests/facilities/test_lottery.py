"""Draws for popular times: staff open one, citizens enter once each until the draw time, the draw runs by
itself, records its seed so anyone can replay it, books the first drawn and queues the others in drawn order."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from facilities import lottery, services, waitlist
from facilities.models import Lottery, Reservation, WaitlistEntry
from sharingcity.booking import BookingConflict
from sharingcity.queue import PERIODIC, Worker
from tests.facilities.factories import seoul, working_day
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def day():
    return working_day(days_ahead=20)


@pytest.fixture
def draw(room, manager, day):
    return lottery.open_lottery(
        facility=room,
        staff=manager,
        start=seoul(day, 14),
        end=seoul(day, 17),
        draw_at=timezone.now() + timedelta(days=3),
    )


def enter(draw, citizen, attendees=5):
    return lottery.enter_lottery(lottery=draw, citizen=citizen, attendees=attendees, purpose="주민 공연 연습")


def test_a_time_given_by_draw_cannot_be_booked_or_waited_for_directly(draw, citizen, day):
    with pytest.raises(BookingConflict):
        services.book_facility(
            resource=draw.facility, holder=citizen, start=seoul(day, 15), end=seoul(day, 16), attendees=3
        )
    with pytest.raises(ValidationError, match="given by draw"):
        waitlist.join_waitlist(facility=draw.facility, citizen=citizen, start=seoul(day, 14), end=seoul(day, 17))


def test_the_draw_time_is_before_the_time_it_gives(room, manager, day):
    with pytest.raises(ValidationError, match="at least a day before"):
        lottery.open_lottery(
            facility=room, staff=manager, start=seoul(day, 14), end=seoul(day, 17), draw_at=seoul(day, 13)
        )
    assert not Lottery.objects.exists()


def test_each_citizen_enters_a_draw_once(draw, citizen):
    enter(draw, citizen)
    with pytest.raises(ValidationError, match="already entered"):
        enter(draw, citizen)
    assert draw.entries.count() == 1


def test_no_entry_after_the_draw_time(draw, citizen):
    with pytest.raises(ValidationError, match="closed"):
        lottery.enter_lottery(lottery=draw, citizen=citizen, now=draw.draw_at)
    assert not draw.entries.exists()


def test_the_draw_runs_by_itself_at_its_time(draw, citizen):
    enter(draw, citizen)
    Worker()  # the worker finds every programme's periodic tasks
    assert any(p.name == "facilities.tasks.draw_due_lotteries" and p.every == timedelta(minutes=1) for p in PERIODIC)
    assert lottery.draw_due(now=draw.draw_at - timedelta(minutes=1)) == 0
    draw.refresh_from_db()
    assert draw.status == Lottery.Status.OPEN
    assert lottery.draw_due(now=draw.draw_at + timedelta(seconds=30)) == 1
    draw.refresh_from_db()
    assert draw.status == Lottery.Status.DRAWN


def test_the_draw_books_the_first_queues_the_others_in_drawn_order_and_tells_everyone(draw, deliver):
    citizens = [UserFactory() for _ in range(5)]
    for citizen in citizens:
        enter(draw, citizen)
    lottery.draw_due(now=draw.draw_at)
    draw.refresh_from_db()

    ranked = list(draw.entries.order_by("rank"))
    assert [e.rank for e in ranked] == [1, 2, 3, 4, 5]
    assert [e.pk for e in ranked] == lottery.replay(draw) == lottery.draw_order(draw.seed, [e.pk for e in ranked])
    winner = ranked[0]
    assert draw.winner.citizen == winner.citizen and draw.winner.status == Reservation.Status.CONFIRMED
    draw.hold.refresh_from_db()
    assert draw.hold.status == Reservation.Status.CANCELLED
    queue = list(WaitlistEntry.objects.filter(facility=draw.facility).in_turn().values_list("citizen", flat=True))
    assert queue == [e.citizen_id for e in ranked[1:]]

    mail = {m.to[0]: m for m in deliver()}
    assert "won" in mail[winner.citizen.email].subject
    assert "number 3 on the wait list" in mail[ranked[3].citizen.email].body
    assert draw.seed in mail[ranked[3].citizen.email].body


def test_when_the_winner_cancels_the_next_drawn_is_offered_the_time(draw, deliver):
    first, second = UserFactory(), UserFactory()
    enter(draw, first)
    enter(draw, second)
    lottery.draw_due(now=draw.draw_at)
    draw.refresh_from_db()
    winner = draw.winner
    services.cancel_reservation(winner, winner.citizen)
    deliver()
    runner_up = WaitlistEntry.objects.get(facility=draw.facility)
    assert runner_up.status == WaitlistEntry.Status.OFFERED
    assert runner_up.citizen != winner.citizen


def test_the_same_seed_gives_the_same_order_whatever_order_the_entries_come_in():
    assert lottery.draw_order("5eed", [3, 1, 2, 5, 4]) == lottery.draw_order("5eed", [1, 2, 3, 4, 5])
    assert lottery.draw_order("5eed", range(1, 6)) == [1, 5, 2, 3, 4]  # pinned: a change of algorithm shows here


def test_the_draw_page_lets_anyone_check_the_draw(client, draw, citizen):
    client.force_login(citizen)
    entered = client.post(
        reverse("facilities:lottery-enter", kwargs={"pk": draw.pk}), {"attendees": 4, "purpose": "합창"}
    )
    assert entered.status_code == 302
    assert "You have entered this draw" in client.get(draw.get_absolute_url()).content.decode()
    enter(draw, UserFactory())
    lottery.draw_due(now=draw.draw_at)
    draw.refresh_from_db()
    client.logout()
    page = client.get(draw.get_absolute_url()).content.decode()
    assert draw.seed in page
    assert "the order is the one recorded at the draw" in page


def test_a_citizen_may_withdraw_before_the_draw(client, draw, citizen):
    entry = enter(draw, citizen)
    client.force_login(citizen)
    client.post(reverse("facilities:lottery-withdraw", kwargs={"pk": entry.pk}))
    assert not draw.entries.exists()


def test_open_draws_are_listed_on_the_facility_page_and_my_page(client, draw, citizen):
    enter(draw, citizen)
    client.force_login(citizen)
    assert draw.get_absolute_url() in client.get(draw.facility.get_absolute_url()).content.decode()
    assert draw.get_absolute_url() in client.get(reverse("my-page")).content.decode()
