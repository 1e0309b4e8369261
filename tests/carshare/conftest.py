"""Car-share tests read rule messages in English; pages pick their language per request as usual."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from psycopg2.extras import DateTimeTZRange

from carshare.models import Vehicle
from tests.carshare.factories import BookingFactory, MembershipFactory, ParkingLotFactory, VehicleFactory


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def fleet():
    """Two lots for the GBFS feeds: at Mapo two Ioniqs (one in use by a member) and an Avante in
    maintenance, at Jongno a free van."""
    mapo = ParkingLotFactory(slug="mapo-lot", name="마포 공영주차장", name_en="Mapo public car park")
    jongno = ParkingLotFactory(slug="jongno-lot", name="종로 공영주차장", name_en="")
    ioniq = VehicleFactory(home_lot=mapo, model_name="Ioniq 5", propulsion="electric")
    VehicleFactory(home_lot=mapo, model_name="Ioniq 5", propulsion="electric", operator=ioniq.operator)
    VehicleFactory(home_lot=mapo, model_name="Avante", propulsion="hybrid", status=Vehicle.Status.MAINTENANCE)
    VehicleFactory(home_lot=jongno, model_name="Staria", propulsion="combustion", seats=9, vehicle_type="van")
    now = timezone.now()
    member = MembershipFactory(
        user__full_name="비밀 회원", user__email="secret.member@example.org", licence_number="11-19-135790-24"
    )
    BookingFactory(
        vehicle=ioniq, member=member, period=DateTimeTZRange(now - timedelta(minutes=30), now + timedelta(hours=1))
    )
    return member
