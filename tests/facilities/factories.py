"""Factories for the facilities programme: a Mapo-gu office with a room open on weekdays 9 to 18."""

from datetime import date, datetime, time, timedelta

import factory
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone

from facilities.availability import SEOUL, holiday_name
from facilities.models import Facility, OpeningPeriod, Reservation
from hub.models import Organisation
from tests.factories import OrganisationFactory, district


class AgencyFactory(OrganisationFactory):
    kind = Organisation.Kind.PUBLIC_AGENCY
    slug = factory.Sequence(lambda n: f"agency-{n}")


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"회의실 {n}")
    name_en = factory.Sequence(lambda n: f"Meeting room {n}")
    slug = factory.Sequence(lambda n: f"room-{n}")
    kind = Facility.Kind.CONFERENCE
    agency = factory.SubFactory(AgencyFactory)
    district = factory.LazyFunction(lambda: district("mapo-gu"))
    address = "서울특별시 마포구 월드컵로 212"
    capacity = 30
    amenities = factory.LazyFunction(lambda: ["projector", "wifi"])

    @factory.post_generation
    def hours(self, create, extracted, **kwargs):
        """Weekdays 09:00-18:00 unless given a list of (weekday, opens, closes)."""
        if not create:
            return
        periods = extracted if extracted is not None else [(d, time(9), time(18)) for d in range(5)]
        OpeningPeriod.objects.bulk_create(
            OpeningPeriod(facility=self, weekday=d, opens=opens, closes=closes) for d, opens, closes in periods
        )


def working_day(days_ahead=10, weekday=None) -> date:
    """A date at least `days_ahead` days from today that is a weekday (or the given one) and no holiday."""
    day = timezone.localdate() + timedelta(days=days_ahead)
    while day.weekday() >= 5 or holiday_name(day) or (weekday is not None and day.weekday() != weekday):
        day += timedelta(days=1)
    return day


def seoul(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SEOUL)


class ReservationFactory(factory.django.DjangoModelFactory):
    """A reservation written straight to the table (for arranging), bypassing the booking rules."""

    class Meta:
        model = Reservation

    class Params:
        day = factory.LazyFunction(working_day)
        hour = 10
        length = 2

    facility = factory.SubFactory(FacilityFactory)
    citizen = factory.SubFactory("tests.factories.UserFactory")
    status = Reservation.Status.CONFIRMED
    period = factory.LazyAttribute(lambda o: DateTimeTZRange(seoul(o.day, o.hour), seoul(o.day, o.hour + o.length)))
    held_period = factory.LazyAttribute(
        lambda o: DateTimeTZRange(o.period.lower, o.period.upper + timedelta(minutes=o.facility.buffer_minutes))
    )
    attendees = 10
