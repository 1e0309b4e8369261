"""Factories for car sharing: operators, lots with allocations, cars, members and bookings."""

from datetime import date, timedelta

import factory
from django.utils import timezone
from psycopg2.extras import DateTimeTZRange

from carshare.models import Booking, Membership, ParkingLot, SpaceAllocation, Vehicle
from hub.models import Organisation
from tests.factories import OrganisationFactory, UserFactory, district


class OperatorFactory(OrganisationFactory):
    kind = Organisation.Kind.BUSINESS
    name = factory.Sequence(lambda n: f"카셰어 {n}")
    name_en = factory.Sequence(lambda n: f"Car Share {n}")
    slug = factory.Sequence(lambda n: f"operator-{n}")


class ParkingLotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParkingLot

    name = factory.Sequence(lambda n: f"공영주차장 {n}")
    name_en = factory.Sequence(lambda n: f"Public car park {n}")
    slug = factory.Sequence(lambda n: f"lot-{n}")
    district = factory.LazyFunction(lambda: district("mapo-gu"))
    address = "서울 마포구 월드컵로 1"
    latitude = factory.LazyAttribute(lambda lot: lot.district.latitude)
    longitude = factory.LazyAttribute(lambda lot: lot.district.longitude)
    total_spaces = 20
    ev_charging = True


class SpaceAllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpaceAllocation

    lot = factory.SubFactory(ParkingLotFactory)
    operator = factory.SubFactory(OperatorFactory)
    spaces = 10
    permit_start = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    permit_end = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=365))


class VehicleFactory(factory.django.DjangoModelFactory):
    """A car at a lot where its operator holds a permit (made first if needed: the database refuses a car
    beyond its operator's allocation)."""

    class Meta:
        model = Vehicle

    operator = factory.SubFactory(OperatorFactory)
    home_lot = factory.SubFactory(ParkingLotFactory)
    plate_number = factory.Sequence(lambda n: f"{12 + n % 80}하{1000 + n}")
    model_name = "Hyundai Ioniq 5"
    vehicle_type = Vehicle.Type.MID_SIZE
    propulsion = Vehicle.Propulsion.ELECTRIC
    seats = 5
    price_per_10_min = 2000
    price_per_km = 200
    status = Vehicle.Status.ACTIVE

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        lot, operator = kwargs["home_lot"], kwargs["operator"]
        if not SpaceAllocation.objects.filter(lot=lot, operator=operator).exists():
            SpaceAllocationFactory(lot=lot, operator=operator, spaces=10)
        return super()._create(model_class, *args, **kwargs)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    licence_class = Membership.LicenceClass.CLASS_2_ORDINARY
    licence_issued_on = date(2015, 3, 2)
    licence_expires_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=3 * 365))
    date_of_birth = date(1990, 5, 17)
    verified_at = factory.LazyFunction(timezone.now)
    licence_number = factory.Sequence(lambda n: f"11-15-{n:06d}-01")

    @classmethod
    def _create(cls, model_class, *args, licence_number, **kwargs):
        member = model_class(*args, **kwargs)
        member.set_licence_number(licence_number)
        member.save()
        return member


def next_slot(hours_from_now=2, minutes=60):
    """A bookable [start, end) on the 10-minute mark, some hours from now."""
    start = (timezone.now() + timedelta(hours=hours_from_now)).replace(second=0, microsecond=0)
    start = start.replace(minute=start.minute - start.minute % 10)
    return start, start + timedelta(minutes=minutes)


def next_times(hours_from_now=2, minutes=60):
    """The same, as the start and end keywords of a booking."""
    start, end = next_slot(hours_from_now, minutes)
    return {"start": start, "end": end}


def slot_range(*args, **kwargs):
    return DateTimeTZRange(*next_slot(*args, **kwargs))


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    vehicle = factory.SubFactory(VehicleFactory)
    member = factory.SubFactory(MembershipFactory)
    period = factory.LazyFunction(slot_range)
    estimated_price = 12000
    status = Booking.Status.RESERVED
