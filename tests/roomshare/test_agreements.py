"""Agreements: both confirm, six-month terms renewed as new terms, early ends with a reason, and check-ins."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.utils import timezone

from roomshare import services
from roomshare.models import Agreement, Application, CheckIn, add_months
from tests.factories import UserFactory
from tests.roomshare.factories import AgreementFactory, ApplicationFactory, RoomFactory, StudentFactory, coordinator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = timezone.localdate()


def accepted_application(**fields):
    return ApplicationFactory(status=Application.Status.ACCEPTED, **fields)


def test_a_new_agreement_lasts_six_months_at_the_room_rent_with_no_deposit():
    application = accepted_application(room=RoomFactory(rent=270_000, available_from=TODAY))
    agreement = services.book_room_for(application, coordinator=coordinator("nowon-gu"))
    assert agreement.status == Agreement.Status.PROPOSED
    assert agreement.end == add_months(agreement.start, 6)
    assert (agreement.rent, agreement.deposit) == (270_000, 0)
    assert agreement.help_agreed == application.room.host.help_wanted


def test_the_agreement_is_active_once_both_host_and_student_confirm():
    agreement = services.book_room_for(accepted_application(), coordinator=coordinator("nowon-gu"))
    services.confirm_agreement(agreement, agreement.student.user)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.PROPOSED
    services.confirm_agreement(agreement, agreement.host.user)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ACTIVE


def test_nobody_else_can_confirm_an_agreement():
    agreement = services.book_room_for(accepted_application(), coordinator=coordinator("nowon-gu"))
    with pytest.raises(ValidationError):
        services.confirm_agreement(agreement, UserFactory())


def test_the_database_refuses_an_active_agreement_not_confirmed_by_both():
    with pytest.raises(IntegrityError):
        AgreementFactory(status=Agreement.Status.ACTIVE, host_confirmed_at=None)


def test_a_room_cannot_hold_two_agreements_over_the_same_dates():
    first = AgreementFactory()
    with pytest.raises(IntegrityError):
        AgreementFactory(room=first.room, start=first.start + timedelta(days=30))


def test_a_student_cannot_hold_two_agreements_at_the_same_time():
    first = AgreementFactory()
    application = accepted_application(student=first.student)
    with pytest.raises(ValidationError) as error:
        services.book_room_for(application, coordinator=coordinator("nowon-gu"), start=first.start + timedelta(days=10))
    assert "student already has an agreement" in str(error.value) or "이미" in str(error.value)
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED  # nothing half-saved


def test_renewal_creates_a_new_six_month_term_from_the_end_of_the_current_one():
    agreement = AgreementFactory()
    renewal = services.renew_agreement(agreement, coordinator("nowon-gu"))
    assert renewal.previous == agreement and renewal.start == agreement.end
    assert renewal.end == add_months(agreement.end, 6) and renewal.status == Agreement.Status.PROPOSED
    with pytest.raises(ValidationError):
        services.renew_agreement(agreement, coordinator("nowon-gu"))


def test_an_agreement_not_yet_confirmed_cannot_be_renewed():
    with pytest.raises(ValidationError):
        services.renew_agreement(
            AgreementFactory(status=Agreement.Status.PROPOSED, host_confirmed_at=None), coordinator("nowon-gu")
        )


def test_an_early_end_records_the_reason_and_frees_the_room():
    agreement = AgreementFactory()
    with pytest.raises(ValidationError):
        services.end_agreement_early(agreement, coordinator("nowon-gu"), TODAY, "")
    services.end_agreement_early(agreement, coordinator("nowon-gu"), TODAY, "학생이 졸업했어요.")
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ENDED and agreement.ended_on == TODAY
    AgreementFactory(room=agreement.room, start=TODAY + timedelta(days=1))  # the room can be shared again


def test_a_coordinator_of_another_district_cannot_end_or_renew_an_agreement():
    agreement = AgreementFactory()
    with pytest.raises(ValidationError):
        services.end_agreement_early(agreement, coordinator("seodaemun-gu"), TODAY, "이유")
    with pytest.raises(ValidationError):
        services.renew_agreement(agreement, coordinator("seodaemun-gu"))


def test_the_first_check_in_is_due_one_month_in_then_monthly():
    agreement = AgreementFactory(start=TODAY - timedelta(days=40))
    assert agreement.next_checkin_due() == add_months(agreement.start, 1)
    services.record_checkin(
        agreement,
        coordinator("nowon-gu"),
        kind=CheckIn.Kind.TRIAL,
        day=TODAY,
        host_satisfaction=5,
        student_satisfaction=4,
    )
    assert Agreement.objects.get(pk=agreement.pk).next_checkin_due() == TODAY + timedelta(days=30)


def test_an_agreement_has_only_one_trial_check_in():
    agreement = AgreementFactory()
    services.record_checkin(agreement, coordinator("nowon-gu"), kind=CheckIn.Kind.TRIAL, day=TODAY)
    with pytest.raises(ValidationError):
        services.record_checkin(agreement, coordinator("nowon-gu"), kind=CheckIn.Kind.TRIAL, day=TODAY)


def test_satisfaction_is_scored_from_one_to_five():
    with pytest.raises(ValidationError):
        services.record_checkin(
            AgreementFactory(), coordinator("nowon-gu"), kind=CheckIn.Kind.MONTHLY, day=TODAY, host_satisfaction=6
        )


@pytest.mark.parametrize(
    ("kind", "scores", "flagged"),
    [
        (CheckIn.Kind.INCIDENT, (None, None), True),
        (CheckIn.Kind.MONTHLY, (2, 5), True),
        (CheckIn.Kind.MONTHLY, (4, 5), False),
    ],
)
def test_an_incident_or_an_unhappy_side_flags_the_arrangement(kind, scores, flagged):
    agreement = AgreementFactory()
    services.record_checkin(
        agreement,
        coordinator("nowon-gu"),
        kind=kind,
        day=TODAY,
        host_satisfaction=scores[0],
        student_satisfaction=scores[1],
    )
    assert Agreement.objects.get(pk=agreement.pk).needs_attention is flagged


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_creating_agreements_for_one_room_at_once_leave_exactly_one():
    room = RoomFactory()
    applications = [accepted_application(room=room, student=StudentFactory()) for _ in range(4)]
    nowon = coordinator("nowon-gu")
    barrier = threading.Barrier(len(applications))
    outcomes = []

    def create(application):
        try:
            barrier.wait()
            services.book_room_for(application, coordinator=nowon, start=TODAY + timedelta(days=1))
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok"] + ["refused"] * 3
    assert Agreement.objects.filter(room=room).count() == 1
    statuses = sorted(Application.objects.filter(room=room).values_list("status", flat=True))
    assert statuses == ["agreed"] + ["declined"] * 3


def test_an_active_agreement_is_not_confirmed_again():
    agreement = AgreementFactory()
    with pytest.raises(ValidationError) as error:
        services.confirm_agreement(agreement, agreement.student.user)
    assert "not waiting for confirmation" in str(error.value)


def test_an_agreement_must_end_after_it_starts():
    application = accepted_application()
    with pytest.raises(ValidationError) as error:
        services.book_room_for(application, coordinator=coordinator("nowon-gu"), months=0)
    assert "end must be after the start" in str(error.value)
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED


def test_an_agreement_is_refused_for_every_reason_at_once_and_nothing_changes(settings):
    settings.ROOMSHARE_RENT_CAP = 200_000
    application = ApplicationFactory(status=Application.Status.SHORTLISTED, room=RoomFactory(rent=250_000))
    with pytest.raises(ValidationError) as error:
        services.book_room_for(application, coordinator=coordinator("nowon-gu"), months=0)
    assert error.value.messages == [
        "This application is “Shortlisted”: it cannot be turned into an agreement.",
        "The end must be after the start.",
        "The monthly rent may be at most 200,000 KRW.",
    ]
    application.refresh_from_db()
    assert application.status == Application.Status.SHORTLISTED
    assert not Agreement.objects.exists()


def test_a_coordinator_of_another_district_is_told_so_and_the_application_stays_accepted():
    application = accepted_application()
    with pytest.raises(ValidationError) as error:
        services.book_room_for(application, coordinator=coordinator("mapo-gu"))
    assert error.value.messages == ["You coordinate other districts: this one is not yours."]
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
    assert not Agreement.objects.exists()


def test_an_early_end_without_a_reason_and_outside_the_term_hears_both_and_the_agreement_runs_on():
    agreement = AgreementFactory()
    with pytest.raises(ValidationError) as error:
        services.end_agreement_early(agreement, coordinator("nowon-gu"), agreement.end + timedelta(days=1), " ")
    assert error.value.message_dict == {
        "end_reason": ["Give the reason for ending early."],
        "ended_on": ["The early end must fall within the agreement's term."],
    }
    agreement.refresh_from_db()
    assert (agreement.status, agreement.ended_on) == (Agreement.Status.ACTIVE, None)


def test_a_room_is_booked_only_for_the_room_and_the_student_of_the_application():
    application, elsewhere = accepted_application(), RoomFactory()
    start, end = services.proposed_term(application)
    with pytest.raises(ValidationError) as error:
        services.book_room(
            resource=elsewhere,
            holder=application.student,
            start=start,
            end=end,
            application=application,
            coordinator=coordinator("nowon-gu"),
        )
    assert error.value.messages == ["This application is for another room or another student."]
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
    assert not Agreement.objects.exists()
