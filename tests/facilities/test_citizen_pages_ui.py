"""The facility pages as a citizen reads them: the price before booking, a confirmation before cancelling,
English texts with a Korean fallback marked as Korean, and dates in one format."""

import pytest
from django.conf import settings
from django.urls import reverse

from facilities.models import Reservation
from tests.facilities.factories import FacilityFactory, ReservationFactory, working_day

pytestmark = pytest.mark.django_db


def test_the_booking_form_shows_the_hourly_fee_and_the_total_for_the_chosen_times(client, citizen):
    facility = FacilityFactory(fee_per_hour=12000)
    client.force_login(citizen)
    book = reverse("facilities:book", kwargs={"slug": facility.slug})
    day = working_day().isoformat()
    html = client.get(book, {"date": day, "start_time": "10:00", "end_time": "12:00"}).content.decode()
    assert "12,000 KRW per hour" in html
    assert "For the times below: 24,000 KRW (2 hours)" in html


def test_the_booking_form_of_a_free_room_says_it_is_free(client, citizen):
    facility = FacilityFactory(fee_per_hour=0)
    client.force_login(citizen)
    html = client.get(reverse("facilities:book", kwargs={"slug": facility.slug})).content.decode()
    assert 'id="price-heading"' in html and "Free of charge" in html


def test_cancelling_asks_for_confirmation_first_and_changes_nothing_until_then(client, room, citizen):
    reservation = ReservationFactory(facility=room, citizen=citizen)
    client.force_login(citizen)
    url = reverse("facilities:reservation-cancel", kwargs={"pk": reservation.pk})
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cancel this reservation?" in html
    assert f'<form method="post" action="{url}"' in html and 'name="confirm"' in html
    assert "No, keep it" in html
    reservation.refresh_from_db()
    assert reservation.status == Reservation.Status.CONFIRMED


def test_the_reservation_and_my_page_link_to_the_confirmation_instead_of_cancelling_at_once(client, room, citizen):
    reservation = ReservationFactory(facility=room, citizen=citizen)
    client.force_login(citizen)
    url = reverse("facilities:reservation-cancel", kwargs={"pk": reservation.pk})
    assert f'href="{url}"' in client.get(reservation.get_absolute_url()).content.decode()
    my_page = client.get(reverse("my-page")).content.decode()
    assert f'href="{url}?next=/my/"' in my_page and f'action="{url}"' not in my_page


def test_someone_elses_cancellation_page_is_not_found(client, room, other_citizen):
    reservation = ReservationFactory(facility=room)
    client.force_login(other_citizen)
    assert client.get(reverse("facilities:reservation-cancel", kwargs={"pk": reservation.pk})).status_code == 404


def test_the_reservation_date_reads_the_same_way_everywhere(client, room, citizen):
    day = working_day()
    reservation = ReservationFactory(facility=room, citizen=citizen, day=day)
    client.force_login(citizen)
    expected = f"{day:%a} {day.day} {day:%B %Y}"
    assert expected in client.get(reservation.get_absolute_url()).content.decode()
    assert expected in client.get(reverse("my-page")).content.decode()


def test_an_english_page_shows_the_english_description_and_rules(client):
    facility = FacilityFactory(
        description="주민 모임에 쓰는 방입니다.",
        description_en="A room for residents' meetings.",
        usage_rules="음식 금지.",
        usage_rules_en="No food.",
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(facility.get_absolute_url()).content.decode()
    assert "<p>A room for residents&#x27; meetings.</p>" in html and "<p>No food.</p>" in html
    assert "주민 모임에 쓰는 방입니다." not in html


def test_without_an_english_text_the_korean_is_shown_marked_as_korean(client):
    facility = FacilityFactory(description="주민 모임에 쓰는 방입니다.", description_en="", usage_rules="음식 금지.")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(facility.get_absolute_url()).content.decode()
    assert '<p lang="ko">주민 모임에 쓰는 방입니다.</p>' in html
    assert '<p lang="ko">음식 금지.</p>' in html


def test_a_korean_page_shows_the_korean_text_unmarked(client):
    facility = FacilityFactory(description="주민 모임에 쓰는 방입니다.", description_en="A room.")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    html = client.get(facility.get_absolute_url()).content.decode()
    assert "<p>주민 모임에 쓰는 방입니다.</p>" in html and "A room." not in html


def test_staff_edit_the_english_texts_in_admin(admin_client):
    facility = FacilityFactory()
    html = admin_client.get(reverse("admin:facilities_facility_change", args=[facility.pk])).content.decode()
    assert 'name="description_en"' in html and 'name="usage_rules_en"' in html


def test_the_approval_queue_keeps_each_date_on_one_line(admin_client, room):
    ReservationFactory(facility=room, status=Reservation.Status.REQUESTED)
    html = admin_client.get(reverse("admin:facilities_reservation_changelist") + "?when=upcoming").content.decode()
    assert '<span class="nowrap">' in html
    assert "css/admin.css" in html
