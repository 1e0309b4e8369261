"""The city's desk in the admin: allocations within a lot's size, cars within allocations, the member
verification queue, staff cancellations with a reason, and the monthly report ("<10" when published)."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from psycopg2.extras import DateTimeTZRange

from carshare import reports
from carshare.models import Booking, SpaceAllocation, Trip, Vehicle
from sharingcity.models import AuditEntry
from tests.admin_rows import row_button_submit
from tests.carshare.factories import (
    BookingFactory,
    MembershipFactory,
    OperatorFactory,
    ParkingLotFactory,
    SpaceAllocationFactory,
    VehicleFactory,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client):
    user = UserFactory(role="Car-share officer")
    client.force_login(user)
    return user


def returned_trip(vehicle, start, minutes=60, km=20):
    booking = BookingFactory(
        vehicle=vehicle,
        period=DateTimeTZRange(start, start + timedelta(minutes=minutes)),
        status=Booking.Status.RETURNED,
        final_price=10000,
    )
    Trip.objects.create(
        booking=booking,
        started_at=start,
        ended_at=start + timedelta(minutes=minutes),
        odometer_start_km=1000,
        odometer_end_km=1000 + km,
        energy_level_at_return=50,
    )
    return booking


def test_an_officer_opens_every_car_share_list(client, officer, django_assert_max_num_queries):
    for _ in range(15):
        BookingFactory()
    for name in ["parkinglot", "spaceallocation", "vehicle", "membership", "booking", "trip"]:
        with django_assert_max_num_queries(12):
            response = client.get(f"/admin/carshare/{name}/")
        assert response.status_code == 200, name


def test_a_citizen_cannot_open_the_car_share_desk(client, citizen):
    client.force_login(citizen)
    assert client.get("/admin/carshare/booking/report/").status_code == 302


def test_the_officer_verifies_members_from_the_queue(client, officer):
    waiting = MembershipFactory(verified_at=None)
    expired = MembershipFactory(verified_at=None, licence_expires_on=timezone.localdate() - timedelta(days=1))
    queue = client.get("/admin/carshare/membership/", {"verification": "waiting"})
    assert set(queue.context["cl"].result_list) == {waiting, expired}
    client.post(
        "/admin/carshare/membership/",
        {"action": "verify_members", "_selected_action": [waiting.pk, expired.pk]},
    )
    waiting.refresh_from_db()
    expired.refresh_from_db()
    assert waiting.verified_by == officer
    assert not expired.is_verified


def test_the_member_list_shows_licence_numbers_masked(client, officer):
    member = MembershipFactory(licence_number="11-19-246802-13")
    page = client.get("/admin/carshare/membership/").content.decode()
    assert member.masked_licence_number in page and "246802" not in page


def test_a_lot_cannot_be_allocated_beyond_its_spaces_in_the_admin(client, officer):
    lot = ParkingLotFactory(total_spaces=5)
    operator_a, operator_b = OperatorFactory(), OperatorFactory()
    today = timezone.localdate()
    form = {
        "name": lot.name,
        "name_en": lot.name_en,
        "slug": lot.slug,
        "district": lot.district.pk,
        "address": lot.address,
        "latitude": lot.latitude,
        "longitude": lot.longitude,
        "total_spaces": 5,
        "ev_charging": "on",
        "allocations-TOTAL_FORMS": 2,
        "allocations-INITIAL_FORMS": 0,
        "allocations-0-operator": operator_a.pk,
        "allocations-0-spaces": 3,
        "allocations-0-permit_start": today,
        "allocations-0-permit_end": today + timedelta(days=365),
        "allocations-1-operator": operator_b.pk,
        "allocations-1-spaces": 3,
        "allocations-1-permit_start": today,
        "allocations-1-permit_end": today + timedelta(days=365),
    }
    response = client.post(f"/admin/carshare/parkinglot/{lot.pk}/change/", form)
    assert response.status_code == 200
    assert not SpaceAllocation.objects.exists()
    form["allocations-1-spaces"] = 2
    assert client.post(f"/admin/carshare/parkinglot/{lot.pk}/change/", form).status_code == 302
    assert SpaceAllocation.objects.count() == 2
    assert AuditEntry.objects.filter(action="allocated spaces", actor=officer).count() == 2


def test_a_car_cannot_be_added_beyond_the_operators_spaces_in_the_admin(client, officer):
    allocation = SpaceAllocationFactory(spaces=1)
    VehicleFactory(operator=allocation.operator, home_lot=allocation.lot)
    response = client.post(
        "/admin/carshare/vehicle/add/",
        {
            "operator": allocation.operator.pk,
            "home_lot": allocation.lot.pk,
            "plate_number": "99하9999",
            "model_name": "Ray",
            "vehicle_type": "compact",
            "propulsion": "combustion",
            "seats": 4,
            "price_per_10_min": 1000,
            "price_per_km": 150,
            "range_km": 300,
            "status": "active",
        },
    )
    assert response.status_code == 200
    assert "home_lot" in response.context["adminform"].form.errors
    assert Vehicle.objects.count() == 1


def test_staff_cancel_a_booking_with_a_reason_that_is_recorded(client, officer):
    booking = BookingFactory()
    client.post(
        "/admin/carshare/booking/",
        {"action": "cancel_bookings", "_selected_action": [booking.pk], "apply": "1", "reason": "차량 사고"},
    )
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert AuditEntry.objects.get(action="cancelled booking").reason == "차량 사고"


def test_cancelling_a_selection_with_a_returned_booking_cancels_the_rest_and_names_the_one_left(client, officer):
    reserved = BookingFactory()
    returned = BookingFactory(status=Booking.Status.RETURNED)
    client.cookies["django_language"] = "en"
    response = client.post(
        "/admin/carshare/booking/",
        {"action": "cancel_bookings", "_selected_action": [reserved.pk, returned.pk], "apply": "1", "reason": "사고"},
        follow=True,
    )
    assert response.status_code == 200
    shown = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert ("success", "1 item cancelled.") in shown
    assert any(tag == "warning" and str(returned) in text and "Only a reserved booking" in text for tag, text in shown)
    reserved.refresh_from_db()
    returned.refresh_from_db()
    assert (reserved.status, returned.status) == (Booking.Status.CANCELLED, Booking.Status.RETURNED)


def test_an_action_that_changed_nothing_says_so_as_a_warning(client, officer):
    returned = BookingFactory(status=Booking.Status.RETURNED)
    client.cookies["django_language"] = "en"
    response = client.post(
        "/admin/carshare/booking/",
        {"action": "cancel_bookings", "_selected_action": [returned.pk], "apply": "1", "reason": "사고"},
        follow=True,
    )
    shown = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert ("warning", "Nothing was changed.") in shown
    assert not any(tag == "success" for tag, _text in shown)
    returned.refresh_from_db()
    assert returned.status == Booking.Status.RETURNED
    assert not AuditEntry.objects.filter(action="cancelled booking").exists()


def test_the_monthly_report_adds_up_bookings_hours_distance_and_electric_share():
    lot = ParkingLotFactory()
    electric = VehicleFactory(home_lot=lot, propulsion="electric")
    petrol = VehicleFactory(home_lot=lot, propulsion="combustion", operator=electric.operator)
    month_start = timezone.localtime().replace(day=1, hour=9, minute=0, second=0, microsecond=0) - timedelta(days=40)
    month_start = month_start.replace(day=1)
    returned_trip(electric, month_start, minutes=120, km=30)
    returned_trip(electric, month_start + timedelta(days=1), minutes=60, km=10)
    returned_trip(petrol, month_start + timedelta(days=2), minutes=60, km=20)
    BookingFactory(
        vehicle=petrol,
        period=DateTimeTZRange(month_start + timedelta(days=3), month_start + timedelta(days=3, hours=1)),
        status=Booking.Status.CANCELLED,
    )
    [row] = reports.by_operator(month_start.year, month_start.month)
    assert (row.cars, row.bookings, row.trips, row.distance_km) == (2, 3, 3, 60)
    assert row.hours_used == 4.0
    assert row.electric_share == round(2 / 3, 3)
    assert row.utilisation == round(4 / (2 * row.hours_in_month), 4)
    [lot_row] = reports.by_lot(month_start.year, month_start.month)
    assert lot_row.label == lot.name and lot_row.trips == 3


def test_utilisation_is_the_booked_or_driven_hours_over_the_months_car_hours(
    client, officer, django_assert_num_queries
):
    """November 2026 has 30 days: one car gives 720 car-hours."""
    car = VehicleFactory()
    seoul = timezone.get_current_timezone()
    late = returned_trip(car, timezone.datetime(2026, 11, 3, 10, tzinfo=seoul), minutes=120)
    Trip.objects.filter(booking=late).update(ended_at=late.end + timedelta(minutes=30))  # 2.5 h out
    BookingFactory(  # a no-show held the car for 2 h all the same
        vehicle=car,
        period=DateTimeTZRange(
            timezone.datetime(2026, 11, 5, 9, tzinfo=seoul), timezone.datetime(2026, 11, 5, 11, tzinfo=seoul)
        ),
        status=Booking.Status.NO_SHOW,
    )
    BookingFactory(  # cancelled: the car was free
        vehicle=car,
        period=DateTimeTZRange(
            timezone.datetime(2026, 11, 7, 9, tzinfo=seoul), timezone.datetime(2026, 11, 7, 14, tzinfo=seoul)
        ),
        status=Booking.Status.CANCELLED,
    )
    returned_trip(car, timezone.datetime(2026, 11, 30, 23, tzinfo=seoul), minutes=120)  # 1 h of it in November
    [row] = reports.by_operator(2026, 11)
    assert (row.hours_held, row.hours_used) == (5.5, 4.5)
    assert row.utilisation == round(5.5 / 720, 4)
    # The city's last six months: the fleet, every month's held hours, the trips; each month on its own.
    *earlier, october, november = reports.city_by_month(2026, 11)
    assert [row.label.month for row in (*earlier, october, november)] == [6, 7, 8, 9, 10, 11]
    assert (november.hours_held, november.hours_used, november.utilisation) == (5.5, 4.5, row.utilisation)
    assert (october.hours_held, october.trips) == (0, 0)
    [december] = reports.city_by_month(2026, 12, months=1)
    assert december.hours_held == 1.0  # the trip that began at 23:00 on 30 November
    # The session and the officer, four grouped queries per table, and three for the city by month.
    with django_assert_num_queries(15):
        screen = client.get("/admin/carshare/booking/report/", {"month": "2026-11"}).content.decode()
    assert "<td>5.5</td>" in screen and "<td>0.8%</td>" in screen
    # Charted per operator and per lot: hours used, utilisation and the electric share.
    assert screen.count('<svg role="img"') == 9
    assert 'aria-label="이용 시간, 운영사별"' in screen and 'aria-label="가동률, 주차장별"' in screen
    assert f'<th scope="row">{car.operator.name}</th><td>4.5</td></tr>' in screen
    [lot] = reports.by_lot(2026, 11)
    assert f'<th scope="row">{lot.label}</th><td>0.8%</td></tr>' in screen
    assert 'aria-label="전기차 운행 비율, 주차장별"' in screen and 'aria-label="가동률, 월별"' in screen
    assert '<th scope="row">2026년 11월</th><td>4.5</td></tr>' in screen
    published = client.get("/admin/carshare/booking/report/", {"month": "2026-11", "format": "csv"})
    operator_row = next(r for r in csv.DictReader(io.StringIO(published.content.decode())) if r["level"] == "operator")
    assert operator_row["utilisation"] == "0.8%" and operator_row["hours_held"] == "5.5"


def test_the_published_report_shows_small_counts_as_under_ten(client, officer):
    car = VehicleFactory()
    start = timezone.localtime().replace(day=1, hour=9, minute=0, second=0, microsecond=0)
    for day in range(3):
        returned_trip(car, start + timedelta(hours=day * 2))
    screen = client.get("/admin/carshare/booking/report/", {"month": f"{start:%Y-%m}"})
    assert screen.status_code == 200 and screen.context["operators"][0].bookings == 3
    published = client.get("/admin/carshare/booking/report/", {"month": f"{start:%Y-%m}", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(published.content.decode())))
    operator_row = next(row for row in rows if row["level"] == "operator")
    assert operator_row["bookings"] == "<10" and operator_row["trips"] == "<10" and operator_row["cars"] == "<10"


def test_published_counts_of_ten_or_more_are_shown_as_they_are():
    assert [reports.published_count(n) for n in (0, 1, 9, 10, 250)] == ["0", "<10", "<10", "10", "250"]


def test_staff_of_another_programme_cannot_open_the_car_share_report(client):
    client.force_login(UserFactory(role="Hub editor"))
    assert client.get("/admin/carshare/booking/report/").status_code == 403
    assert client.get("/admin/carshare/membership/").status_code == 403


def test_a_large_selection_names_the_first_rows_it_could_not_change_and_counts_the_rest(client, officer):
    returned = [BookingFactory(status=Booking.Status.RETURNED) for _ in range(22)]
    client.cookies["django_language"] = "en"
    response = client.post(
        "/admin/carshare/booking/",
        {"action": "cancel_bookings", "_selected_action": [b.pk for b in returned], "apply": "1", "reason": "x"},
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    assert sum(text.startswith("Not changed:") for text in shown) == 20
    assert "2 more items were not changed." in shown


def test_an_officer_verifies_a_waiting_member_with_one_click_on_its_row(client, officer):
    waiting = MembershipFactory(verified_at=None)
    listing = "/admin/carshare/membership/?verification=waiting"
    page = client.get(listing).content.decode()
    answer = client.post(listing, row_button_submit(page, "verify_members", waiting.pk))
    assert answer.status_code == 302 and answer["Location"] == listing
    waiting.refresh_from_db()
    assert waiting.verified_by == officer
