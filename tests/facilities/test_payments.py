"""Paid rooms: a rate per price category, proof checked by staff, a payment deadline once confirmed, release
when unpaid, and refunds by the facility's cancellation policy."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from facilities import services, waitlist
from facilities.models import FacilityRate, PaymentStatus, ProofStatus, Reservation
from sharingcity.models import AuditEntry
from tests.facilities.factories import FacilityFactory, seoul, working_day
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall(agency):
    """A paid hall that confirms at once: 10,000 KRW an hour, half price for people aged 65 or over."""
    hall = FacilityFactory(agency=agency, fee_per_hour=10000, needs_approval=False, slug="paid-hall")
    FacilityRate.objects.create(facility=hall, category="senior", discount_percent=50)
    return hall


@pytest.fixture
def day():
    return working_day(days_ahead=20)


def book(hall, citizen, day, category="standard", hour=10):
    return services.book_facility(
        resource=hall,
        holder=citizen,
        start=seoul(day, hour),
        end=seoul(day, hour + 2),
        attendees=3,
        purpose="모임",
        price_category=category,
    )


def test_a_discounted_booking_shows_its_category_and_price(client, hall, citizen, day):
    client.force_login(citizen)
    form = client.get(reverse("facilities:book", kwargs={"slug": hall.slug})).content.decode()
    assert "People aged 65 or over: 5,000 KRW per hour (−50%)" in form
    response = client.post(
        reverse("facilities:book", kwargs={"slug": hall.slug}),
        {
            "date": day.isoformat(),
            "start_time": "10:00",
            "end_time": "12:00",
            "attendees": 3,
            "purpose": "경로당 회의",
            "contact_phone": "010-1234-5678",
            "weeks": 1,
            "price_category": "senior",
        },
    )
    reservation = Reservation.objects.get(citizen=citizen)
    assert (reservation.price_category, reservation.discount_percent, reservation.total_price) == ("senior", 50, 10000)
    assert reservation.proof_status == ProofStatus.TO_CHECK
    page = client.get(response["Location"]).content.decode()
    assert "People aged 65 or over (−50%)" in page and "10,000 KRW" in page


def test_a_category_the_facility_does_not_offer_is_refused(api, hall, citizen, day):
    api.force_authenticate(citizen)
    response = api.post(
        reverse("facility-reservation-list"),
        {
            "facility": hall.pk,
            "start": seoul(day, 10).isoformat(),
            "end": seoul(day, 12).isoformat(),
            "purpose": "모임",
            "attendees": 3,
            "price_category": "nonprofit",
        },
        format="json",
    )
    assert response.status_code == 400 and "price_category" in response.json()
    assert not Reservation.objects.exists()


def test_a_confirmed_paid_booking_is_due_within_the_facilitys_days_and_staff_record_the_payment(
    hall, citizen, manager, day
):
    reservation = book(hall, citizen, day)
    assert reservation.payment_status == PaymentStatus.UNPAID
    assert reservation.payment_due_at == pytest.approx(timezone.now() + timedelta(days=3), abs=timedelta(minutes=1))
    services.record_payment(reservation, manager)
    reservation.refresh_from_db()
    assert reservation.payment_status == PaymentStatus.PAID and reservation.payment_recorded_by == manager
    assert AuditEntry.objects.filter(action="paid", actor=manager).exists()
    with pytest.raises(ValidationError, match="Only an unpaid booking"):
        services.record_payment(reservation, manager)


def test_an_unpaid_booking_past_its_deadline_is_released_and_offered_to_the_wait_list(
    hall, citizen, other_citizen, day, deliver
):
    reservation = book(hall, citizen, day)
    waiting = waitlist.join_waitlist(facility=hall, citizen=other_citizen, start=seoul(day, 10), end=seoul(day, 12))
    assert services.release_unpaid(now=reservation.payment_due_at - timedelta(minutes=1)) == 0
    assert services.release_unpaid(now=reservation.payment_due_at + timedelta(minutes=1)) == 1
    sent = deliver()
    reservation.refresh_from_db()
    waiting.refresh_from_db()
    assert reservation.status == Reservation.Status.CANCELLED and reservation.payment_status == PaymentStatus.NOT_DUE
    assert waiting.status == "offered"
    assert any("not paid in time" in m.subject for m in sent if m.to == [citizen.email])


def test_a_paid_booking_cancelled_early_is_refunded_in_full_and_later_in_part(hall, citizen, manager, day):
    early, late = book(hall, citizen, day, hour=10), book(hall, citizen, day, hour=14)
    for reservation in (early, late):
        services.record_payment(reservation, manager)
    services.cancel_reservation(early, citizen, now=seoul(day, 10) - timedelta(days=8))
    services.cancel_reservation(late, citizen, now=seoul(day, 14) - timedelta(days=2))
    early.refresh_from_db()
    late.refresh_from_db()
    assert (early.payment_status, early.refund_amount) == (PaymentStatus.REFUND_DUE, 20000)
    assert (late.payment_status, late.refund_amount) == (PaymentStatus.REFUND_DUE, 10000)
    services.record_refund(early, manager)
    early.refresh_from_db()
    assert early.payment_status == PaymentStatus.REFUNDED and early.refunded_at


def test_staff_cancelling_a_paid_booking_refund_it_in_full(hall, citizen, manager, day):
    reservation = book(hall, citizen, day)
    services.record_payment(reservation, manager)
    services.cancel_by_staff(reservation, manager, "누수 공사")
    reservation.refresh_from_db()
    assert reservation.refund_amount == reservation.total_price == 20000


def test_refused_proof_charges_the_standard_rate_and_tells_the_citizen(hall, citizen, manager, day, deliver):
    reservation = book(hall, citizen, day, category="senior")
    services.check_proof(reservation, manager, accepted=False, reason="신분증 미제시")
    reservation.refresh_from_db()
    assert (reservation.proof_status, reservation.discount_percent, reservation.total_price) == ("refused", 0, 20000)
    assert any("standard rate" in m.subject for m in deliver() if m.to == [citizen.email])


def test_the_admin_records_payments_row_by_row_and_reports_rows_it_could_not_change(client, hall, manager, day):
    unpaid, paid = book(hall, UserFactory(), day, hour=10), book(hall, UserFactory(), day, hour=14)
    services.record_payment(paid, manager)
    client.force_login(manager)
    response = client.post(
        reverse("admin:facilities_reservation_changelist") + "?when=any",
        {"action": "record_payment", ACTION_CHECKBOX_NAME: [unpaid.pk, paid.pk]},
        follow=True,
    )
    text = response.content.decode()
    assert "1 item recorded as paid." in text and "Not changed" in text and "Only an unpaid booking" in text
    unpaid.refresh_from_db()
    assert unpaid.payment_status == PaymentStatus.PAID


def test_a_free_room_asks_no_price_category_and_owes_nothing(client, room, citizen, day):
    client.force_login(citizen)
    assert "price_category" not in client.get(reverse("facilities:book", kwargs={"slug": room.slug})).content.decode()
    reservation = services.book_facility(
        resource=room, holder=citizen, start=seoul(day, 10), end=seoul(day, 12), attendees=2
    )
    assert reservation.payment_status == PaymentStatus.NOT_DUE and reservation.payment_due_at is None
