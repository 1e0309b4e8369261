"""Demo people: one account per staff role and a few citizens, with a shared demo password."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from sharingcity import roles
from sharingcity.models import District, User

DEMO_PASSWORD = "sharing-demo-2026"
# `seed_demo --scale seoul`: the multiple of the demo volumes that gives Seoul's (1,007 facilities, ...).
SEOUL_SCALE = 125

STAFF = [
    # email, name, role, districts
    ("admin@sharing.example", "관리자 Admin", None, []),
    ("editor@sharing.example", "김편집 Hub Editor", roles.HUB_EDITOR, []),
    ("manager.mapo@sharing.example", "박관리 Mapo Facility Manager", roles.FACILITY_MANAGER, []),
    ("manager.jongno@sharing.example", "이관리 Jongno Facility Manager", roles.FACILITY_MANAGER, []),
    ("officer@sharing.example", "최담당 Car-share Officer", roles.CARSHARE_OFFICER, []),
    ("coordinator.nowon@sharing.example", "정코디 Nowon Coordinator", roles.ROOMSHARE_COORDINATOR, ["nowon-gu"]),
    (
        "coordinator.seodaemun@sharing.example",
        "한코디 Seodaemun Coordinator",
        roles.ROOMSHARE_COORDINATOR,
        ["seodaemun-gu", "gwangjin-gu"],
    ),
]
CITIZENS = [
    ("citizen@sharing.example", "김시민", "010-1234-5678"),
    ("student@sharing.example", "이학생", "010-2345-6789"),
    ("host@sharing.example", "박어르신", "010-3456-7890"),
]


def seed(scale, rng):
    created = 0
    # One hash for every demo account: hashing is slow on purpose, a second each, ten times over.
    password = make_password(DEMO_PASSWORD)
    for email, name, role, district_slugs in STAFF:
        user, made = User.objects.get_or_create(
            email=email,
            defaults={"full_name": name, "is_staff": True, "is_superuser": role is None},
        )
        if made:
            user.password = password
            user.save(update_fields=["password"])
            created += 1
        if role:
            user.groups.add(Group.objects.get(name=role))
        if district_slugs:
            user.districts.set(District.objects.filter(slug__in=district_slugs))
    for email, name, phone in CITIZENS:
        user, made = User.objects.get_or_create(email=email, defaults={"full_name": name, "phone": phone})
        if made:
            user.password = password
            user.save(update_fields=["password"])
            created += 1
    return f"{created} demo accounts created (password {DEMO_PASSWORD})"
