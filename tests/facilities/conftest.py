import pytest

from sharingcity.roles import FACILITY_MANAGER
from tests.facilities.factories import AgencyFactory, FacilityFactory
from tests.factories import UserFactory


@pytest.fixture
def agency(db):
    return AgencyFactory(slug="mapo-gu-office", name="마포구청", name_en="Mapo-gu Office")


@pytest.fixture
def room(agency):
    return FacilityFactory(
        agency=agency, name="마포구청 대회의실", name_en="Mapo Office Conference Room", slug="mapo-room"
    )


@pytest.fixture
def manager(agency):
    user = UserFactory(email="manager@mapo.example", full_name="박관리", role=FACILITY_MANAGER)
    agency.members.add(user)
    return user


@pytest.fixture
def other_manager(db):
    other = AgencyFactory(slug="jongno-gu-office", name="종로구청", name_en="Jongno-gu Office")
    user = UserFactory(email="manager@jongno.example", full_name="이관리", role=FACILITY_MANAGER)
    other.members.add(user)
    return user


@pytest.fixture(autouse=True)
def in_english(settings):
    """Messages are asserted in English (pages fall back to LANGUAGE_CODE); the Korean catalogue has its
    own test, and the browser test runs in Korean."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
