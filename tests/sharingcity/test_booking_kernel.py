"""The booking kernel's translator: PostgreSQL's refusals become each programme's answer, read from the
driver's diagnostics; a transaction that loses a deadlock runs again, and one that keeps losing gets the
conflict answer, never a server error."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection

from carshare.services import book_car
from facilities.models import NO_OVERLAP, Reservation
from facilities.services import book_facility
from sharingcity.booking import (
    AlreadyHeld,
    BookingConflict,
    booking_transaction,
    refuse_overlap,
    refuse_with,
    run_checks,
)
from sharingcity.models import User
from tests.carshare.factories import MembershipFactory, VehicleFactory, next_slot
from tests.facilities.factories import FacilityFactory, seoul, working_day
from tests.factories import UserFactory


def raise_in_database(message, sqlstate, constraint):
    """Have PostgreSQL itself refuse something, with the given SQLSTATE and constraint name."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"DO $$ BEGIN RAISE EXCEPTION '{message}' USING ERRCODE = '{sqlstate}', CONSTRAINT = '{constraint}'; END $$"
        )


@pytest.mark.django_db
def test_a_refusal_by_another_constraint_is_not_taken_for_a_conflict_even_if_its_text_names_it():
    with pytest.raises(IntegrityError), refuse_overlap(NO_OVERLAP):
        raise_in_database(f"value violates {NO_OVERLAP}", "23505", "some_other_constraint")


@pytest.mark.django_db
def test_the_named_exclusion_constraint_becomes_the_conflict_answer_whatever_its_text():
    with pytest.raises(BookingConflict) as conflict, refuse_overlap(NO_OVERLAP, "Taken."):
        raise_in_database("no words to search here", "23P01", NO_OVERLAP)
    assert conflict.value.message == "Taken."


@pytest.mark.django_db
def test_a_named_unique_constraint_becomes_its_field_error():
    answer = ValidationError({"plate_number": "Already registered."})
    for _ in range(2):  # the same answer can be given again and again
        with pytest.raises(ValidationError) as error, refuse_with({"plate_once": answer}):
            raise_in_database("duplicate", "23505", "plate_once")
        assert error.value.message_dict == {"plate_number": ["Already registered."]}


def lock_in_opposite_orders(first, second, attempts):
    """Two threads each lock two rows, in opposite orders, on their first attempt: PostgreSQL must pick
    one as the loser of a deadlock. Returns each thread's outcome."""
    barrier = threading.Barrier(2)
    outcomes, runs = {}, {"a": 0, "b": 0}

    def work(name, rows):
        @booking_transaction(attempts=attempts)
        def transaction_body():
            runs[name] += 1
            User.objects.select_for_update().get(pk=rows[0])
            if runs[name] == 1:
                barrier.wait(timeout=10)
            User.objects.select_for_update().get(pk=rows[1])
            return "ok"

        try:
            outcomes[name] = transaction_body()
        except BookingConflict:
            outcomes[name] = "conflict"
        except OperationalError as error:
            outcomes[name] = repr(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=work, args=("a", (first, second))),
        threading.Thread(target=work, args=("b", (second, first))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, runs


@pytest.mark.django_db(transaction=True)
def test_the_loser_of_a_deadlock_runs_its_transaction_again_and_succeeds():
    first, second = UserFactory().pk, UserFactory().pk
    outcomes, runs = lock_in_opposite_orders(first, second, attempts=3)
    assert outcomes == {"a": "ok", "b": "ok"}
    assert sorted(runs.values()) == [1, 2]  # the loser ran twice, the winner once


@pytest.mark.django_db(transaction=True)
def test_a_transaction_that_runs_out_of_attempts_gets_the_conflict_answer_not_an_error():
    first, second = UserFactory().pk, UserFactory().pk
    outcomes, _runs = lock_in_opposite_orders(first, second, attempts=1)
    assert sorted(outcomes.values()) == ["conflict", "ok"]


@pytest.mark.django_db
def test_booking_a_facility_slot_you_already_hold_says_so():
    room = FacilityFactory(needs_approval=False)
    citizen = UserFactory()
    day = working_day()
    book_facility(resource=room, holder=citizen, start=seoul(day, 10), end=seoul(day, 12), attendees=3)
    with pytest.raises(AlreadyHeld) as held:
        book_facility(resource=room, holder=citizen, start=seoul(day, 11), end=seoul(day, 12), attendees=3)
    assert held.value.message == AlreadyHeld.default_message
    with pytest.raises(BookingConflict) as taken:
        book_facility(resource=room, holder=UserFactory(), start=seoul(day, 11), end=seoul(day, 12), attendees=3)
    assert not isinstance(taken.value, AlreadyHeld)
    assert Reservation.objects.filter(facility=room).count() == 1


@pytest.mark.django_db
def test_booking_a_car_you_already_hold_says_so():
    car, member = VehicleFactory(), MembershipFactory()
    start, end = next_slot(minutes=60)
    book_car(resource=car, holder=member.user, start=start, end=end)
    with pytest.raises(AlreadyHeld):
        book_car(resource=car, holder=member.user, start=start, end=end)
    with pytest.raises(BookingConflict) as taken:
        book_car(resource=car, holder=MembershipFactory().user, start=start, end=end)
    assert not isinstance(taken.value, AlreadyHeld)
    assert car.bookings.count() == 1


def check_ten_o_clock(start, **context):
    if start != 10:
        raise ValidationError("Start at ten.", code="ten")


def check_small_group(attendees, **context):
    if attendees > 5:
        raise ValidationError({"attendees": ValidationError("At most five people.", code="group")})


def check_nothing(**context):
    pass


def test_run_checks_reports_every_reason_with_field_errors_under_their_fields():
    with pytest.raises(ValidationError) as error:
        run_checks([check_ten_o_clock, check_nothing, check_small_group], start=9, attendees=6)
    assert error.value.message_dict == {"__all__": ["Start at ten."], "attendees": ["At most five people."]}


def test_run_checks_says_nothing_when_every_rule_passes():
    assert run_checks([check_ten_o_clock, check_small_group, check_nothing], start=10, attendees=5) is None
