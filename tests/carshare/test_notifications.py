"""Members hear by email when they book and get a receipt with the final price after the trip; nothing is
sent for a booking that did not happen."""

from datetime import timedelta

import pytest
from django.utils import timezone
from psycopg2.extras import DateTimeTZRange

from carshare.services import book_car, end_trip, start_trip
from sharingcity.booking import BookingConflict
from tests.carshare.factories import BookingFactory, MembershipFactory, VehicleFactory, next_slot, next_times

pytestmark = pytest.mark.django_db


def test_a_member_gets_a_confirmation_when_booking(citizen, mailoutbox, deliver):
    MembershipFactory(user=citizen)
    car = VehicleFactory(model_name="Kia Ray EV", price_per_10_min=1500)
    book_car(resource=car, holder=citizen, **next_times(minutes=60))
    deliver()
    [mail] = mailoutbox
    assert mail.to == [citizen.email]
    assert "Kia Ray EV" in mail.subject and "9,000" in mail.body


def test_no_email_is_sent_when_the_car_was_taken(citizen, mailoutbox, deliver):
    MembershipFactory(user=citizen)
    car = VehicleFactory()
    start, end = next_slot()
    BookingFactory(vehicle=car, period=DateTimeTZRange(start, end))
    with pytest.raises(BookingConflict):
        book_car(resource=car, holder=citizen, start=start, end=end)
    deliver()
    assert mailoutbox == []


def test_the_member_gets_a_receipt_with_the_final_price(mailoutbox, deliver):
    start = timezone.now().replace(second=0, microsecond=0)
    booking = BookingFactory(
        period=DateTimeTZRange(start, start + timedelta(hours=1)),
        vehicle=VehicleFactory(price_per_10_min=2000, price_per_km=200),
    )
    start_trip(booking, odometer_km=100, at=start)
    end_trip(booking, odometer_km=150, energy_level=80, at=start + timedelta(minutes=60))
    deliver()
    [mail] = mailoutbox
    assert "22,000" in mail.subject and "50 km" in mail.body
    assert mail.to == [booking.member.user.email]


def test_the_booking_email_is_written_in_each_members_language(mailoutbox, deliver):
    car = VehicleFactory(model_name="Kia Ray EV", price_per_10_min=1500)
    korean = MembershipFactory(user__language="ko").user
    english = MembershipFactory(user__language="en").user
    book_car(resource=car, holder=korean, **next_times(minutes=60))
    book_car(resource=car, holder=english, **next_times(hours_from_now=4, minutes=60))
    to_korean, to_english = sorted(deliver(), key=lambda mail: mail.to != [korean.email])
    assert to_korean.subject == "나눔카 예약 완료: Kia Ray EV"
    assert "나눔카 예약이 완료되었습니다." in to_korean.body and "9,000원" in to_korean.body
    assert to_english.subject == "Car booked: Kia Ray EV"
    assert "Your shared car is booked." in to_english.body and "KRW 9,000" in to_english.body
