"""The wait list: a citizen who finds a time taken queues for it; when it frees, the first in line is
offered it for a day, then the next, and My page shows where each citizen stands."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from facilities import services, waitlist
from facilities.models import Reservation, WaitlistEntry
from sharingcity.booking import BookingConflict
from tests.facilities.factories import ReservationFactory, seoul, working_day
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def day():
    return working_day(days_ahead=12)


@pytest.fixture
def holder(room, day):
    """Someone holds 10:00-12:00 on `day`."""
    return ReservationFactory(facility=room, citizen=UserFactory(), day=day, hour=10, length=2)


def join(room, citizen, day, start=10, end=12):
    return waitlist.join_waitlist(
        facility=room, citizen=citizen, start=seoul(day, start), end=seoul(day, end), attendees=4, purpose="회의"
    )


def booking_post(day, start="10:00", end="12:00"):
    return {
        "date": day.isoformat(),
        "start_time": start,
        "end_time": end,
        "attendees": 4,
        "purpose": "동아리 모임",
        "contact_phone": "010-1234-5678",
        "weeks": 1,
    }


def test_a_citizen_who_finds_the_time_taken_is_offered_the_wait_list_and_joins_it(client, room, citizen, holder, day):
    client.force_login(citizen)
    refused = client.post(reverse("facilities:book", kwargs={"slug": room.slug}), booking_post(day))
    assert refused.status_code == 400
    assert "Join the wait list" in refused.content.decode()

    joined = client.post(reverse("facilities:waitlist-join", kwargs={"slug": room.slug}), booking_post(day))
    assert joined.status_code == 302 and joined["Location"] == reverse("my-page")
    entry = WaitlistEntry.objects.get(citizen=citizen)
    assert (entry.status, entry.start, entry.end, entry.attendees) == ("waiting", seoul(day, 10), seoul(day, 12), 4)
    page = client.get(reverse("my-page")).content.decode()
    assert "Waiting: number 1 in line" in page


def test_a_free_time_is_booked_directly_not_waited_for(room, citizen, day):
    with pytest.raises(ValidationError, match="book it directly"):
        join(room, citizen, day)
    assert not WaitlistEntry.objects.exists()


def test_a_citizen_waits_once_for_the_same_time(room, citizen, holder, day):
    join(room, citizen, day)
    with pytest.raises(ValidationError, match="already on the wait list"):
        join(room, citizen, day)
    assert WaitlistEntry.objects.filter(citizen=citizen).count() == 1


def test_the_holder_does_not_wait_for_their_own_time(room, holder, day):
    with pytest.raises(ValidationError, match="already hold this time"):
        join(room, holder.citizen, day)


def test_the_booking_rules_still_apply_to_a_wait_list_entry(room, citizen, holder, day):
    with pytest.raises(ValidationError, match="Capacity"):
        waitlist.join_waitlist(
            facility=room, citizen=citizen, start=seoul(day, 10), end=seoul(day, 12), attendees=room.capacity + 1
        )
    assert not WaitlistEntry.objects.exists()


def test_a_cancelled_time_is_offered_to_the_first_in_line_who_alone_may_take_it(
    room, citizen, other_citizen, holder, day, deliver
):
    first, second = join(room, citizen, day), join(room, other_citizen, day)
    services.cancel_reservation(holder, holder.citizen)
    sent = deliver()

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "offered" and second.status == "waiting"
    assert first.offer.status == Reservation.Status.OFFERED
    assert first.offer_expires_at == pytest.approx(timezone.now() + waitlist.OFFER_TIME, abs=timedelta(minutes=1))
    offer_mail = [m for m in sent if m.to == [citizen.email]]
    assert len(offer_mail) == 1 and "accept" in offer_mail[0].subject.lower()
    assert "/my/" in offer_mail[0].body
    # The time is held for the first in line: nobody else can book it meanwhile.
    with pytest.raises(BookingConflict):
        services.book_facility(
            resource=room, holder=UserFactory(), start=seoul(day, 10), end=seoul(day, 11), attendees=2
        )


def test_a_time_rejected_by_staff_is_offered_too(room, citizen, manager, day, deliver):
    request = ReservationFactory(facility=room, day=day, hour=10, length=2, status=Reservation.Status.REQUESTED)
    entry = join(room, citizen, day)
    services.reject_reservation(request, manager, "행사 일정과 겹칩니다")
    deliver()
    entry.refresh_from_db()
    assert entry.status == "offered"


def test_accepting_the_offer_makes_it_the_citizens_booking(client, room, citizen, holder, day, deliver):
    entry = join(room, citizen, day)
    services.cancel_reservation(holder, holder.citizen)
    deliver()
    client.force_login(citizen)
    page = client.get(reverse("my-page")).content.decode()
    assert "Accept the time" in page

    response = client.post(reverse("facilities:waitlist-accept", kwargs={"pk": entry.pk}))
    entry.refresh_from_db()
    assert entry.status == "booked"
    assert entry.offer.status == Reservation.Status.REQUESTED  # this room needs staff approval
    assert response["Location"] == entry.offer.get_absolute_url()
    assert any("received your facility reservation request" in m.subject for m in deliver() if m.to == [citizen.email])


def test_an_offer_not_taken_up_by_its_deadline_goes_to_the_next_in_line(
    room, citizen, other_citizen, holder, day, deliver
):
    first, second = join(room, citizen, day), join(room, other_citizen, day)
    services.cancel_reservation(holder, holder.citizen)
    deliver()
    first.refresh_from_db()

    assert waitlist.expire_offers(now=first.offer_expires_at + timedelta(minutes=1)) == 1
    deliver()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "expired" and first.offer.status == Reservation.Status.EXPIRED
    assert second.status == "offered"
    with pytest.raises(ValidationError, match="cannot be changed"):
        waitlist.accept_offer(first, citizen)


def test_letting_an_offer_go_passes_it_to_the_next_in_line(client, room, citizen, other_citizen, holder, day, deliver):
    first, second = join(room, citizen, day), join(room, other_citizen, day)
    services.cancel_reservation(holder, holder.citizen)
    deliver()
    client.force_login(citizen)
    client.post(reverse("facilities:waitlist-decline", kwargs={"pk": first.pk}))
    deliver()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("declined", "offered")


def test_a_citizen_whose_wanted_time_is_still_partly_held_keeps_their_place(room, citizen, other_citizen, day, deliver):
    morning = ReservationFactory(facility=room, day=day, hour=10, length=1)
    ReservationFactory(facility=room, day=day, hour=11, length=1)
    wants_both = join(room, citizen, day, 10, 12)
    wants_ten = join(room, other_citizen, day, 10, 11)
    services.cancel_reservation(morning, morning.citizen)
    deliver()
    wants_both.refresh_from_db()
    wants_ten.refresh_from_db()
    assert (wants_both.status, wants_ten.status) == ("waiting", "offered")


def test_only_the_citizen_acts_on_their_entry(client, room, citizen, holder, day):
    entry = join(room, citizen, day)
    client.force_login(UserFactory())
    assert client.post(reverse("facilities:waitlist-leave", kwargs={"pk": entry.pk})).status_code == 404
    entry.refresh_from_db()
    assert entry.status == "waiting"


def test_leaving_the_wait_list(client, room, citizen, holder, day):
    entry = join(room, citizen, day)
    client.force_login(citizen)
    client.post(reverse("facilities:waitlist-leave", kwargs={"pk": entry.pk}))
    entry.refresh_from_db()
    assert entry.status == "withdrawn"


def test_waiting_entries_lapse_when_their_time_comes(room, citizen, holder, day):
    entry = join(room, citizen, day)
    waitlist.expire_offers(now=seoul(day, 9))
    entry.refresh_from_db()
    assert entry.status == "lapsed"


def test_my_page_shows_the_wait_list_in_the_same_queries_for_two_or_four_entries(client, room, citizen):
    def queries_with(count):
        already = WaitlistEntry.objects.count()
        for n in range(already, already + count):
            day = working_day(days_ahead=10 + 7 * n)
            ReservationFactory(facility=room, day=day, hour=10, length=2)
            join(room, citizen, day)
        client.force_login(citizen)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("my-page")).content.decode()
        assert page.count("in line") == WaitlistEntry.objects.count()
        return len(queries)

    assert queries_with(2) == queries_with(2)
