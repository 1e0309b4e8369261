"""Becoming a car-share member: Seoul's Nanum Car rule (21 or over, licence held a year, not expired)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from carshare.models import Membership
from carshare.services import become_member, verify_member
from sharingcity.models import AuditEntry
from tests.carshare.factories import MembershipFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def join(user, **changes):
    details = {
        "licence_class": Membership.LicenceClass.CLASS_2_ORDINARY,
        "licence_number": "11-15-123456-78",
        "licence_issued_on": date(2015, 3, 2),
        "licence_expires_on": TODAY + timedelta(days=700),
        "date_of_birth": date(1990, 5, 17),
    }
    details.update(changes)
    return become_member(user, **details)


def years_ago(years, days=0):
    return TODAY.replace(year=TODAY.year - years) - timedelta(days=days)


def messages_of(excinfo):
    return " ".join(excinfo.value.messages)


def test_an_adult_with_a_licence_held_for_years_becomes_a_member_awaiting_verification(citizen):
    member = join(citizen)
    assert member.user == citizen
    assert not member.is_verified
    assert Membership.objects.awaiting_verification().filter(pk=member.pk).exists()


def test_someone_who_turned_21_today_may_join(citizen):
    assert join(citizen, date_of_birth=years_ago(21))


def test_someone_a_day_short_of_21_is_told_they_are_too_young(citizen):
    with pytest.raises(ValidationError) as excinfo:
        join(citizen, date_of_birth=years_ago(21) + timedelta(days=1))
    assert "21" in messages_of(excinfo)
    assert not Membership.objects.exists()


def test_a_licence_held_less_than_a_year_is_refused(citizen):
    with pytest.raises(ValidationError) as excinfo:
        join(citizen, licence_issued_on=years_ago(1) + timedelta(days=1))
    assert "one year" in messages_of(excinfo)


def test_a_licence_held_exactly_one_year_is_enough(citizen):
    assert join(citizen, licence_issued_on=years_ago(1))


def test_an_expired_licence_is_refused(citizen):
    with pytest.raises(ValidationError) as excinfo:
        join(citizen, licence_expires_on=TODAY - timedelta(days=1))
    assert "expired" in messages_of(excinfo)


def test_every_reason_is_given_at_once(citizen):
    with pytest.raises(ValidationError) as excinfo:
        join(
            citizen,
            date_of_birth=years_ago(19),
            licence_issued_on=TODAY - timedelta(days=30),
            licence_expires_on=TODAY - timedelta(days=1),
        )
    assert len(excinfo.value.messages) == 3


def test_the_licence_number_is_stored_encrypted_and_shown_masked(citizen):
    member = join(citizen, licence_number="11-15-123456-78")
    member.refresh_from_db()
    assert "123456" not in member.licence_number_encrypted
    assert member.licence_number == "111512345678"
    assert member.masked_licence_number == "**-**-******-78"
    assert "123456" not in str(member)


def test_one_licence_cannot_be_registered_by_two_people(citizen, other_citizen):
    join(citizen, licence_number="11-15-123456-78")
    with pytest.raises(ValidationError) as excinfo:
        join(other_citizen, licence_number="11 15 123456 78")
    assert "already registered" in messages_of(excinfo)


def test_a_licence_number_must_have_twelve_digits(citizen):
    with pytest.raises(ValidationError) as excinfo:
        join(citizen, licence_number="11-15-1234")
    assert "12 digits" in messages_of(excinfo)


def test_a_citizen_joins_only_once(citizen):
    join(citizen)
    with pytest.raises(ValidationError):
        join(citizen, licence_number="22-15-123456-78")


def test_staff_verification_is_recorded_with_who_verified():
    officer = UserFactory(role="Car-share officer")
    member = MembershipFactory(verified_at=None)
    verify_member(member, by_staff=officer)
    member.refresh_from_db()
    assert member.is_verified and member.verified_by == officer
    assert AuditEntry.objects.filter(action="verified member", actor=officer, object_id=str(member.pk)).exists()


def test_a_member_whose_licence_expired_since_joining_cannot_be_verified():
    member = MembershipFactory(verified_at=None, licence_expires_on=TODAY - timedelta(days=1))
    with pytest.raises(ValidationError):
        verify_member(member, by_staff=UserFactory(role="Car-share officer"))
    member.refresh_from_db()
    assert not member.is_verified
