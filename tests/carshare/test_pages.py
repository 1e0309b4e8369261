"""Citizen pages: join with a licence, find a car by district, time, type, electric and seats, see a lot's
cars and their availability, book with a price estimate, cancel, and see bookings on My page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from psycopg2.extras import DateTimeTZRange

from carshare.models import Booking, Membership, Vehicle
from sharingcity.booking import AlreadyHeld
from tests.carshare.factories import (
    BookingFactory,
    MembershipFactory,
    ParkingLotFactory,
    VehicleFactory,
    next_slot,
)
from tests.factories import district

pytestmark = pytest.mark.django_db

FMT = "%Y-%m-%dT%H:%M"


def window_params(start, end):
    return {"start": timezone.localtime(start).strftime(FMT), "end": timezone.localtime(end).strftime(FMT)}


@pytest.fixture
def member(citizen, client):
    client.force_login(citizen)
    return MembershipFactory(user=citizen)


def test_a_citizen_joins_with_an_eligible_licence(client, citizen):
    client.force_login(citizen)
    response = client.post(
        reverse("carshare:membership"),
        {
            "licence_class": "2_ordinary",
            "licence_number": "11-18-654321-09",
            "licence_issued_on": "2018-04-01",
            "licence_expires_on": (timezone.localdate() + timedelta(days=900)).isoformat(),
            "date_of_birth": "1995-01-20",
        },
    )
    assert response.status_code == 302
    member = Membership.objects.get(user=citizen)
    page = client.get(reverse("carshare:membership")).content.decode()
    assert member.masked_licence_number in page
    assert "654321" not in page


def test_an_ineligible_citizen_sees_every_reason_on_the_form(client, citizen):
    client.force_login(citizen)
    today = timezone.localdate()
    response = client.post(
        reverse("carshare:membership"),
        {
            "licence_class": "2_ordinary",
            "licence_number": "11-18-654321-09",
            "licence_issued_on": (today - timedelta(days=100)).isoformat(),
            "licence_expires_on": (today - timedelta(days=1)).isoformat(),
            "date_of_birth": today.replace(year=today.year - 20).isoformat(),
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 3
    assert not Membership.objects.exists()


def test_the_membership_form_marks_missing_fields(client, citizen):
    client.force_login(citizen)
    response = client.post(reverse("carshare:membership"), {"licence_class": "2_ordinary"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"licence_number", "date_of_birth"}


def test_joining_needs_a_signed_in_citizen(client):
    response = client.get(reverse("carshare:membership"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_finding_cars_by_district_electric_and_seats():
    mapo = ParkingLotFactory(district=district("mapo-gu"))
    jongno = ParkingLotFactory(district=district("jongno-gu"))
    electric_van = VehicleFactory(home_lot=mapo, propulsion="electric", seats=9, model_name="전기 승합차")
    VehicleFactory(home_lot=mapo, propulsion="combustion", seats=9, model_name="경유 승합차")
    VehicleFactory(home_lot=mapo, propulsion="electric", seats=4, model_name="작은 전기차")
    VehicleFactory(home_lot=jongno, propulsion="electric", seats=9, model_name="종로 전기차")
    from django.test import Client

    response = Client().get(reverse("carshare:find-car"), {"district": "mapo-gu", "electric": "on", "seats": 7})
    assert [car.pk for car in response.context["page"].object_list] == [electric_van.pk]


def test_a_car_booked_in_the_chosen_time_is_not_offered(client):
    booked, free = VehicleFactory(), VehicleFactory()
    start, end = next_slot(minutes=60)
    BookingFactory(vehicle=booked, period=DateTimeTZRange(start, end))
    response = client.get(reverse("carshare:find-car"), window_params(start + timedelta(minutes=30), end))
    cars = list(response.context["page"].object_list)
    assert cars == [free]
    assert cars[0].estimate == 3 * free.price_per_10_min


def test_cars_in_maintenance_are_not_offered(client):
    VehicleFactory(status=Vehicle.Status.MAINTENANCE)
    response = client.get(reverse("carshare:find-car"))
    assert response.context["page"].paginator.count == 0


def test_a_search_with_the_return_before_the_pick_up_explains_the_mistake(client):
    start, end = next_slot()
    response = client.get(reverse("carshare:find-car"), window_params(end, start))
    assert response.status_code == 200
    assert response.context["filter"].form.errors["end"]


def test_the_lot_page_shows_which_cars_are_free_now(client):
    lot = ParkingLotFactory()
    busy, free = VehicleFactory(home_lot=lot), VehicleFactory(home_lot=lot)
    now = timezone.now()
    BookingFactory(vehicle=busy, period=DateTimeTZRange(now - timedelta(minutes=20), now + timedelta(hours=1)))
    response = client.get(lot.get_absolute_url())
    cars = {car.pk: car.free_now for car in response.context["cars"]}
    assert cars == {busy.pk: False, free.pk: True}
    assert response.context["lot"].free_cars == 1


def test_a_member_sees_the_estimate_then_books_and_finds_the_booking_on_my_page(client, member):
    car = VehicleFactory(price_per_10_min=1500)
    start, end = next_slot(minutes=60)
    preview = client.get(reverse("carshare:book", args=[car.pk]), window_params(start, end))
    assert preview.context["estimate"] == 9000
    response = client.post(reverse("carshare:book", args=[car.pk]), window_params(start, end))
    assert response.status_code == 302 and response.url == reverse("my-page")
    booking = Booking.objects.get()
    assert booking.member == member and booking.estimated_price == 9000
    my_page = client.get(reverse("my-page")).content.decode()
    assert car.plate_number in my_page and "9,000" in my_page


def test_booking_a_taken_time_re_renders_the_form_with_the_conflict(client, member):
    car = VehicleFactory()
    start, end = next_slot()
    BookingFactory(vehicle=car, period=DateTimeTZRange(start, end))
    response = client.post(reverse("carshare:book", args=[car.pk]), window_params(start, end))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Booking.objects.count() == 1


def test_booking_a_car_you_already_hold_says_so_rather_than_taken(client, member):
    car = VehicleFactory()
    start, end = next_slot()
    mine = BookingFactory(vehicle=car, member=member, period=DateTimeTZRange(start, end))
    response = client.post(reverse("carshare:book", args=[car.pk]), window_params(start, end))
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        assert response.context["form"].non_field_errors() == [str(AlreadyHeld.default_message)]
    assert list(Booking.objects.values_list("pk", flat=True)) == [mine.pk]


def test_a_rule_broken_while_booking_is_shown_on_the_form(client, member):
    car = VehicleFactory()
    start, _end = next_slot()
    response = client.post(reverse("carshare:book", args=[car.pk]), window_params(start, start + timedelta(minutes=20)))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Booking.objects.exists()


def test_a_citizen_without_membership_is_sent_to_join_before_booking(client, citizen):
    client.force_login(citizen)
    response = client.get(reverse("carshare:book", args=[VehicleFactory().pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("carshare:membership"))


def test_a_member_cancels_their_booking_from_my_page(client, member):
    booking = BookingFactory(member=member)
    response = client.post(reverse("carshare:cancel", args=[booking.pk]))
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_cancelling_a_car_asks_for_confirmation_first_and_changes_nothing_until_then(client, member):
    booking = BookingFactory(member=member)
    url = reverse("carshare:cancel", args=[booking.pk])
    html = client.get(url).content.decode()
    assert booking.vehicle.plate_number in html
    assert f'<form method="post" action="{url}"' in html and 'name="confirm"' in html
    assert f'href="{url}"' in client.get(reverse("my-page")).content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.RESERVED


def test_nobody_sees_the_cancellation_page_of_someone_elses_booking(client, member):
    assert client.get(reverse("carshare:cancel", args=[BookingFactory().pk])).status_code == 404


def test_nobody_cancels_someone_elses_booking(client, member):
    booking = BookingFactory()
    assert client.post(reverse("carshare:cancel", args=[booking.pk])).status_code == 404
    booking.refresh_from_db()
    assert booking.status == Booking.Status.RESERVED


def test_my_page_shows_the_final_price_of_a_returned_booking(client, member):
    start = timezone.now() - timedelta(hours=3)
    BookingFactory(
        member=member, period=DateTimeTZRange(start, start + timedelta(hours=1)), status="returned", final_price=23400
    )
    assert "23,400" in client.get(reverse("my-page")).content.decode()


def test_the_car_search_takes_the_same_number_of_queries_for_many_cars(client, django_assert_max_num_queries):
    lots = [ParkingLotFactory() for _ in range(4)]
    for index in range(24):
        car = VehicleFactory(home_lot=lots[index % 4])
        if index % 3 == 0:
            BookingFactory(vehicle=car)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("carshare:find-car"))
    assert len(response.context["page"].object_list) == 20


def test_the_lot_page_and_list_take_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    lot = ParkingLotFactory()
    for _ in range(15):
        BookingFactory(vehicle=VehicleFactory(home_lot=lot))
    for _ in range(15):
        ParkingLotFactory()
    with django_assert_max_num_queries(6):
        client.get(lot.get_absolute_url())
    with django_assert_max_num_queries(6):
        response = client.get(reverse("carshare:lot-list"))
    assert len(response.context["page"].object_list) == 16


def test_my_page_takes_a_fixed_number_of_queries(client, member, django_assert_max_num_queries):
    for _ in range(12):
        BookingFactory(member=member)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("my-page"))
    assert response.content.decode().count('href="/carshare/bookings/') == 12


def test_the_lot_list_narrows_to_a_district(client):
    mapo = ParkingLotFactory(district=district("mapo-gu"))
    ParkingLotFactory(district=district("jongno-gu"))
    response = client.get(reverse("carshare:lot-list"), {"district": "mapo-gu"})
    assert list(response.context["page"].object_list) == [mapo]


def test_reasons_are_given_in_korean_by_default_and_in_english_on_request(client, citizen):
    client.force_login(citizen)
    today = timezone.localdate()
    form = {
        "licence_class": "2_ordinary",
        "licence_number": "11-18-654321-09",
        "licence_issued_on": "2015-01-01",
        "licence_expires_on": (today + timedelta(days=100)).isoformat(),
        "date_of_birth": today.replace(year=today.year - 19).isoformat(),
    }
    assert "만 21세 이상" in client.post(reverse("carshare:membership"), form).content.decode()
    client.cookies["django_language"] = "en"
    assert "at least 21 years old" in client.post(reverse("carshare:membership"), form).content.decode()


def test_seeing_the_price_for_another_time_does_not_book(client, member):
    car = VehicleFactory(price_per_10_min=1000)
    start, _end = next_slot()
    response = client.post(
        reverse("carshare:book", args=[car.pk]), window_params(start, start + timedelta(hours=2)) | {"preview": "1"}
    )
    assert response.status_code == 200 and response.context["estimate"] == 12000
    assert not Booking.objects.exists()


def test_the_car_search_page_does_not_grow_with_the_number_of_parking_lots(client):
    for _ in range(30):
        ParkingLotFactory()
    html = client.get(reverse("carshare:find-car")).text
    assert '<select name="lot"' not in html


def test_a_search_limited_to_one_lot_from_its_page_says_so_and_finds_only_its_cars(client):
    here = ParkingLotFactory(name="시청 공영주차장", name_en="City Hall Car Park")
    VehicleFactory(home_lot=here, model_name="여기 차")
    VehicleFactory(model_name="다른 차")
    html = client.get(reverse("carshare:find-car"), {"lot": here.slug}).text
    assert "여기 차" in html and "다른 차" not in html
    assert '<p class="chosen">시청 공영주차장의 차량만 보고 있습니다.' in html
    assert f'name="lot" value="{here.slug}"' in html


def test_an_unknown_lot_in_the_search_is_explained_not_a_crash(client):
    response = client.get(reverse("carshare:find-car"), {"lot": "no-such-lot"})
    assert response.status_code == 200
    assert 'class="error-summary" role="alert"' in response.text
