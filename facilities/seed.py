"""Demo data of the facilities programme: rooms and halls of every district office, with opening hours,
a closure or two, reservations (a history for load tests, and some upcoming ones, paid or due at paid rooms),
discounted rates, a draw for a popular hall and a wait list entry.

Scale 1 gives 75 facilities and a month of history; `--scale seoul` (125) gives Seoul's 1,007 facilities and
a year of history (about a million past reservations). Running it again adds nothing: facilities are made
once (by slug), and reservations only for facilities made in this run.
"""

from datetime import time, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone

from facilities import lottery, waitlist
from facilities.availability import at, holiday_name
from facilities.models import Closure, Facility, FacilityRate, OpeningPeriod, PaymentStatus, Photo, Reservation
from facilities.services import price_snapshot
from hub.models import Organisation
from sharingcity.bulk import copy_rows, indexes_set_aside
from sharingcity.demo_images import add_demo_photos
from sharingcity.models import District, User
from sharingcity.seed import SEOUL_SCALE

SEOUL_FACILITIES = 1007

# kind, Korean name, English name, capacity range, fee per hour, amenities
ROOMS = [
    ("conference", "대회의실", "Main conference room", (30, 60), 0, ["projector", "microphone", "wifi"]),
    ("conference", "소회의실", "Small meeting room", (8, 16), 0, ["wifi", "whiteboard"]),
    ("lecture", "교육장", "Training room", (24, 48), 10000, ["projector", "wifi", "whiteboard"]),
    ("auditorium", "대강당", "Auditorium", (150, 400), 50000, ["projector", "microphone", "parking"]),
    ("multipurpose", "다목적홀", "Multipurpose hall", (60, 120), 20000, ["microphone", "parking"]),
    ("studio", "주민 동아리방", "Community club room", (10, 20), 0, ["wifi", "kitchen"]),
    ("lecture", "정보화 교육장", "Computer classroom", (20, 30), 0, ["projector", "wifi"]),
    ("conference", "화상회의실", "Video meeting room", (6, 12), 5000, ["video", "wifi", "projector"]),
]
# Accessibility by kind: the big halls are on the ground floor with everything; rooms upstairs have a lift.
ACCESS = {
    "auditorium": ["step_free", "accessible_toilet", "hearing_loop", "braille", "disabled_parking"],
    "multipurpose": ["step_free", "accessible_toilet", "disabled_parking"],
    "conference": ["step_free", "accessible_toilet"],
    "lecture": ["step_free", "braille"],
}
# weekday periods: most rooms open office hours; some stay open for evening groups and on Saturdays
SCHEDULES = [
    [(d, time(9), time(18)) for d in range(5)],
    [(d, time(9), time(22)) for d in range(5)] + [(5, time(9), time(13))],
    [(d, time(9), time(12)) for d in range(5)] + [(d, time(13), time(18)) for d in range(5)],
]
# the times demo bookings take (an hour apart, so no buffer makes them overlap); each is used only on
# days when the facility's schedule covers it, so the evening slot goes to rooms open until 22:00
BOOKABLE = [(10, 11), (13, 14), (15, 16), (17, 18), (19, 21)]
PURPOSES = [
    ("주민자치회 회의", "마을 주민자치회"),
    ("독서 모임", "책 읽는 마포"),
    ("청년 취업 스터디", "청년 스터디"),
    ("아파트 입주자 대표 회의", "입주자 대표회의"),
    ("어르신 스마트폰 교실", "디지털 배움터"),
    ("합창 연습", "구민 합창단"),
]
# Seoul's usual discounts at paid public rooms: (price category, percent off)
DISCOUNTS = [("resident", 20), ("senior", 50), ("disability", 50), ("national_merit", 50), ("multi_child", 30)]
MANAGERS = {"manager.mapo@sharing.example": "mapo-gu-office", "manager.jongno@sharing.example": "jongno-gu-office"}
BATCH = 5000
# From this many new facilities on, the reservations' indexes are made after the load, not during it.
BIG_LOAD = 200


def facility_count(scale: int) -> int:
    base = 3 * District.objects.count()
    return min(SEOUL_FACILITIES, base + round((SEOUL_FACILITIES - base) * (scale - 1) / (SEOUL_SCALE - 1)))


def _link_managers():
    for email, slug in MANAGERS.items():
        user = User.objects.filter(email=email).first()
        agency = Organisation.objects.filter(slug=slug).first()
        if user and agency:
            agency.members.add(user)


def _citizens(scale, rng):
    """The residents who made the demo bookings, and citizen@ among them: a year of history on My page."""
    wanted = 20 * scale
    existing = User.objects.filter(email__startswith="resident", email__endswith="@sharing.example").count()
    password = make_password(None)
    User.objects.bulk_create(
        [
            User(email=f"resident{n}@sharing.example", full_name=f"주민 {n}", password=password)
            for n in range(existing, wanted)
        ],
        batch_size=BATCH,
    )
    residents = User.objects.filter(email__startswith="resident", email__endswith="@sharing.example").order_by("pk")
    demo = User.objects.filter(email="citizen@sharing.example")
    return [user.pk for user in demo] + list(residents.values_list("pk", flat=True))


def _new_facilities(scale, rng):
    districts = list(District.objects.order_by("code"))
    agencies = {o.slug: o for o in Organisation.objects.filter(kind=Organisation.Kind.PUBLIC_AGENCY)}
    existing = set(Facility.objects.values_list("slug", flat=True))
    count = facility_count(scale)
    made = []
    for n in range(count):
        district = districts[n % len(districts)]
        number = n // len(districts) + 1
        slug = f"{district.slug}-room-{number}"
        agency = agencies.get(f"{district.slug}-office") or agencies.get("seoul-city-hall")
        if slug in existing or agency is None:
            continue
        kind, name, name_en, (low, high), fee, amenities = ROOMS[0 if number == 1 else (number + n) % len(ROOMS)]
        floor = number % 6 + 1
        made.append(
            Facility(
                slug=slug,
                name=f"{district.name}청 {name} {number}",
                name_en=f"{district.name_en} Office {name_en} {number}",
                kind=kind,
                agency=agency,
                district=district,
                address=f"서울특별시 {district.name} {agency.name} {floor}층",
                latitude=district.latitude + Decimal(rng.randint(-90, 90)) / 10000,
                longitude=district.longitude + Decimal(rng.randint(-90, 90)) / 10000,
                capacity=rng.randint(low, high),
                floor_area=Decimal(rng.randint(20, 600)),
                amenities=amenities,
                accessibility=ACCESS.get(kind, []) if number % 5 else [],
                description=f"{agency.name} {floor}층의 {name}입니다. 주민 모임과 교육에 쓸 수 있습니다.",
                usage_rules="음식물 반입 금지. 사용 후 책상과 의자를 제자리에 두어 주세요.",
                # A few rooms have their texts in English too; the others show the Korean on English pages.
                description_en=(
                    f"The {name_en.lower()} on floor {floor} of {agency.name_en or agency.name}, for residents' "
                    "meetings and classes."
                    if number % 3 == 1
                    else ""
                ),
                usage_rules_en="No food or drink. Put the desks and chairs back after use." if number % 3 == 1 else "",
                fee_per_hour=fee,
                slot_minutes=30 if n % 3 == 0 else 60,
                min_duration_minutes=60,
                max_duration_minutes=480 if kind == "auditorium" else 240,
                buffer_minutes=30 if kind == "auditorium" else 0,
                needs_approval=n % 4 != 1,
                open_on_holidays=n % 10 == 0,
            )
        )
    Facility.objects.bulk_create(made, batch_size=BATCH)
    periods = []
    for index, facility in enumerate(made):
        periods += [
            OpeningPeriod(facility=facility, weekday=d, opens=o, closes=c)
            for d, o, c in SCHEDULES[index % len(SCHEDULES)]
        ]
    OpeningPeriod.objects.bulk_create(periods, batch_size=BATCH)
    return made


def _is_open(facility_index, day):
    schedule = SCHEDULES[facility_index % len(SCHEDULES)]
    return any(d == day.weekday() for d, _o, _c in schedule)


def _reservations(facilities, citizens, scale, rng, today):
    """The history and upcoming bookings, loaded with COPY (sharingcity/bulk.py): at Seoul's scale a
    million rows, which bulk_create took a quarter of an hour to build."""
    history_days = min(365, 30 * scale)
    statuses_past = (
        [Reservation.Status.COMPLETED] * 16 + [Reservation.Status.CANCELLED] * 2 + [Reservation.Status.NO_SHOW]
    )
    upcoming = [Reservation.Status.CONFIRMED, Reservation.Status.REQUESTED]
    days = [(offset, today + timedelta(days=offset)) for offset in range(-history_days, 45)]
    holidays = {day for _offset, day in days if holiday_name(day)}

    def rows():
        for index, facility in enumerate(facilities):
            buffer = timedelta(minutes=facility.buffer_minutes)
            closure = _closure_day(index, today)
            main_room = facility.slug.endswith("-room-1")
            waiting = None
            schedule = SCHEDULES[index % len(SCHEDULES)]
            fits = {
                (weekday, start_hour): any(
                    d == weekday and opens <= time(start_hour) and time(end_hour) <= closes
                    for d, opens, closes in schedule
                )
                for weekday in range(7)
                for start_hour, end_hour in BOOKABLE
            }
            prices = {(s, e): price_snapshot(facility, at(today, time(s)), at(today, time(e))) for s, e in BOOKABLE}
            for offset, day in days:
                if day == closure or (day in holidays and not facility.open_on_holidays):
                    continue
                if not _is_open(index, day):
                    continue
                for start_hour, end_hour in BOOKABLE:
                    if not fits[(day.weekday(), start_hour)]:
                        continue
                    if offset >= 0 and main_room and start_hour > 12:
                        # Each district's main conference room keeps upcoming afternoons open, so the demo
                        # search "free next Tuesday 14:00-16:00 for 20 people" always finds a room.
                        continue
                    if rng.random() > (0.9 if offset < 0 else 0.35):
                        continue
                    start, end = at(day, time(start_hour)), at(day, time(end_hour))
                    purpose, group = rng.choice(PURPOSES)
                    if offset < 0:
                        status = rng.choice(statuses_past)
                    elif offset < 5 or not facility.needs_approval:
                        status = Reservation.Status.CONFIRMED
                    elif not waiting:
                        # Every room that needs approval has a request for its manager to decide.
                        status = waiting = Reservation.Status.REQUESTED
                    else:
                        status = rng.choice(upcoming)
                    yield {
                        **_payment(facility, status, offset, start, today),
                        "facility_id": facility.pk,
                        "citizen_id": rng.choice(citizens),
                        "period": DateTimeTZRange(start, end),
                        "held_period": DateTimeTZRange(start, end + buffer),
                        "status": status,
                        "purpose": purpose,
                        "group_name": group,
                        "attendees": max(1, min(facility.capacity, rng.randint(5, 40))),
                        "contact_phone": "010-0000-0000",
                        **prices[(start_hour, end_hour)],
                    }
            if index % 7 == 3:
                day = today + timedelta(days=20 + index % 10)
                yield {
                    "facility_id": facility.pk,
                    "period": DateTimeTZRange(at(day, time(9)), at(day, time(9, 30))),
                    "held_period": DateTimeTZRange(at(day, time(9)), at(day, time(9, 30)) + buffer),
                    "status": Reservation.Status.BLOCKED,
                    "reason": "정기 시설 점검",
                }

    if len(facilities) < BIG_LOAD:
        return copy_rows(Reservation, rows())
    with indexes_set_aside(Reservation):
        return copy_rows(Reservation, rows())


def _payment(facility, status, offset, start, today):
    """Paid rooms' demo bookings: the past was paid, near confirmed ones too, later ones are still due."""
    if not facility.fee_per_hour or status in (Reservation.Status.CANCELLED, Reservation.Status.BLOCKED):
        return {}
    if status == Reservation.Status.REQUESTED:
        return {"payment_status": PaymentStatus.UNPAID}
    if offset < 10:
        return {"payment_status": PaymentStatus.PAID, "paid_at": start - timedelta(days=2)}
    return {
        "payment_status": PaymentStatus.UNPAID,
        "payment_due_at": min(start, at(today + timedelta(days=facility.payment_days), time(18))),
    }


def _fair_access(today):
    """Discounted rates at every paid room, a draw open for Mapo-gu's largest hall, and citizen@ waiting for a
    taken time: what a citizen and a manager find after `make run`. Run again, nothing changes."""
    paid = Facility.objects.filter(fee_per_hour__gt=0).values_list("pk", flat=True)
    FacilityRate.objects.bulk_create(
        [FacilityRate(facility_id=pk, category=c, discount_percent=d) for pk in paid for c, d in DISCOUNTS],
        ignore_conflicts=True,
        batch_size=BATCH,
    )
    manager = User.objects.filter(email="manager.mapo@sharing.example").first()
    hall = Facility.objects.filter(agency__slug="mapo-gu-office").order_by("-capacity", "slug").first()
    if manager and hall and not hall.lotteries.exists():
        day = today + timedelta(days=30)
        while day.weekday() >= 5 or holiday_name(day):
            day += timedelta(days=1)
        start, end = at(day, time(14)), at(day, time(17))
        if not hall.reservations.holding().filter(held_period__overlap=hall.held_range(start, end)).exists():
            draw = lottery.open_lottery(
                facility=hall, staff=manager, start=start, end=end, draw_at=at(today + timedelta(days=5), time(10))
            )
            for citizen in User.objects.filter(email__startswith="resident").order_by("pk")[:6]:
                lottery.enter_lottery(
                    lottery=draw, citizen=citizen, attendees=min(80, hall.capacity), purpose="구민 합창단 공연"
                )
    citizen = User.objects.filter(email="citizen@sharing.example").first()
    if citizen and not citizen.facility_waitlist.exists():
        taken = (
            Reservation.objects.filter(
                facility__agency__slug="mapo-gu-office",
                status=Reservation.Status.CONFIRMED,
                period__startswith__gte=at(today + timedelta(days=10), time(0)),
            )
            .exclude(citizen=citizen)
            .order_by("period")
        )
        for reservation in taken[:20]:
            try:
                waitlist.join_waitlist(
                    facility=reservation.facility,
                    citizen=citizen,
                    start=reservation.start,
                    end=reservation.end,
                    attendees=min(10, reservation.facility.capacity),
                    purpose="마을 공동체 회의",
                )
                break
            except ValidationError:
                continue


def _closure_day(index, today):
    """One facility in five closes for a day next month (no demo booking falls on it)."""
    return today + timedelta(days=30 + index % 20) if index % 5 == 2 else None


def _closures(facilities, today):
    closures = []
    for index, facility in enumerate(facilities):
        day = _closure_day(index, today)
        if day:
            closures.append(
                Closure(
                    facility=facility,
                    period=DateTimeTZRange(at(day, time(0)), at(day + timedelta(days=1), time(0))),
                    reason="건물 전기 안전 점검",
                )
            )
    Closure.objects.bulk_create(closures, batch_size=BATCH)


def _demo_citizen_booking(today):
    """citizen@ has a request waiting at a Mapo-gu room, so the Mapo manager has something to approve."""
    citizen = User.objects.filter(email="citizen@sharing.example").first()
    facility = (
        Facility.objects.filter(district__slug="mapo-gu", needs_approval=True, agency__slug="mapo-gu-office")
        .order_by("slug")
        .first()
    )
    waiting = facility and facility.reservations.filter(citizen=citizen, status=Reservation.Status.REQUESTED)
    if not citizen or not facility or waiting.upcoming().exists():
        return
    day = today + timedelta(days=8)
    while day.weekday() in (1, 5, 6) or holiday_name(day):
        day += timedelta(days=1)
    start, end = at(day, time(15)), at(day, time(16))
    if not facility.reservations.holding().filter(held_period__overlap=DateTimeTZRange(start, end)).exists():
        Reservation.objects.create(
            facility=facility,
            citizen=citizen,
            period=DateTimeTZRange(start, end),
            held_period=DateTimeTZRange(start, end + timedelta(minutes=facility.buffer_minutes)),
            status=Reservation.Status.REQUESTED,
            purpose="마을 공동체 회의",
            group_name="우리 동네 모임",
            attendees=min(12, facility.capacity),
            contact_phone="010-1234-5678",
            **price_snapshot(facility, start, end),
        )


def seed(scale, rng):
    today = timezone.localdate()
    _link_managers()
    citizens = _citizens(scale, rng)
    facilities = _new_facilities(scale, rng)
    reservations = _reservations(facilities, citizens, scale, rng, today) if facilities else 0
    _closures(facilities, today)
    _demo_citizen_booking(today)
    _fair_access(today)
    add_demo_photos(
        Photo,
        "facility",
        Facility.objects.all(),
        "facility",
        lambda facility, n: (
            f"{facility.name} 내부: 창가 쪽 긴 탁자와 의자, 화이트보드"
            if n == 0
            else f"{facility.name}의 다른 쪽에서 본 모습"
        ),
    )
    return f"{len(facilities)} facilities and {reservations} reservations added ({Facility.objects.count()} in all)"
