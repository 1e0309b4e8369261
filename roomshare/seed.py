"""Demo data of room sharing: hosts, rooms, students, applications at every status, agreements and check-ins
in six districts (Nowon-gu, Seodaemun-gu and Gwangjin-gu among them). Deterministic and idempotent."""

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone

from roomshare.models import (
    Agreement,
    Application,
    CheckIn,
    Host,
    Room,
    RoomPhoto,
    Student,
    Verification,
    add_months,
)
from sharingcity.demo_images import add_demo_photos
from sharingcity.models import District, User
from sharingcity.seed import DEMO_PASSWORD

DISTRICTS = {
    "nowon-gu": ["공릉동", "상계동", "월계동", "중계동"],
    "seodaemun-gu": ["신촌동", "연희동", "홍은동", "북가좌동"],
    "gwangjin-gu": ["화양동", "자양동", "구의동", "군자동"],
    "seongbuk-gu": ["안암동", "정릉동", "길음동", "돈암동"],
    "gwanak-gu": ["신림동", "봉천동", "낙성대동", "서원동"],
    "dongdaemun-gu": ["회기동", "이문동", "휘경동", "청량리동"],
}
UNIVERSITIES = [
    "서울과학기술대학교",
    "연세대학교",
    "건국대학교",
    "고려대학교",
    "서울대학교",
    "경희대학교",
    "한국외국어대학교",
    "세종대학교",
]
SURNAMES = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임"]
GIVEN_OLD = ["영자", "순자", "정숙", "영수", "철수", "옥순", "말순", "상철", "명자", "광수"]
GIVEN_YOUNG = ["민준", "서연", "지우", "하은", "도윤", "수아", "예준", "지민", "현우", "유진"]
HELP = [
    "저녁 식사를 함께하고 말벗이 되어 주면 좋겠어요.",
    "장보기와 무거운 짐 옮기기를 도와주세요.",
    "스마트폰 사용법을 알려 주면 고맙겠어요.",
    "주 2회 함께 산책해요.",
]
RULES = ["밤 11시 이후에는 조용히 해 주세요.", "실내 금연, 손님은 미리 말해 주세요.", "공용 공간은 함께 청소해요."]
TITLES = ["햇살 드는 남향 방", "조용한 작은 방", "역에서 가까운 방", "창이 큰 방", "책상 있는 아늑한 방"]
MARKER = "@roomshare.demo"
PROOF = b"%PDF-1.4\n% demo enrolment certificate\n"


def seed(scale, rng):
    if Host.objects.filter(user__email__endswith=MARKER).exists():
        _photos()
        return "already there"
    today, now = timezone.localdate(), timezone.now()
    password = make_password(DEMO_PASSWORD)
    proof_name = Student._meta.get_field("enrolment_proof").storage.save(
        "roomshare/proofs/demo-enrolment.pdf", ContentFile(PROOF)
    )
    coordinators = {d.pk: u for u in User.objects.filter(email__startswith="coordinator.") for d in u.districts.all()}
    districts = {d.slug: d for d in District.objects.filter(slug__in=DISTRICTS)}
    counts = {"hosts": 0, "students": 0, "applications": 0, "agreements": 0, "checkins": 0}

    for d_index, (slug, neighbourhoods) in enumerate(DISTRICTS.items()):
        district = districts[slug]
        n_hosts, n_students = 6 * scale, 9 * scale
        users = User.objects.bulk_create(
            [
                User(
                    email=f"host{i}.{slug}{MARKER}",
                    full_name=rng.choice(SURNAMES) + rng.choice(GIVEN_OLD),
                    password=password,
                )
                for i in range(n_hosts)
            ]
            + [
                User(
                    email=f"student{i}.{slug}{MARKER}",
                    full_name=rng.choice(SURNAMES) + rng.choice(GIVEN_YOUNG),
                    password=password,
                )
                for i in range(n_students)
            ]
        )
        host_users, student_users = users[:n_hosts], users[n_hosts:]
        hosts = Host.objects.bulk_create(
            [
                Host(
                    user=user,
                    date_of_birth=today.replace(year=today.year - rng.randint(62, 84)),
                    phone=f"010-{rng.randint(2000, 9999)}-{rng.randint(1000, 9999)}",
                    district=district,
                    address=f"서울 {district.name} {rng.choice(neighbourhoods)}로 {rng.randint(1, 200)}",
                    neighbourhood=rng.choice(neighbourhoods),
                    tenure=rng.choice(["owner", "owner", "tenant"]),
                    help_wanted=rng.choice(HELP),
                    preferred_gender=rng.choice(["any", "any", "female", "male"]),
                    smoking_allowed=rng.random() < 0.1,
                    has_pets=rng.random() < 0.2,
                    house_rules=rng.choice(RULES),
                    verification=Verification.VERIFIED if i else Verification.PENDING,
                    verified_by=coordinators.get(district.pk) if i else None,
                    verified_at=now if i else None,
                    subsidy_amount=500_000 if i % 5 == 1 else None,
                    subsidy_paid_on=today - timedelta(days=60) if i % 5 == 1 else None,
                    created_at=now - timedelta(days=rng.randint(200, 400)),
                )
                for i, user in enumerate(host_users)
            ]
        )
        rooms = Room.objects.bulk_create(
            [
                Room(
                    host=host,
                    title=rng.choice(TITLES),
                    description="지하철역까지 걸어서 10분, 근처에 시장과 공원이 있어요.",
                    size_m2=rng.choice([8, 9.5, 10, 12, 14]),
                    furnished=rng.random() < 0.7,
                    bathroom=rng.choice(["shared", "shared", "private"]),
                    rent=rng.randrange(200_000, 300_001, 10_000),
                    available_from=today + timedelta(days=rng.randint(-30, 45)),
                    status=Room.Status.PUBLISHED if host.is_verified else Room.Status.PENDING,
                    visited_on=today - timedelta(days=90) if host.is_verified else None,
                    visited_by=coordinators.get(district.pk) if host.is_verified else None,
                    smoke_alarm=host.is_verified,
                    door_lock=host.is_verified,
                    fire_extinguisher=host.is_verified,
                    safe_heating=host.is_verified,
                    window=host.is_verified,
                )
                for host in hosts
            ]
        )
        students = Student.objects.bulk_create(
            [
                Student(
                    user=user,
                    university=rng.choice(UNIVERSITIES),
                    enrolment="enrolled" if i % 7 else "on_leave",
                    enrolment_proof=proof_name,
                    date_of_birth=today.replace(year=today.year - rng.randint(19, 26)),
                    phone=f"010-{rng.randint(2000, 9999)}-{rng.randint(1000, 9999)}",
                    gender=rng.choice(["female", "male"]),
                    smokes=rng.random() < 0.05,
                    pet_allergy=rng.random() < 0.1,
                    budget=rng.randrange(250_000, 300_001, 10_000),
                    move_in=today + timedelta(days=rng.randint(0, 60)),
                    introduction="요리와 청소를 잘하는 대학생입니다. 어르신과 이야기 나누는 걸 좋아해요.",
                    verification=Verification.PENDING if i == n_students - 1 else Verification.VERIFIED,
                    created_at=now - timedelta(days=rng.randint(100, 360)),
                )
                for i, user in enumerate(student_users)
            ]
        )
        Student.preferred_districts.through.objects.bulk_create(
            [Student.preferred_districts.through(student=s, district=district) for s in students]
        )
        counts["hosts"] += len(hosts)
        counts["students"] += len(students)

        applications, agreements, checkins = [], [], []
        coordinator = coordinators.get(district.pk)
        published = [r for r in rooms if r.status == Room.Status.PUBLISHED]
        # Rooms 0, 3, 6, ... hold an active agreement; 1, 4, ... an agreement that ended early; the rest are open.
        for k, room in enumerate(published):
            student = students[k]
            if k % 3 == 2:
                continue
            start = today - timedelta(days=rng.randint(20, 170)) if k % 3 == 0 else today - timedelta(days=300)
            applied = timezone.make_aware(timezone.datetime.combine(start, timezone.datetime.min.time())) - timedelta(
                days=rng.randint(20, 150)
            )
            application = Application(
                student=student,
                room=room,
                message="방을 보고 싶어요.",
                status=Application.Status.AGREED,
                created_at=applied,
            )
            applications.append(application)
            ended = k % 3 == 1
            agreements.append(
                Agreement(
                    application=application,
                    host=room.host,
                    student=student,
                    room=room,
                    start=start,
                    end=add_months(start, 6),
                    term=DateRange(start, add_months(start, 6), "[)"),
                    rent=room.rent,
                    help_agreed=room.host.help_wanted,
                    house_rules=room.host.house_rules,
                    status=Agreement.Status.ENDED if ended else Agreement.Status.ACTIVE,
                    host_confirmed_at=applied + timedelta(days=10),
                    student_confirmed_at=applied + timedelta(days=10),
                    ended_on=start + timedelta(days=100) if ended else None,
                    end_reason="학생이 학교 근처로 이사했어요." if ended else "",
                    needs_attention=k == 0 and d_index % 2 == 0,
                    created_by=coordinator,
                    created_at=applied + timedelta(days=9),
                )
            )
        # Applications at every status for the open rooms, from the students without an agreement.
        statuses = [
            Application.Status.SUBMITTED,
            Application.Status.SHORTLISTED,
            Application.Status.MEETING,
            Application.Status.ACCEPTED,
            Application.Status.DECLINED,
            Application.Status.WITHDRAWN,
        ]
        free_students = [s for s in students[len(published) :] if s.verification == Verification.VERIFIED] + [
            students[k] for k in range(len(published)) if k % 3 == 2
        ]
        open_rooms = [r for k, r in enumerate(published) if k % 3 == 2] or published[:1]
        for j, student in enumerate(free_students):
            status = statuses[(j + d_index) % len(statuses)]
            room = open_rooms[j % len(open_rooms)]
            if room.rent > student.budget:
                room = min(open_rooms, key=lambda r: r.rent)
            applications.append(
                Application(
                    student=student,
                    room=room,
                    message="조용하고 깔끔하게 지낼게요.",
                    status=status,
                    meeting_at=now + timedelta(days=3 + j % 5, hours=2)
                    if status == Application.Status.MEETING
                    else None,
                    meeting_place=f"{district.name} {room.host.neighbourhood} 주민센터"
                    if status == Application.Status.MEETING
                    else "",
                    closed_reason={
                        "declined": "생활 시간이 맞지 않았어요.",
                        "withdrawn": "기숙사에 들어가게 되었어요.",
                    }.get(status, ""),
                    created_at=now - timedelta(days=rng.randint(1, 60)),
                )
            )
        Application.objects.bulk_create(applications)
        for agreement in agreements:
            agreement.application_id = agreement.application.pk
        Agreement.objects.bulk_create(agreements)
        for agreement in agreements:
            months = (min(today, agreement.ended_on or today) - agreement.start).days // 30
            for m in range(1, months + 1):
                incident = agreement.needs_attention and m == months
                checkins.append(
                    CheckIn(
                        agreement=agreement,
                        kind=CheckIn.Kind.TRIAL
                        if m == 1
                        else (CheckIn.Kind.INCIDENT if incident else CheckIn.Kind.MONTHLY),
                        date=add_months(agreement.start, m),
                        coordinator=coordinator,
                        host_satisfaction=2 if incident else rng.randint(3, 5),
                        student_satisfaction=rng.randint(3, 5),
                        notes="서로 잘 지내고 있어요." if not incident else "",
                        issues="난방비 분담으로 의견 차이" if incident else "",
                    )
                )
        CheckIn.objects.bulk_create(checkins)
        counts["applications"] += len(applications)
        counts["agreements"] += len(agreements)
        counts["checkins"] += len(checkins)

    _demo_accounts(today, now, proof_name, districts["nowon-gu"])
    _photos()
    return (
        f"{counts['hosts']} hosts, {counts['students']} students, {counts['applications']} applications, "
        f"{counts['agreements']} agreements, {counts['checkins']} check-ins"
    )


def _photos():
    """Two pictures of each room: the bed by the window, then the desk."""
    add_demo_photos(
        RoomPhoto,
        "room",
        Room.objects.all(),
        "room",
        lambda room, n: "창가에 침대가 있고 이불이 덮인 방" if n == 0 else "방 안쪽의 책상과 창문",
    )


def _demo_accounts(today, now, proof_name, nowon):
    """host@ has a published room in Nowon-gu; student@ is a verified student looking there."""
    host_user = User.objects.filter(email="host@sharing.example").first()
    if host_user and not Host.objects.filter(user=host_user).exists():
        host = Host.objects.create(
            user=host_user,
            date_of_birth=today.replace(year=today.year - 71),
            phone=host_user.phone or "010-3456-7890",
            district=nowon,
            address="서울 노원구 공릉로 232, 3동 101호",
            neighbourhood="공릉동",
            help_wanted="저녁을 함께 먹고 주말에 장보기를 도와주면 좋겠어요.",
            house_rules="밤 11시 이후에는 조용히 해 주세요.",
            verification=Verification.VERIFIED,
            verified_at=now,
        )
        Room.objects.create(
            host=host,
            title="공릉동 햇살 가득한 방",
            description="서울과학기술대학교까지 걸어서 10분, 책상과 침대가 있어요.",
            size_m2=11,
            furnished=True,
            bathroom=Room.Bathroom.PRIVATE,
            rent=250_000,
            available_from=today,
            status=Room.Status.PUBLISHED,
            visited_on=today - timedelta(days=14),
            smoke_alarm=True,
            door_lock=True,
            fire_extinguisher=True,
            safe_heating=True,
            window=True,
        )
    student_user = User.objects.filter(email="student@sharing.example").first()
    if student_user and not Student.objects.filter(user=student_user).exists():
        student = Student.objects.create(
            user=student_user,
            university="서울과학기술대학교",
            enrolment_proof=proof_name,
            date_of_birth=today.replace(year=today.year - 21),
            phone=student_user.phone or "010-2345-6789",
            gender="female",
            budget=300_000,
            move_in=today + timedelta(days=14),
            introduction="요리를 좋아하는 3학년 학생입니다.",
            verification=Verification.VERIFIED,
            verified_at=now,
        )
        student.preferred_districts.set([nowon])
