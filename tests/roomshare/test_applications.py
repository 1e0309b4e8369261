"""From application to agreement: every allowed move, and the forbidden ones refused with a clear message."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from roomshare import services
from roomshare.models import Application, Room, Verification
from tests.roomshare.factories import ApplicationFactory, RoomFactory, StudentFactory, coordinator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
S = Application.Status
SOON = timezone.now() + timedelta(days=3)


def move(action, application, nowon):
    if action == "shortlist":
        return services.shortlist(application, nowon)
    if action == "schedule_meeting":
        return services.schedule_meeting(application, nowon, SOON, "공릉동 주민센터")
    if action == "record_both_accepted":
        return services.record_both_accepted(application, nowon)
    if action == "create_agreement":
        return services.book_room_for(application, coordinator=nowon).application
    if action == "decline":
        return services.decline_application(application, nowon, "조건이 맞지 않습니다.")
    if action == "withdraw":
        return services.withdraw_application(application, application.student, "다른 방을 찾았어요.")
    raise AssertionError(action)


ALLOWED = {
    "shortlist": {S.SUBMITTED: S.SHORTLISTED},
    "schedule_meeting": {S.SHORTLISTED: S.MEETING, S.MEETING: S.MEETING},
    "record_both_accepted": {S.MEETING: S.ACCEPTED},
    "create_agreement": {S.ACCEPTED: S.AGREED},
    "decline": dict.fromkeys(Application.ACTIVE, S.DECLINED),
    "withdraw": dict.fromkeys(Application.ACTIVE, S.WITHDRAWN),
}
CASES = [(action, status) for action in ALLOWED for status in S.values]


def application_in(status):
    fields = {"status": status}
    if status == S.MEETING:
        fields.update(meeting_at=SOON, meeting_place="주민센터")
    if status in (S.DECLINED, S.WITHDRAWN):
        fields["closed_reason"] = "이유"
    return ApplicationFactory(**fields)


@pytest.mark.parametrize(("action", "status"), CASES)
def test_each_move_is_allowed_only_from_its_statuses(action, status):
    application = application_in(status)
    nowon = coordinator("nowon-gu")
    expected = ALLOWED[action].get(status)
    if expected is None:
        with pytest.raises(ValidationError) as error:
            move(action, application, nowon)
        assert "cannot be" in str(error.value) or "이 신청은" in str(error.value)
        application.refresh_from_db()
        assert application.status == status
    else:
        move(action, application, nowon)
        application.refresh_from_db()
        assert application.status == expected


def test_a_verified_student_applies_for_a_listed_room_within_budget(mailoutbox, deliver):
    student, room = StudentFactory(), RoomFactory()
    application = services.apply_for_room(student, room, "  안녕하세요  ")
    deliver()
    assert application.status == S.SUBMITTED and application.message == "안녕하세요"
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [student.user.email]


def test_an_unverified_student_cannot_apply():
    with pytest.raises(ValidationError):
        services.apply_for_room(StudentFactory(verification=Verification.PENDING), RoomFactory(), "안녕하세요")


def test_a_student_cannot_apply_for_a_room_over_their_budget():
    with pytest.raises(ValidationError) as error:
        services.apply_for_room(StudentFactory(budget=200_000), RoomFactory(rent=250_000), "안녕하세요")
    assert "budget" in str(error.value) or "예산" in str(error.value)


def test_an_unverified_student_over_budget_hears_both_reasons_and_no_application_is_made():
    student = StudentFactory(verification=Verification.PENDING, budget=200_000)
    with pytest.raises(ValidationError) as error:
        services.apply_for_room(student, RoomFactory(rent=250_000), "안녕하세요")
    assert error.value.messages == [
        "Your student registration must be verified by the coordinator before you apply.",
        "The rent of this room is over your budget.",
    ]
    assert not Application.objects.exists()


def test_a_student_with_an_agreement_cannot_apply_for_another_room():
    from tests.roomshare.factories import AgreementFactory

    housed = AgreementFactory().student
    with pytest.raises(ValidationError) as error:
        services.apply_for_room(housed, RoomFactory(), "안녕하세요")
    assert "already have a room-sharing agreement" in str(error.value)


def test_a_student_cannot_apply_for_an_unpublished_room():
    with pytest.raises(ValidationError):
        services.apply_for_room(StudentFactory(), RoomFactory(status=Room.Status.PENDING), "안녕하세요")


def test_a_second_active_application_for_the_same_room_is_refused():
    student, room = StudentFactory(), RoomFactory()
    services.apply_for_room(student, room, "첫 신청")
    with pytest.raises(ValidationError) as error:
        services.apply_for_room(student, room, "두 번째")
    assert "already applied" in str(error.value) or "이미" in str(error.value)


def test_after_withdrawing_a_student_may_apply_again():
    student, room = StudentFactory(), RoomFactory()
    first = services.apply_for_room(student, room, "첫 신청")
    services.withdraw_application(first, student, "사정이 생겼어요.")
    assert services.apply_for_room(student, room, "다시 신청").status == S.SUBMITTED


def test_a_student_cannot_withdraw_someone_elses_application():
    application = ApplicationFactory()
    with pytest.raises(ValidationError):
        services.withdraw_application(application, StudentFactory(), "장난")


def test_declining_and_withdrawing_need_a_reason():
    application = ApplicationFactory()
    with pytest.raises(ValidationError):
        services.decline_application(application, coordinator("nowon-gu"), "")
    with pytest.raises(ValidationError):
        services.withdraw_application(application, application.student, " ")


def test_a_meeting_needs_a_future_time_and_a_place():
    application = ApplicationFactory(status=S.SHORTLISTED)
    nowon = coordinator("nowon-gu")
    with pytest.raises(ValidationError):
        services.schedule_meeting(application, nowon, timezone.now() - timedelta(hours=1), "주민센터")
    with pytest.raises(ValidationError):
        services.schedule_meeting(application, nowon, SOON, "")


def test_a_coordinator_of_another_district_cannot_move_an_application():
    application = ApplicationFactory()  # a room in Nowon-gu
    with pytest.raises(ValidationError):
        services.shortlist(application, coordinator("seodaemun-gu"))
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_creating_the_agreement_closes_the_other_applications_for_the_room_and_of_the_student():
    room, other_room = RoomFactory(), RoomFactory()
    chosen = application_in(S.ACCEPTED)
    chosen.room = room
    chosen.save()
    rival = ApplicationFactory(room=room)
    elsewhere = ApplicationFactory(student=chosen.student, room=other_room)
    agreement = services.book_room_for(chosen, coordinator=coordinator("nowon-gu"))
    rival.refresh_from_db()
    elsewhere.refresh_from_db()
    assert rival.status == S.DECLINED and elsewhere.status == S.WITHDRAWN
    assert (agreement.rent, agreement.room) == (room.rent, room)
    assert Room.objects.listed().filter(pk=room.pk).count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_parallel_applications_of_one_student_for_one_room_leave_exactly_one():
    student, room = StudentFactory(), RoomFactory()
    barrier = threading.Barrier(6)
    outcomes = []

    def apply():
        try:
            barrier.wait()
            services.apply_for_room(student, room, "동시에")
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=apply) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok"] + ["refused"] * 5
    assert Application.objects.filter(student=student, room=room).count() == 1
