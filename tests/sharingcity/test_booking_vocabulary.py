"""The three booking programmes name the same roles the same way: the statuses that hold a slot (`HOLDING`,
`.holding()`), the holder's own records (`.of_holder(user)`) and the exclusion constraint (`NO_OVERLAP`),
which holds exactly the `HOLDING` statuses."""

import pytest
from django.contrib.postgres.constraints import ExclusionConstraint

import carshare.models
import facilities.models
import roomshare.models
from tests.carshare.factories import BookingFactory
from tests.facilities.factories import ReservationFactory
from tests.factories import UserFactory
from tests.roomshare.factories import AgreementFactory

BOOKINGS = [
    (facilities.models, facilities.models.Reservation),
    (carshare.models, carshare.models.Booking),
    (roomshare.models, roomshare.models.Agreement),
]


@pytest.mark.parametrize(("module", "model"), BOOKINGS, ids=lambda value: getattr(value, "__name__", ""))
def test_the_no_overlap_constraint_holds_exactly_the_holding_statuses(module, model):
    (constraint,) = [c for c in model._meta.constraints if c.name == module.NO_OVERLAP]
    assert isinstance(constraint, ExclusionConstraint)
    ((lookup, statuses),) = constraint.condition.children
    assert lookup == "status__in"
    assert sorted(statuses) == sorted(str(status) for status in model.HOLDING)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "holder_of"),
    [
        (ReservationFactory, lambda reservation: reservation.citizen),
        (BookingFactory, lambda booking: booking.member.user),
        (AgreementFactory, lambda agreement: agreement.student.user),
        (AgreementFactory, lambda agreement: agreement.host.user),
    ],
    ids=["reservation", "car booking", "agreement (student)", "agreement (host)"],
)
def test_a_holder_finds_their_own_holding_records_and_nobody_elses(make, holder_of):
    mine, theirs = make(), make()
    model = type(mine)
    assert mine.status in model.HOLDING
    assert list(model.objects.holding().of_holder(holder_of(mine))) == [mine]
    assert list(model.objects.of_holder(holder_of(theirs))) == [theirs]
    assert not model.objects.of_holder(UserFactory()).exists()
