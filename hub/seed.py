"""Demo data of the Sharing Hub: agencies, partner businesses, sharing organisations, services, news.

Other programmes rely on two kinds of rows made here:
- a public agency per district, slug `<district-slug>-office` (e.g. `mapo-gu-office`), plus `seoul-city-hall`;
- the car-share operators, slugs in CARSHARE_OPERATORS.
"""

from datetime import date, time, timedelta
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone

from hub.models import Article, OpeningHours, Organisation, OrganisationPhoto, ReviewStatus, Service
from sharingcity.demo_images import add_demo_photos
from sharingcity.models import District, User

CARSHARE_OPERATORS = [
    ("greencar-share", "그린카셰어", "GreenCar Share"),
    ("nanum-mobility", "나눔모빌리티", "Nanum Mobility"),
    ("city-wheels", "시티휠", "City Wheels"),
]

SERVICE_KINDS = [
    # Korean title, English title, category, is_free, Korean summary, English summary
    (
        "공구 도서관",
        "Tool library",
        "goods",
        True,
        "드릴, 사다리, 톱 같은 공구를 무료로 빌려 드립니다.",
        "Drills, ladders, saws and other tools to borrow free of charge.",
    ),
    (
        "아나바다 장터",
        "Swap market",
        "goods",
        True,
        "아껴 쓰고 나눠 쓰고 바꿔 쓰는 주민 장터입니다.",
        "A neighbourhood market to save, share, swap and reuse.",
    ),
    (
        "공유 주차장",
        "Shared parking",
        "space",
        False,
        "비어 있는 주차면을 이웃과 나눠 씁니다.",
        "Empty parking spaces shared with the neighbours.",
    ),
    (
        "마을 공유 부엌",
        "Community kitchen",
        "space",
        True,
        "요리 모임과 반찬 나눔을 위한 공유 부엌입니다.",
        "A shared kitchen for cooking groups and side-dish sharing.",
    ),
    (
        "아이옷 나눔",
        "Children's clothes exchange",
        "childcare",
        True,
        "작아진 아이 옷을 이웃과 바꿔 입힙니다.",
        "Children's clothes they have grown out of, swapped with neighbours.",
    ),
    (
        "장난감 도서관",
        "Toy library",
        "childcare",
        True,
        "장난감을 빌리고 돌려주는 어린이 도서관입니다.",
        "A children's library where toys are borrowed and returned.",
    ),
    (
        "재능 나눔 교실",
        "Skill-sharing class",
        "skills",
        True,
        "주민이 서로 가르치고 배우는 재능 나눔 교실입니다.",
        "Classes where residents teach and learn from each other.",
    ),
    (
        "자전거 수리 나눔",
        "Bike repair share",
        "transport",
        True,
        "자전거 수리 공구와 도움을 나눕니다.",
        "Bicycle repair tools and a helping hand.",
    ),
    (
        "책 나눔 서가",
        "Book sharing shelf",
        "information",
        True,
        "읽은 책을 두고 필요한 책을 가져가는 서가입니다.",
        "A shelf where you leave books you have read and take the ones you need.",
    ),
    (
        "공유 냉장고",
        "Community fridge",
        "food",
        True,
        "남는 음식을 나누는 마을 공유 냉장고입니다.",
        "A community fridge for sharing spare food.",
    ),
    (
        "카풀 연결",
        "Carpool matching",
        "transport",
        True,
        "같은 방향 출퇴근길을 함께 타는 이웃을 이어 줍니다.",
        "Matches neighbours who commute the same way.",
    ),
    (
        "캠핑 장비 대여",
        "Camping gear rental",
        "goods",
        False,
        "텐트와 캠핑 용품을 저렴하게 빌려 드립니다.",
        "Tents and camping gear to borrow at a low price.",
    ),
    (
        "마을 사진 기록관",
        "Open photo archive",
        "information",
        True,
        "마을의 옛 사진을 모아 누구나 쓰도록 공개합니다.",
        "Old photos of the neighbourhood, collected and open for everyone to use.",
    ),
    (
        "우산 나눔",
        "Umbrella sharing",
        "goods",
        True,
        "갑자기 비가 올 때 빌려 쓰는 공유 우산입니다.",
        "Shared umbrellas to borrow when it suddenly rains.",
    ),
    (
        "빈 방 나눔 상담",
        "Spare room advice",
        "housing",
        True,
        "남는 방을 나누려는 주민에게 상담을 제공합니다.",
        "Advice for residents who want to share a spare room.",
    ),
    (
        "정장 대여",
        "Suit lending for job seekers",
        "goods",
        True,
        "면접을 앞둔 청년에게 정장을 무료로 빌려 드립니다.",
        "Suits lent free of charge to young people going to job interviews.",
    ),
]

# Weekly opening hours the demo services take in turn: (weekdays, opens, closes).
HOURS_PATTERNS = [
    (range(5), time(9), time(18)),
    (range(6), time(10), time(19)),
    ([1, 3, 5], time(14), time(20)),
]
LANGUAGE_SETS = [["ko"], ["ko", "en"], ["ko", "en", "zh"], ["ko", "kvk"]]
ACCESSIBILITY = "1층 출입구에 계단이 없고 장애인 화장실이 있습니다. (Step-free entrance, accessible toilet.)"
# English versions of the first few articles; the others show the Korean on English pages.
ARTICLES_EN = {
    0: "Sharing City Seoul opens 1,007 public meeting rooms to citizens",
    1: "Car sharing passes 500,000 members",
    2: "Room sharing across generations: older hosts and students under one roof",
}

ARTICLES = [
    ("공유도시 서울, 공공 회의실 1,007곳 시민에게 개방", ["시설", "공유도시"]),
    ("나눔카 회원 50만 명 돌파", ["나눔카", "교통"]),
    ("세대 공감 룸셰어링: 어르신과 대학생이 한 지붕 아래", ["룸셰어링"]),
    ("공유허브 방문자 120만 명, 공유 단체와 서비스 한눈에", ["공유허브"]),
    ("우리 동네 공구 도서관 이용 안내", ["물건", "공구"]),
    ("아이옷 나눔 장터가 열립니다", ["육아", "장터"]),
    ("2026년 공유기업 지정 신청 안내", ["공유기업"]),
    ("공유 냉장고 운영 수칙", ["음식"]),
]


def seed(scale, rng):
    districts = list(District.objects.order_by("code"))
    editor = User.objects.filter(email="editor@sharing.example").first()
    today = timezone.localdate()

    organisations = []
    for district in districts:
        organisations.append(
            dict(
                slug=f"{district.slug}-office",
                name=f"{district.name}청",
                name_en=f"{district.name_en} Office",
                kind=Organisation.Kind.PUBLIC_AGENCY,
                district=district,
                description=f"{district.name}의 구청입니다. 회의실과 강당을 시민에게 개방합니다.",
                description_en=f"The {district.name_en} office. Its meeting rooms and halls are open to citizens.",
            )
        )
        organisations.append(
            dict(
                slug=f"{district.slug}-sharing-centre",
                name=f"{district.name} 공유센터",
                name_en=f"{district.name_en} Sharing Centre",
                kind=Organisation.Kind.SHARING_ENTERPRISE,
                district=district,
                description=f"{district.name} 주민이 물건과 공간, 재능을 나누도록 돕는 공유 기업입니다.",
                description_en=f"Helps {district.name_en} residents share things, space and skills.",
            )
        )
    jung = next(d for d in districts if d.slug == "jung-gu")
    organisations.append(
        dict(
            slug="seoul-city-hall",
            name="서울특별시청",
            name_en="Seoul City Hall",
            kind=Organisation.Kind.PUBLIC_AGENCY,
            district=jung,
            description="공유도시 사업을 총괄합니다.",
            description_en="Runs the Sharing City programme.",
        )
    )
    for slug, name, name_en in CARSHARE_OPERATORS:
        organisations.append(
            dict(
                slug=slug,
                name=name,
                name_en=name_en,
                kind=Organisation.Kind.BUSINESS,
                district=rng.choice(districts),
                description=f"{name}은 공영주차장에서 나눔카를 운영하는 카셰어링 사업자입니다.",
                description_en=f"{name_en} runs shared cars from public parking lots.",
            )
        )
    for n in range(1, 4 * scale + 1):
        district = districts[n % len(districts)]
        organisations.append(
            dict(
                slug=f"sharing-ngo-{n}",
                name=f"나눔 이웃 {n}",
                name_en=f"Neighbours Sharing {n}",
                kind=Organisation.Kind.NGO,
                district=district,
                description="이웃끼리 나누는 문화를 만드는 비영리 단체입니다.",
                description_en="A non-profit building a culture of sharing between neighbours.",
            )
        )
    existing = set(Organisation.objects.values_list("slug", flat=True))
    new_orgs = [
        Organisation(
            **row,
            status=ReviewStatus.PUBLISHED,
            verified=True,
            designated_since=date(2013 + i % 12, 1 + i % 12, 1),
            address=f"서울특별시 {row['district'].name} 공유로 {10 + i}",
            email=f"contact@{row['slug']}.example.org",
            phone=f"02-{2100 + i:04d}-{1000 + i:04d}",
            website=f"https://{row['slug']}.example.org/",
            accessibility=ACCESSIBILITY if i % 3 == 0 else "",
            **demo_coordinates(row["district"], i),
        )
        for i, row in enumerate(organisations)
        if row["slug"] not in existing
    ]
    Organisation.objects.bulk_create(new_orgs, batch_size=1000)
    # Demo databases made before organisations had coordinates get them too.
    unplaced = Organisation.objects.filter(slug__in=[row["slug"] for row in organisations], latitude__isnull=True)
    index = {row["slug"]: i for i, row in enumerate(organisations)}
    placed = []
    for organisation in unplaced.select_related("district"):
        for field, value in demo_coordinates(organisation.district, index[organisation.slug]).items():
            setattr(organisation, field, value)
        placed.append(organisation)
    Organisation.objects.bulk_update(placed, ["latitude", "longitude"], batch_size=1000)

    # Services: each sharing organisation offers a few kinds; `scale` multiplies the count.
    providers = list(
        Organisation.objects.filter(kind__in=[Organisation.Kind.SHARING_ENTERPRISE, Organisation.Kind.NGO])
        .order_by("slug")
        .values_list("id", "slug", "district_id")
    )
    target = 80 * scale
    wanted = []
    for n in range(target):
        org_id, org_slug, district_id = providers[n % len(providers)]
        kind = SERVICE_KINDS[n % len(SERVICE_KINDS)]
        wanted.append((f"{org_slug}-{n}", org_id, district_id, kind, n))
    existing = set(Service.objects.values_list("slug", flat=True))
    new_services = []
    for slug, org_id, _district_id, (title, title_en, category, is_free, summary, summary_en), n in wanted:
        if slug in existing:
            continue
        new_services.append(
            Service(
                slug=slug,
                organisation_id=org_id,
                title=title if n < len(SERVICE_KINDS) else f"{title} {n // len(SERVICE_KINDS) + 1}호점",
                title_en=title_en if n < len(SERVICE_KINDS) else f"{title_en} no. {n // len(SERVICE_KINDS) + 1}",
                category=category,
                summary=summary,
                summary_en=summary_en,
                description=summary + " 누구나 이용할 수 있으며, 자세한 내용은 운영 기관에 문의하세요.",
                description_en=f"{summary_en} Open to everyone; ask the organisation that runs it for details.",
                how_to_use="홈페이지에서 신청한 뒤 운영 시간에 방문하세요.",
                how_to_use_en="Apply on the website, then come during opening hours.",
                eligibility="서울 시민 누구나",
                eligibility_en="Anyone living in Seoul",
                is_free=is_free,
                fee_description="" if is_free else "1일 5,000원",
                status=ReviewStatus.PUBLISHED,
                last_verified=today - timedelta(days=rng.randint(0, 300)),
                submitted_by=editor,
                languages=LANGUAGE_SETS[n % len(LANGUAGE_SETS)],
            )
        )
    created = Service.objects.bulk_create(new_services, batch_size=2000)
    hours = []
    for n, service in enumerate(created):
        if n % 4 == 3:
            continue  # some services are open by arrangement only
        days, opens, closes = HOURS_PATTERNS[n % len(HOURS_PATTERNS)]
        hours.extend(OpeningHours(service=service, weekday=d, opens=opens, closes=closes) for d in days)
    OpeningHours.objects.bulk_create(hours, batch_size=5000)
    district_ids = [d.id for d in districts]
    through = Service.districts.through
    home_district = {org_id: district_id for org_id, _slug, district_id in providers}
    links = []
    for service in created:
        served = {home_district[service.organisation_id]}
        served.update(rng.sample(district_ids, rng.randint(1, 3)))
        links.extend(through(service_id=service.id, district_id=d) for d in served)
    through.objects.bulk_create(links, batch_size=5000, ignore_conflicts=True)

    # A pending proposal, so editors have something to review.
    Service.objects.get_or_create(
        slug="pending-umbrella-proposal",
        defaults=dict(
            organisation=Organisation.objects.get(slug="mapo-gu-sharing-centre"),
            title="지하철역 우산 나눔",
            title_en="Umbrellas at the subway station",
            category=Service.Category.GOODS,
            summary="역 앞에 우산 나눔함을 두려고 합니다.",
            status=ReviewStatus.PENDING,
            submitted_by=User.objects.filter(email="citizen@sharing.example").first(),
        ),
    )

    latest = Article.objects.aggregate(latest=Max("published_at"))["latest"]
    for i, (title, tags) in enumerate(ARTICLES):
        Article.objects.get_or_create(
            slug=f"news-{i + 1}",
            defaults=dict(
                title=title,
                summary=title + ".",
                body=f"{title}.\n\n서울시는 공유도시 사업을 통해 시민이 함께 쓰는 자원을 늘려 가고 있습니다.",
                title_en=ARTICLES_EN.get(i, ""),
                summary_en=ARTICLES_EN[i] + "." if i in ARTICLES_EN else "",
                body_en=(
                    f"{ARTICLES_EN[i]}.\n\nSeoul keeps adding resources that citizens share through Sharing City."
                    if i in ARTICLES_EN
                    else ""
                ),
                tags=tags,
                is_published=True,
                published_at=(latest or timezone.now()) - timedelta(days=7 * i),
                author=editor,
            ),
        )
    photos = add_demo_photos(
        OrganisationPhoto,
        "organisation",
        Organisation.objects.all(),
        "organisation",
        lambda organisation, n: (
            f"{organisation.name} 건물 외관" if n == 0 else f"{organisation.name} 건물 정면과 출입문"
        ),
        per=1,
    )
    return f"{len(new_orgs)} organisations, {len(created)} services and {photos} photos added"


def demo_coordinates(district, n: int) -> dict:
    """A few hundred metres from the district's centre, the same on every run."""
    return {
        "latitude": district.latitude + Decimal((n * 37) % 121 - 60) / 10000,
        "longitude": district.longitude + Decimal((n * 53) % 121 - 60) / 10000,
    }
