"""Staff approve, reject, cancel and block; citizens cancel their own before the deadline; emails follow."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from facilities import services
from facilities.models import Reservation
from sharingcity.booking import BookingConflict
from sharingcity.models import AuditEntry
from tests.facilities.factories import ReservationFactory, seoul, working_day
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_(room, citizen):
    day = working_day()
    return services.book_facility(resource=room, holder=citizen, start=seoul(day, 14), end=seoul(day, 16), attendees=12)


def test_the_citizen_is_told_by_email_that_the_request_was_received(room, citizen, mailoutbox, deliver):
    services.book_facility(resource=room, holder=citizen, start=seoul(working_day(), 14), end=seoul(working_day(), 16))
    deliver()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [citizen.email]
    assert "received" in mailoutbox[0].subject


def test_the_email_is_queued_with_the_booking_and_sent_by_the_worker_not_the_request(room, citizen, deliver):
    reservation = services.book_facility(
        resource=room, holder=citizen, start=seoul(working_day(), 14), end=seoul(working_day(), 16)
    )
    queued = DBTaskResult.objects.get(task_path="sharingcity.mail.deliver_email")
    assert queued.status == TaskResultStatus.READY and queued.args_kwargs["kwargs"]["to"] == [citizen.email]
    [email] = deliver()
    assert f"/facilities/reservations/{reservation.pk}/" in email.body


def test_the_agency_manager_approves_a_request_and_the_citizen_is_told(request_, manager, mailoutbox, deliver):
    services.approve_reservation(request_, manager)
    deliver()
    request_.refresh_from_db()
    assert request_.status == Reservation.Status.CONFIRMED
    assert request_.decided_by == manager
    assert "confirmed" in mailoutbox[-1].subject
    assert AuditEntry.objects.get(object_id=str(request_.pk)).action == "approved"


def test_a_manager_of_another_agency_cannot_approve(request_, other_manager):
    with pytest.raises(PermissionDenied):
        services.approve_reservation(request_, other_manager)
    request_.refresh_from_db()
    assert request_.status == Reservation.Status.REQUESTED


def test_a_citizen_cannot_approve_their_own_request(request_, citizen):
    with pytest.raises(PermissionDenied):
        services.approve_reservation(request_, citizen)


def test_rejecting_needs_a_reason(request_, manager):
    with pytest.raises(ValidationError) as error:
        services.reject_reservation(request_, manager, "  ")
    assert "reason" in error.value.message_dict


def test_a_rejection_frees_the_slot_and_tells_the_citizen_why(request_, manager, other_citizen, mailoutbox, deliver):
    services.reject_reservation(request_, manager, "공사 중입니다")
    deliver()
    assert "공사 중입니다" in mailoutbox[-1].body
    assert AuditEntry.objects.get(object_id=str(request_.pk)).reason == "공사 중입니다"
    assert services.book_facility(
        resource=request_.facility, holder=other_citizen, start=request_.start, end=request_.end
    ).pk


def test_a_confirmed_reservation_cannot_be_approved_again(request_, manager):
    services.approve_reservation(request_, manager)
    with pytest.raises(ValidationError):
        services.approve_reservation(request_, manager)


def test_the_citizen_cancels_before_the_deadline_and_the_slot_is_free_again(request_, citizen, other_citizen):
    services.cancel_reservation(request_, citizen)
    request_.refresh_from_db()
    assert request_.status == Reservation.Status.CANCELLED
    assert services.book_facility(
        resource=request_.facility, holder=other_citizen, start=request_.start, end=request_.end
    ).pk


def test_the_citizen_cannot_cancel_online_after_the_deadline(request_, citizen):
    late = request_.start - timedelta(hours=23)
    with pytest.raises(ValidationError) as error:
        services.cancel_reservation(request_, citizen, now=late)
    assert "Cancellation deadline" in error.value.messages[0]


def test_a_citizen_cannot_cancel_someone_elses_reservation(request_, other_citizen):
    with pytest.raises(PermissionDenied):
        services.cancel_reservation(request_, other_citizen)


def test_staff_cancel_with_a_reason_even_after_the_deadline(request_, manager, mailoutbox, deliver):
    services.cancel_by_staff(request_, manager, "정전으로 사용 불가")
    deliver()
    request_.refresh_from_db()
    assert request_.status == Reservation.Status.CANCELLED
    assert "정전으로 사용 불가" in mailoutbox[-1].body
    with pytest.raises(ValidationError):
        services.cancel_by_staff(ReservationFactory(facility=request_.facility, hour=9, length=1), manager, "")


def test_staff_of_another_agency_cannot_cancel(request_, other_manager):
    with pytest.raises(PermissionDenied):
        services.cancel_by_staff(request_, other_manager, "이유")


def test_a_blocked_period_refuses_bookings(room, manager, citizen):
    day = working_day()
    services.block_period(room, manager, seoul(day, 9), seoul(day, 18), "정기 점검")
    with pytest.raises(BookingConflict):
        services.book_facility(resource=room, holder=citizen, start=seoul(day, 10), end=seoul(day, 12))


def test_a_block_over_an_existing_booking_is_refused(request_, manager):
    with pytest.raises(BookingConflict):
        services.block_period(request_.facility, manager, request_.start, request_.end, "공무 사용")


def test_blocking_needs_a_reason_and_the_right_agency(room, manager, other_manager):
    day = working_day()
    with pytest.raises(ValidationError):
        services.block_period(room, manager, seoul(day, 9), seoul(day, 12), "")
    with pytest.raises(PermissionDenied):
        services.block_period(room, other_manager, seoul(day, 9), seoul(day, 12), "공무")


def test_attendance_is_recorded_only_after_the_reservation(room, manager):
    upcoming = ReservationFactory(facility=room)
    with pytest.raises(ValidationError):
        services.mark_attendance(upcoming, manager, showed_up=False)
    past = ReservationFactory(facility=room, day=working_day(days_ahead=-20))
    services.mark_attendance(past, manager, showed_up=False)
    past.refresh_from_db()
    assert past.status == Reservation.Status.NO_SHOW


def test_finished_confirmed_reservations_become_completed(room):
    past = ReservationFactory(facility=room, day=working_day(days_ahead=-20))
    upcoming = ReservationFactory(facility=room)
    assert services.complete_finished() == 1
    past.refresh_from_db()
    upcoming.refresh_from_db()
    assert (past.status, upcoming.status) == (Reservation.Status.COMPLETED, Reservation.Status.CONFIRMED)


def test_citizens_are_reminded_once_the_day_before(room, mailoutbox, deliver):
    day = working_day()
    tomorrows = ReservationFactory(facility=room, day=day, hour=10)
    ReservationFactory(facility=room, day=day, hour=14, status=Reservation.Status.REQUESTED)
    ReservationFactory(facility=room, day=day + timedelta(days=1), hour=10)
    evening_before = seoul(day - timedelta(days=1), 18)
    assert services.send_reminders(evening_before) == 1
    deliver()
    assert mailoutbox[-1].to == [tomorrows.citizen.email]
    assert services.send_reminders(evening_before) == 0


def test_staff_cancel_a_block_and_its_time_is_free_again(manager, room):
    day = working_day()
    block = services.block_period(room, manager, seoul(day, 9), seoul(day, 12), "전기 점검")
    services.cancel_by_staff(block, manager, "점검 연기")
    block.refresh_from_db()
    assert block.status == Reservation.Status.CANCELLED
    assert services.book_facility(
        resource=room, holder=UserFactory(), start=seoul(day, 10), end=seoul(day, 11), attendees=2
    ).pk


def test_the_email_writes_the_date_as_the_pages_do(room, citizen, deliver):
    day = working_day()
    services.book_facility(resource=room, holder=citizen, start=seoul(day, 14), end=seoul(day, 16))
    [email] = deliver()
    assert f"{day:%a} {day.day} {day:%B %Y}, 14:00–16:00" in email.body
