"""The city in which the permission matrix runs: one object of each kind, everyone who might look at it,
and personal details with values found nowhere else, so a leak shows up as a plain substring."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from psycopg2.extras import DateTimeTZRange
from rest_framework.authtoken.models import Token

from carshare.models import Booking, SpaceAllocation, Trip
from facilities.models import Lottery, LotteryEntry, Reservation, ReservationSeries, WaitlistEntry
from hub.models import PartnerApiKey
from roomshare.access import log_personal_data_view
from roomshare.models import Application, CheckIn
from sharingcity.audit import record_decision
from sharingcity.roles import (
    CARSHARE_OFFICER,
    FACILITY_MANAGER,
    HUB_EDITOR,
    ROOMSHARE_COORDINATOR,
    ROOMSHARE_SUPERVISOR,
)
from sharingcity.tasks import prune_finished_tasks
from tests.carshare.factories import (
    BookingFactory,
    MembershipFactory,
    OperatorFactory,
    ParkingLotFactory,
    VehicleFactory,
    next_slot,
)
from tests.facilities.factories import AgencyFactory, FacilityFactory, ReservationFactory, seoul, working_day
from tests.factories import ArticleFactory, ServiceFactory, UserFactory, district, issue_key
from tests.roomshare.factories import AgreementFactory, ApplicationFactory, HostFactory, RoomFactory, StudentFactory

# Personal details, each unique in the whole world (ASCII text, so no HTML or JSON escaping can hide them).
CITIZEN_PHONE = "010-4417-2093"
LICENCE_NUMBER = "11-19-482913-57"
MEMBER_BIRTH_DATE = date(1986, 2, 14)
HOST_ADDRESS = "Gongneung-ro 58-gil 31, unit 907"
HOST_PHONE = "010-7781-3306"
HOST_BIRTH_DATE = date(1951, 7, 23)
STUDENT_PHONE = "010-3359-8841"
STUDENT_BIRTH_DATE = date(2003, 11, 29)


def renderings(day: date) -> tuple:
    """The ways a page may write a date: ISO, Korean and English long forms, dotted."""
    return (
        day.isoformat(),
        f"{day.year}년 {day.month}월 {day.day}일",
        f"{day:%B} {day.day}, {day.year}",
        f"{day:%b}. {day.day}, {day.year}",
        f"{day:%Y.%m.%d}",
    )


# Each detail with every form it may take on a page: the licence number is stored as its digits.
SENTINELS = {
    "citizen's phone": (CITIZEN_PHONE,),
    "member's licence number": (LICENCE_NUMBER, LICENCE_NUMBER.replace("-", "")),
    "member's date of birth": renderings(MEMBER_BIRTH_DATE),
    "host's address": (HOST_ADDRESS,),
    "host's phone": (HOST_PHONE,),
    "host's date of birth": renderings(HOST_BIRTH_DATE),
    "student's phone": (STUDENT_PHONE,),
    "student's date of birth": renderings(STUDENT_BIRTH_DATE),
}

ROLES = [
    "anonymous",
    "citizen",
    "another citizen",
    "car-share member",
    "partner A",
    "partner B",
    "hub editor",
    "facility manager of agency A",
    "facility manager of agency B",
    "car-share officer",
    "coordinator of the host's district",
    "coordinator of another district",
    "room-share supervisor",
]
PARTNERS = {"partner A", "partner B"}


@dataclass
class World:
    people: dict = field(default_factory=dict)  # role -> user (None for anonymous and partners)
    keys: dict = field(default_factory=dict)  # partner role -> plain API key
    objects: dict = field(default_factory=dict)  # name -> model instance
    admin_ids: dict = field(default_factory=dict)  # "app.model" -> the id its admin pages are opened with


def build_world() -> World:
    world = World()
    people, objects = world.people, world.objects

    # People.
    citizen = UserFactory(email="citizen@matrix.example", full_name="김시민", phone=CITIZEN_PHONE)
    people["anonymous"] = None
    people["citizen"] = citizen
    people["another citizen"] = UserFactory(email="other@matrix.example", full_name="이웃")
    people["car-share member"] = UserFactory(email="member@matrix.example", full_name="박회원")
    people["partner A"] = people["partner B"] = None
    people["hub editor"] = UserFactory(role=HUB_EDITOR)
    people["facility manager of agency A"] = UserFactory(role=FACILITY_MANAGER)
    people["facility manager of agency B"] = UserFactory(role=FACILITY_MANAGER)
    people["car-share officer"] = UserFactory(role=CARSHARE_OFFICER)
    people["coordinator of the host's district"] = UserFactory(role=ROOMSHARE_COORDINATOR)
    people["coordinator of the host's district"].districts.set([district("nowon-gu")])
    people["coordinator of another district"] = UserFactory(role=ROOMSHARE_COORDINATOR)
    people["coordinator of another district"].districts.set([district("seodaemun-gu")])
    people["room-share supervisor"] = UserFactory(role=ROOMSHARE_SUPERVISOR)

    # Hub.
    service = ServiceFactory(organisation__address="서울특별시 마포구 월드컵로 212")
    objects.update(service=service, organisation=service.organisation, article=ArticleFactory())

    # Facilities: the citizen's reservation (part of a weekly series) at agency A's room.
    agency_a = AgencyFactory(slug="matrix-agency-a")
    agency_a.members.add(people["facility manager of agency A"])
    agency_b = AgencyFactory(slug="matrix-agency-b")
    agency_b.members.add(people["facility manager of agency B"])
    facility = FacilityFactory(agency=agency_a, slug="matrix-room")
    FacilityFactory(agency=agency_b, slug="matrix-room-b")
    series = ReservationSeries.objects.create(facility=facility, citizen=citizen, weeks=2)
    reservation = ReservationFactory(
        facility=facility, citizen=citizen, series=series, contact_phone=CITIZEN_PHONE, purpose="주민 회의"
    )
    # ... and waits for a time someone else holds there.
    taken = ReservationFactory(facility=facility, day=working_day(days_ahead=30), hour=15, length=1)
    waiting = WaitlistEntry.objects.create(facility=facility, citizen=citizen, period=taken.period, attendees=2)
    # ... and has entered a draw for another time.
    drawn = DateTimeTZRange(*(seoul(working_day(days_ahead=40), hour) for hour in (14, 17)))
    draw = Lottery.objects.create(facility=facility, period=drawn, draw_at=timezone.now() + timedelta(days=3))
    entry = LotteryEntry.objects.create(lottery=draw, citizen=citizen, attendees=3)
    objects.update(facility=facility, series=series, reservation=reservation, waitlist_entry=waiting)
    objects.update(lottery=draw, lottery_entry=entry)

    # Car sharing: the member booked operator A's car; operator B has a car at the same lot.
    operator_a = OperatorFactory(slug="matrix-operator-a")
    operator_b = OperatorFactory(slug="matrix-operator-b")
    world.keys = {"partner A": issue_key(operator_a), "partner B": issue_key(operator_b)}
    lot = ParkingLotFactory(slug="matrix-lot")
    car_a = VehicleFactory(operator=operator_a, home_lot=lot)
    VehicleFactory(operator=operator_b, home_lot=lot)
    membership = MembershipFactory(
        user=people["car-share member"], licence_number=LICENCE_NUMBER, date_of_birth=MEMBER_BIRTH_DATE
    )
    booking = BookingFactory(vehicle=car_a, member=membership)
    objects.update(lot=lot, car=car_a, membership=membership, booking=booking)

    # Room sharing in Nowon-gu: the citizen is the student of an active agreement (both confirmed) for one
    # of the host's rooms; the host's other room is still listed.
    host = HostFactory(address=HOST_ADDRESS, phone=HOST_PHONE, date_of_birth=HOST_BIRTH_DATE)
    shared_room = RoomFactory(host=host)
    listed_room = RoomFactory(host=host)
    student = StudentFactory(user=citizen, phone=STUDENT_PHONE, date_of_birth=STUDENT_BIRTH_DATE)
    application = ApplicationFactory(student=student, room=shared_room, status=Application.Status.AGREED)
    agreement = AgreementFactory(room=shared_room, student=student, application=application)
    objects.update(host=host, room=listed_room, student=student, application=application, agreement=agreement)
    add_admin_records(world)
    return world


def add_admin_records(world: World):
    """One row of every model registered in the admin, so that each admin page has a record to open."""
    objects, people = world.objects, world.people
    facility, booking = objects["facility"], objects["booking"]
    blocked = ReservationFactory(
        facility=facility, citizen=None, status=Reservation.Status.BLOCKED, hour=15, reason="점검"
    )
    returned = BookingFactory(
        vehicle=objects["car"],
        member=objects["membership"],
        period=DateTimeTZRange(*next_slot(hours_from_now=-30)),
        status=Booking.Status.RETURNED,
    )
    trip = Trip.objects.create(
        booking=returned,
        started_at=returned.period.lower,
        ended_at=returned.period.upper,
        odometer_start_km=100,
        odometer_end_km=120,
    )
    checkin = CheckIn.objects.create(agreement=objects["agreement"], date=timezone.localdate(), host_satisfaction=5)
    coordinator = people["coordinator of the host's district"]
    looked = log_personal_data_view(coordinator, objects["host"], "full record in admin")
    attempt = {"user_agent": "matrix", "ip_address": "192.0.2.1", "username": "citizen@matrix.example"}
    attempt |= {"http_accept": "*/*", "path_info": "/login/", "attempt_time": timezone.now()}
    records = {
        "sharingcity.user": people["citizen"],
        "sharingcity.district": district("nowon-gu"),
        "sharingcity.auditentry": record_decision(people["facility manager of agency A"], "approved", booking),
        "auth.group": Group.objects.get(name=HUB_EDITOR),
        "axes.accessattempt": AccessAttempt.objects.create(
            **attempt, get_data="", post_data="", failures_since_start=1
        ),
        "axes.accessfailurelog": AccessFailureLog.objects.create(**attempt),
        "axes.accesslog": AccessLog.objects.create(**attempt),
        "hub.organisation": objects["organisation"],
        "hub.service": objects["service"],
        "hub.article": objects["article"],
        "hub.partnerapikey": PartnerApiKey.objects.filter(organisation__slug="matrix-operator-a").get(),
        "facilities.facility": facility,
        "facilities.reservation": objects["reservation"],
        "facilities.blockedperiod": blocked,
        "facilities.waitlistentry": objects["waitlist_entry"],
        "facilities.lottery": objects["lottery"],
        "carshare.parkinglot": objects["lot"],
        "carshare.spaceallocation": SpaceAllocation.objects.filter(lot=objects["lot"]).order_by("pk").first(),
        "carshare.vehicle": objects["car"],
        "carshare.membership": objects["membership"],
        "carshare.booking": booking,
        "carshare.trip": trip,
        "roomshare.host": objects["host"],
        "roomshare.room": objects["room"],
        "roomshare.student": objects["student"],
        "roomshare.application": objects["application"],
        "roomshare.agreement": objects["agreement"],
        "roomshare.checkin": checkin,
        "roomshare.personaldataview": looked,
        "django_tasks_database.dbtaskresult": DBTaskResult.objects.get(pk=prune_finished_tasks.enqueue().id),
    }
    world.admin_ids = {label: record.pk for label, record in records.items()}
    # The token admin opens a token by its user's id.
    world.admin_ids["authtoken.tokenproxy"] = Token.objects.create(user=people["citizen"]).user_id
