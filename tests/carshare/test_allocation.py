"""Parking lots: the city allocates spaces to operators under permits; an operator never bases more
cars at a lot than its allocated spaces, and a lot's spaces are never allocated twice over."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from carshare.models import SpaceAllocation, Vehicle
from carshare.services import allocate_spaces, register_vehicle, retire_vehicle, update_vehicle
from tests.carshare.factories import OperatorFactory, ParkingLotFactory, SpaceAllocationFactory, VehicleFactory
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def car_fields(lot, plate):
    return {
        "home_lot": lot,
        "plate_number": plate,
        "model_name": "Kia Ray EV",
        "vehicle_type": Vehicle.Type.COMPACT,
        "propulsion": Vehicle.Propulsion.ELECTRIC,
        "seats": 4,
        "price_per_10_min": 1500,
        "price_per_km": 180,
    }


def test_an_operator_bases_cars_up_to_its_allocated_spaces_and_no_more():
    allocation = SpaceAllocationFactory(spaces=2)
    register_vehicle(allocation.operator, **car_fields(allocation.lot, "12가1001"))
    register_vehicle(allocation.operator, **car_fields(allocation.lot, "12가1002"))
    with pytest.raises(ValidationError) as excinfo:
        register_vehicle(allocation.operator, **car_fields(allocation.lot, "12가1003"))
    assert "All 2 spaces" in str(excinfo.value)
    assert Vehicle.objects.count() == 2


def test_another_operators_cars_do_not_use_up_your_spaces():
    allocation = SpaceAllocationFactory(spaces=1)
    SpaceAllocationFactory(lot=allocation.lot, spaces=1)
    other = SpaceAllocation.objects.exclude(pk=allocation.pk).get()
    register_vehicle(other.operator, **car_fields(allocation.lot, "12가1001"))
    assert register_vehicle(allocation.operator, **car_fields(allocation.lot, "12가1002"))


def test_a_car_cannot_be_based_at_a_lot_without_a_permit_in_force():
    expired = SpaceAllocationFactory(permit_end=TODAY - timedelta(days=1), permit_start=TODAY - timedelta(days=90))
    with pytest.raises(ValidationError, match="no space permit"):
        register_vehicle(expired.operator, **car_fields(expired.lot, "12가1001"))


def test_moving_a_car_to_a_full_lot_is_refused():
    full = SpaceAllocationFactory(spaces=1)
    VehicleFactory(operator=full.operator, home_lot=full.lot)
    car = VehicleFactory(operator=full.operator)
    with pytest.raises(ValidationError, match="spaces"):
        update_vehicle(car, home_lot=full.lot)
    car.refresh_from_db()
    assert car.home_lot != full.lot


def test_a_retired_car_frees_its_space():
    allocation = SpaceAllocationFactory(spaces=1)
    car = register_vehicle(allocation.operator, **car_fields(allocation.lot, "12가1001"))
    retire_vehicle(car)
    assert register_vehicle(allocation.operator, **car_fields(allocation.lot, "12가1002"))


def test_bringing_a_retired_car_back_to_a_full_lot_is_refused():
    allocation = SpaceAllocationFactory(spaces=1)
    old = register_vehicle(allocation.operator, **car_fields(allocation.lot, "12가1001"))
    retire_vehicle(old)
    register_vehicle(allocation.operator, **car_fields(allocation.lot, "12가1002"))
    with pytest.raises(ValidationError):
        update_vehicle(old, status=Vehicle.Status.ACTIVE)


def test_only_partner_businesses_operate_cars():
    ngo = OrganisationFactory()
    lot = ParkingLotFactory()
    with pytest.raises(ValidationError, match="partner businesses"):
        allocate_spaces(lot, ngo, spaces=2, permit_start=TODAY, permit_end=TODAY + timedelta(days=30))


def test_a_lots_spaces_are_never_allocated_beyond_its_size():
    lot = ParkingLotFactory(total_spaces=10)
    allocate_spaces(lot, OperatorFactory(), spaces=6, permit_start=TODAY, permit_end=TODAY + timedelta(days=365))
    with pytest.raises(ValidationError, match="already allocated"):
        allocate_spaces(lot, OperatorFactory(), spaces=5, permit_start=TODAY, permit_end=TODAY + timedelta(days=365))


def test_an_allocation_cannot_shrink_below_the_cars_already_based_there():
    allocation = SpaceAllocationFactory(spaces=3)
    VehicleFactory(operator=allocation.operator, home_lot=allocation.lot)
    VehicleFactory(operator=allocation.operator, home_lot=allocation.lot)
    with pytest.raises(ValidationError, match="2 of this operator"):
        allocate_spaces(
            allocation.lot,
            allocation.operator,
            spaces=1,
            permit_start=allocation.permit_start,
            permit_end=allocation.permit_end,
        )


def test_a_permit_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        SpaceAllocationFactory(permit_start=TODAY, permit_end=TODAY - timedelta(days=1))


def test_allocating_records_the_decision(django_user_model):
    from sharingcity.models import AuditEntry

    lot = ParkingLotFactory()
    allocation = allocate_spaces(
        lot, OperatorFactory(), spaces=3, permit_start=TODAY, permit_end=TODAY + timedelta(days=30)
    )
    assert AuditEntry.objects.filter(action="allocated spaces", object_id=str(allocation.pk)).exists()


def car_row(allocation, plate):
    return Vehicle(operator=allocation.operator, **car_fields(allocation.lot, plate))


def test_the_database_refuses_a_car_beyond_the_allocation_whatever_path_it_takes():
    allocation = SpaceAllocationFactory(spaces=1)
    car_row(allocation, "12가1001").save()
    with pytest.raises(IntegrityError, match="carshare_vehicle_within_allocation"):
        car_row(allocation, "12가1002").save()


def test_the_database_refuses_a_car_at_a_lot_whose_permit_has_ended():
    allocation = SpaceAllocationFactory(
        permit_start=TODAY - timedelta(days=90), permit_end=TODAY - timedelta(days=1), spaces=5
    )
    with pytest.raises(IntegrityError, match="carshare_vehicle_within_allocation"):
        car_row(allocation, "12가1001").save()


def test_the_database_refuses_to_shrink_or_remove_an_allocation_under_its_cars():
    allocation = SpaceAllocationFactory(spaces=2)
    car_row(allocation, "12가1001").save()
    car_row(allocation, "12가1002").save()
    with pytest.raises(IntegrityError, match="carshare_allocation_covers_vehicles"), transaction.atomic():
        SpaceAllocation.objects.filter(pk=allocation.pk).update(spaces=1)
    with pytest.raises(IntegrityError, match="carshare_allocation_covers_vehicles"), transaction.atomic():
        SpaceAllocation.objects.filter(pk=allocation.pk).delete()
    assert SpaceAllocation.objects.get(pk=allocation.pk).spaces == 2


def test_a_car_keeps_its_space_when_its_other_details_change():
    allocation = SpaceAllocationFactory(spaces=1)
    car = car_row(allocation, "12가1001")
    car.save()
    car.status = Vehicle.Status.MAINTENANCE
    car.price_per_km = 1
    car.save()
    assert Vehicle.objects.get(pk=car.pk).status == Vehicle.Status.MAINTENANCE
