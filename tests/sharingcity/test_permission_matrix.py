"""Who may open which page or endpoint, and whose personal details each answer may show: one table over
every URL of the portal (found by walking the URLconf) and every kind of visitor."""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from carshare.gbfs import v2 as gbfs_v2
from carshare.gbfs import v3 as gbfs_v3
from hub import hsds
from tests.sharingcity.matrix_world import PARTNERS, ROLES, SENTINELS, build_world

ANON = "anonymous"
CITIZEN = "citizen"
OTHER = "another citizen"
MEMBER = "car-share member"
PARTNER_A = "partner A"
PARTNER_B = "partner B"
EDITOR = "hub editor"
MANAGER_A = "facility manager of agency A"
MANAGER_B = "facility manager of agency B"
OFFICER = "car-share officer"
COORDINATOR = "coordinator of the host's district"
COORDINATOR_ELSEWHERE = "coordinator of another district"
SUPERVISOR = "room-share supervisor"

NOT_SENT = None  # an allowed POST that would change the world: the cell is not requested


def each(roles, status):
    return dict.fromkeys(roles, status)


@dataclass(frozen=True)
class Row:
    """The expected status for every visitor: `default`, except where `overrides` names the visitor.
    On pages a partner key means nothing, so partners are expected to be treated as anonymous there."""

    default: int
    overrides: dict = field(default_factory=dict)
    params: Callable = lambda world: {}
    method: str = "GET"
    query: str = ""

    def expected(self, role, is_api):
        if role in PARTNERS and not is_api:
            role = ANON
        return self.overrides.get(role, self.default)


def pk(name, key="pk"):
    return lambda world: {key: world.objects[name].pk}


def slug(name):
    return lambda world: {"slug": world.objects[name].slug}


def object_id(name):
    return pk(name, "object_id")


def hsds_id(kind, name):
    return lambda world: {"id": hsds.hsds_id(kind, world.objects[name].pk)}


PUBLIC = Row(200)
SIGNED_IN = Row(200, {ANON: 302})
# Someone's own thing on a page: the owner sees it, anyone else is told it does not exist.
OWN_PAGE = {ANON: 302}
# The API: anonymous callers are asked for credentials (401); a key where a person is needed is 403.
CITIZEN_API = {ANON: 401, PARTNER_A: 403, PARTNER_B: 403}
PEOPLE_403 = each([CITIZEN, OTHER, MEMBER, EDITOR, MANAGER_A, MANAGER_B, OFFICER], 403)
PROGRAMME_STAFF = [COORDINATOR, COORDINATOR_ELSEWHERE, SUPERVISOR]
OPERATOR_API = {ANON: 401, **PEOPLE_403, **each(PROGRAMME_STAFF, 403), PARTNER_A: 200, PARTNER_B: 404}
OPERATOR_ACTION = {**OPERATOR_API, PARTNER_A: NOT_SENT}
# The admin sends people who are not staff to its login page; staff without the app's rights get 403.
NON_STAFF_302 = each([ANON, CITIZEN, OTHER, MEMBER, PARTNER_A, PARTNER_B], 302)


def admin_of(*allowed):
    """One of the admin's own report pages, which `allowed` roles open."""
    return {**NON_STAFF_302, **each(allowed, 200)}


TABLE = {
    # The shared site.
    "home": PUBLIC,
    "healthz": PUBLIC,
    "switch-language": Row(302),
    "signup": Row(302, {ANON: 200}),
    "login": Row(302, {ANON: 200}),
    "logout": Row(405),  # signing out is a POST
    "password_change": SIGNED_IN,
    "password_change_done": SIGNED_IN,
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": Row(200, params=lambda world: {"uidb64": "MQ", "token": "not-a-token"}),
    "password_reset_complete": PUBLIC,
    "my-page": SIGNED_IN,
    # The secret token in the address is the credential: whoever has it reads the feed.
    "calendar-feed": Row(200, params=lambda world: {"token": world.people[CITIZEN].calendar_token}),
    "reset-calendar-token": Row(NOT_SENT, {ANON: 302}, method="POST"),
    # Hub pages.
    "hub:service-list": PUBLIC,
    "hub:service-detail": Row(200, params=slug("service")),
    "hub:organisation-list": PUBLIC,
    "hub:organisation-detail": Row(200, params=slug("organisation")),
    "hub:article-list": PUBLIC,
    "hub:article-feed": PUBLIC,
    "hub:article-detail": Row(200, params=slug("article")),
    "hub:propose-organisation": SIGNED_IN,
    "hub:propose-service": SIGNED_IN,
    # Facilities pages.
    "facilities:search": PUBLIC,
    "facilities:detail": Row(200, params=slug("facility")),
    "facilities:freebusy": Row(200, params=slug("facility")),
    "facilities:book": Row(200, {ANON: 302}, slug("facility")),
    "facilities:reservation-detail": Row(404, {**OWN_PAGE, CITIZEN: 200}, pk("reservation")),
    "facilities:reservation-ics": Row(404, {**OWN_PAGE, CITIZEN: 200}, pk("reservation")),
    "facilities:reservation-cancel": Row(404, {**OWN_PAGE, CITIZEN: NOT_SENT}, pk("reservation"), "POST"),
    "facilities:series-cancel": Row(404, {**OWN_PAGE, CITIZEN: NOT_SENT}, pk("series"), "POST"),
    # Joining without a time sends anyone back to the booking form, with the reason.
    "facilities:waitlist-join": Row(302, params=slug("facility"), method="POST"),
    "facilities:waitlist-accept": Row(404, {**OWN_PAGE, CITIZEN: NOT_SENT}, pk("waitlist_entry"), "POST"),
    "facilities:waitlist-decline": Row(404, {**OWN_PAGE, CITIZEN: NOT_SENT}, pk("waitlist_entry"), "POST"),
    "facilities:waitlist-leave": Row(404, {**OWN_PAGE, CITIZEN: NOT_SENT}, pk("waitlist_entry"), "POST"),
    "facilities:lottery": Row(200, params=pk("lottery")),  # a draw's record is public, so anyone can check it
    "facilities:lottery-enter": Row(302, params=pk("lottery"), method="POST"),  # without a party: back, with why
    "facilities:lottery-withdraw": Row(404, {**OWN_PAGE, CITIZEN: NOT_SENT}, pk("lottery_entry"), "POST"),
    # Car-share pages.
    "carshare:find-car": PUBLIC,
    "carshare:lot-list": PUBLIC,
    "carshare:lot-detail": Row(200, params=slug("lot")),
    "carshare:membership": SIGNED_IN,
    # Who is not a member yet is sent to join first.
    "carshare:book": Row(302, {MEMBER: 200}, pk("car")),
    "carshare:cancel": Row(404, {**OWN_PAGE, MEMBER: NOT_SENT}, pk("booking"), "POST"),
    # Room-share pages.
    "roomshare:room-list": PUBLIC,
    "roomshare:room-detail": Row(200, params=pk("room")),
    "roomshare:register-host": SIGNED_IN,
    "roomshare:register-student": Row(200, {ANON: 302, CITIZEN: 302}),  # already a student: to "mine"
    "roomshare:room-new": Row(302),  # nobody here is a host: to "register as a host"
    "roomshare:mine": SIGNED_IN,
    "roomshare:withdraw": Row(404, {**OWN_PAGE, CITIZEN: 200}, pk("application")),
    "roomshare:agreement-detail": Row(404, {**OWN_PAGE, CITIZEN: 200}, pk("agreement")),
    "roomshare:agreement-confirm": Row(404, {**OWN_PAGE, CITIZEN: NOT_SENT}, pk("agreement"), "POST"),
    "roomshare:my-data": SIGNED_IN,
    "roomshare:erase": SIGNED_IN,
    "roomshare:enrolment-proof": Row(404, {ANON: 302, COORDINATOR: 200, SUPERVISOR: 200}, pk("student")),
    "roomshare:dashboard": Row(403, {ANON: 302, **each(PROGRAMME_STAFF, 200)}),
    # GBFS: open data.
    **{f"gbfs:{name}": PUBLIC for name in gbfs_v2.BUILDERS},
    **{f"gbfs:v3:{name}": PUBLIC for name in gbfs_v3.Feeds("3.0").builders()},
    **{f"gbfs:v3_1_rc3:{name}": PUBLIC for name in gbfs_v3.Feeds("3.1-RC3").builders()},
    # HSDS: open data.
    "hsds:root": PUBLIC,
    "hsds:organization-list": PUBLIC,
    "hsds:organization-detail": Row(200, params=hsds_id("organization", "organisation")),
    "hsds:service-list": PUBLIC,
    "hsds:service-detail": Row(200, params=hsds_id("service", "service")),
    "hsds:location-list": PUBLIC,
    "hsds:location-detail": Row(200, params=hsds_id("location", "organisation")),
    "hsds:service-at-location-list": PUBLIC,
    "hsds:service-at-location-detail": Row(200, params=hsds_id("service_at_location", "service")),
    # The API and its description.
    "api-root": PUBLIC,
    "api-schema": PUBLIC,
    "api-docs": PUBLIC,
    "api-token": Row(400, method="POST"),  # without an email and password nobody gets a token
    "district-list": PUBLIC,
    "district-detail": Row(200, params=lambda world: {"slug": "nowon-gu"}),
    "organisation-list": PUBLIC,
    "organisation-detail": Row(200, params=slug("organisation")),
    "service-list": PUBLIC,
    "service-detail": Row(200, params=slug("service")),
    "article-list": PUBLIC,
    "article-detail": Row(200, params=slug("article")),
    "facility-list": PUBLIC,
    "facility-detail": Row(200, params=pk("facility")),
    "facility-availability": Row(200, params=pk("facility")),
    # Every signed-in person lists their own reservations (staff have none); keys are not people.
    "facility-reservation-list": Row(200, CITIZEN_API),
    "facility-reservation-series": Row(NOT_SENT, CITIZEN_API, method="POST"),
    "facility-reservation-detail": Row(404, {**CITIZEN_API, CITIZEN: 200}, pk("reservation")),
    "facility-reservation-cancel": Row(404, {**CITIZEN_API, CITIZEN: NOT_SENT}, pk("reservation"), "POST"),
    "facility-reservation-cancel-series": Row(404, {**CITIZEN_API, CITIZEN: NOT_SENT}, pk("reservation"), "POST"),
    "carshare-lot-list": PUBLIC,
    "carshare-lot-detail": Row(200, params=slug("lot")),
    "carshare-vehicle-list": Row(403, {**OPERATOR_API, PARTNER_B: 200}),
    "carshare-vehicle-detail": Row(403, OPERATOR_API, pk("car")),
    "carshare-vehicle-set-status": Row(403, OPERATOR_ACTION, pk("car"), "POST"),
    "carshare-booking-list": Row(403, {**OPERATOR_API, PARTNER_B: 200}),
    "carshare-booking-detail": Row(403, OPERATOR_API, pk("booking")),
    "carshare-booking-start-trip": Row(403, OPERATOR_ACTION, pk("booking"), "POST"),
    "carshare-booking-end-trip": Row(403, OPERATOR_ACTION, pk("booking"), "POST"),
    "carshare-booking-verify-member": Row(403, OPERATOR_ACTION, pk("booking"), "POST"),
    "carshare-booking-no-show": Row(403, OPERATOR_ACTION, pk("booking"), "POST"),
    "roomshare-room-list": PUBLIC,
    "roomshare-room-detail": Row(200, params=pk("room")),
    "roomshare-statistics-list": PUBLIC,
    "roomshare-application-list": Row(403, {ANON: 401, **each(PROGRAMME_STAFF, 200)}),
    "roomshare-application-detail": Row(
        403, {ANON: 401, COORDINATOR: 200, COORDINATOR_ELSEWHERE: 404, SUPERVISOR: 200}, pk("application")
    ),
    # The admin's own reports.
    "admin:facilities_utilisation": Row(403, admin_of(MANAGER_A, MANAGER_B)),
    "admin:facilities_calendar": Row(403, admin_of(MANAGER_A, MANAGER_B)),
    "admin:carshare_monthly_report": Row(403, admin_of(OFFICER)),
    # Setting someone's password is for superusers only.
    "admin:auth_user_password_change": Row(403, admin_of(), lambda world: {"id": world.admin_ids["sharingcity.user"]}),
}

# The admin: what each role may do with each registered model (from sharingcity/roles.py and the
# ModelAdmins' own limits), and whose queryset holds this world's record. Staff without the right get 403;
# a record outside the queryset (another agency or district) sends them back to the admin index (302).
STAFF = (EDITOR, MANAGER_A, MANAGER_B, OFFICER, COORDINATOR, COORDINATOR_ELSEWHERE, SUPERVISOR)
MANAGERS = (MANAGER_A, MANAGER_B)
HUB_READERS = (EDITOR, *MANAGERS, OFFICER)
ROOM_STAFF = (COORDINATOR, COORDINATOR_ELSEWHERE, SUPERVISOR)
COORDINATORS = (COORDINATOR, COORDINATOR_ELSEWHERE)


@dataclass(frozen=True)
class Rights:
    view: tuple = ()  # open the list and the records (to change them, where the model allows)
    add: tuple = ()
    delete: tuple = ()
    finds: tuple | None = None  # who finds the world's record in their queryset; None: every member of staff


HUB = Rights(view=HUB_READERS, add=(EDITOR,), delete=(EDITOR,))
OWN_AGENCY = {"finds": (MANAGER_A,)}
OWN_DISTRICT = {"finds": (COORDINATOR, SUPERVISOR)}
ADMIN_RIGHTS = {
    # Accounts, groups, tokens and sign-in logs hold personal data: superusers only.
    "sharingcity.user": Rights(),
    "auth.group": Rights(),
    "authtoken.tokenproxy": Rights(),
    "axes.accessattempt": Rights(),
    "axes.accessfailurelog": Rights(),
    "axes.accesslog": Rights(),
    # The task queue holds emails' addresses and text: superusers only.
    "django_tasks_database.dbtaskresult": Rights(),
    "sharingcity.district": Rights(view=STAFF),
    "sharingcity.auditentry": Rights(view=STAFF),  # read-only: never added, changed or deleted
    "hub.organisation": HUB,
    "hub.service": HUB,
    "hub.article": HUB,
    "hub.partnerapikey": HUB,
    "facilities.facility": Rights(view=MANAGERS, add=MANAGERS, delete=MANAGERS, **OWN_AGENCY),
    "facilities.reservation": Rights(view=MANAGERS, **OWN_AGENCY),  # citizens book; staff decide, never delete
    "facilities.blockedperiod": Rights(view=MANAGERS, add=MANAGERS, **OWN_AGENCY),
    "facilities.waitlistentry": Rights(view=MANAGERS, **OWN_AGENCY),  # the queue runs itself: read-only
    "facilities.lottery": Rights(view=MANAGERS, add=MANAGERS, **OWN_AGENCY),  # opened, then it runs itself
    "carshare.parkinglot": Rights(view=(OFFICER,), add=(OFFICER,), delete=(OFFICER,)),
    "carshare.spaceallocation": Rights(view=(OFFICER,), add=(OFFICER,), delete=(OFFICER,)),
    "carshare.vehicle": Rights(view=(OFFICER,), add=(OFFICER,), delete=(OFFICER,)),
    "carshare.membership": Rights(view=(OFFICER,), delete=(OFFICER,)),  # citizens join on the membership page
    "carshare.booking": Rights(view=(OFFICER,)),
    "carshare.trip": Rights(view=(OFFICER,)),  # the record of a trip and its price: read-only
    "roomshare.host": Rights(view=ROOM_STAFF, add=COORDINATORS, **OWN_DISTRICT),
    "roomshare.room": Rights(view=ROOM_STAFF, add=COORDINATORS, **OWN_DISTRICT),
    "roomshare.student": Rights(view=ROOM_STAFF, add=COORDINATORS, **OWN_DISTRICT),
    "roomshare.application": Rights(view=ROOM_STAFF, **OWN_DISTRICT),
    "roomshare.agreement": Rights(view=ROOM_STAFF, **OWN_DISTRICT),
    "roomshare.checkin": Rights(view=ROOM_STAFF, add=COORDINATORS, **OWN_DISTRICT),
    "roomshare.personaldataview": Rights(view=(SUPERVISOR,)),  # the log of who looked: supervisors only
}
# The reservation queue redirects a bare list to "upcoming"; ask for all of it.
ADMIN_QUERIES = {"admin:facilities_reservation_changelist": "?when=any"}


def admin_status(view, rights, role):
    """What Django's admin answers `role` on `view`, given the rights (checked in the admin's own order)."""
    if role not in STAFF:
        return 302  # to the admin's login page
    finds = role in (STAFF if rights.finds is None else rights.finds)
    if view == "changelist":
        return 200 if role in rights.view else 403
    if view == "add":
        return 200 if role in rights.add else 403
    if view == "change":
        return 403 if role not in rights.view else 200 if finds else 302
    if view == "delete":
        return 403 if role not in rights.delete else 200 if finds else 302
    # history looks the record up before it checks the right
    return 302 if not finds else 200 if role in rights.view else 403


def admin_rows():
    rows = {}
    for label, rights in ADMIN_RIGHTS.items():
        app_label, model = label.split(".")
        for view in MODEL_ADMIN_VIEWS:
            name = f"admin:{app_label}_{model}_{view}"
            if view in OBJECT_VIEWS:
                params = lambda world, label=label: {"object_id": world.admin_ids[label]}  # noqa: E731
            else:
                params = lambda world: {}  # noqa: E731
            statuses = {role: admin_status(view, rights, role) for role in ROLES}
            rows[name] = Row(403, statuses, params, query=ADMIN_QUERIES.get(name, ""))
    return rows


MODEL_ADMIN_VIEWS = ("changelist", "add", "change", "delete", "history")
OBJECT_VIEWS = ("change", "delete", "history")
TABLE |= admin_rows()

# Where each personal detail belongs: (URL name, who looks). It must show there and nowhere else.
ROOM_SHARE_STAFF = [COORDINATOR, SUPERVISOR]
WHERE_IT_BELONGS = {
    "citizen's phone": {
        ("facilities:book", CITIZEN),  # the booking form starts from the citizen's own phone
        ("facility-reservation-list", CITIZEN),
        ("facility-reservation-detail", CITIZEN),
        ("roomshare:my-data", CITIZEN),
        ("admin:facilities_reservation_change", MANAGER_A),
    },
    "member's licence number": {("admin:carshare_membership_change", OFFICER)},
    "member's date of birth": {("admin:carshare_membership_change", OFFICER)},
    "host's address": {
        ("roomshare:agreement-detail", CITIZEN),  # the student of a confirmed agreement
        *(("admin:roomshare_host_change", role) for role in ROOM_SHARE_STAFF),
    },
    "host's phone": {
        ("roomshare:agreement-detail", CITIZEN),
        *(("admin:roomshare_host_change", role) for role in ROOM_SHARE_STAFF),
    },
    "host's date of birth": {("admin:roomshare_host_change", role) for role in ROOM_SHARE_STAFF},
    "student's phone": {
        ("roomshare:my-data", CITIZEN),
        *((name, role) for name in ("admin:roomshare_student_change",) for role in ROOM_SHARE_STAFF),
        *(
            (name, role)
            for name in ("roomshare-application-list", "roomshare-application-detail")
            for role in ROOM_SHARE_STAFF
        ),
    },
    "student's date of birth": {
        ("roomshare:my-data", CITIZEN),
        *(("admin:roomshare_student_change", role) for role in ROOM_SHARE_STAFF),
    },
}

ADMIN_SITE_URLS = {
    "index",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "autocomplete",
    "jsi18n",
    "view_on_site",
    "app_list",
}


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), f"{namespace}{pattern.name}" if pattern.name else None


def project_urls():
    """The name of every URL of the project that needs an expectation."""
    names = set()
    for route, name in _walk(get_resolver().url_patterns):
        if "format" in route and ("(?P<format>" in route or "<drf_format_suffix:format>" in route):
            continue  # the `.json` twins of the API's URLs
        if route.lstrip("^").startswith((settings.STATIC_URL.lstrip("/"), settings.MEDIA_URL.lstrip("/"))):
            continue
        if name is None or (name.startswith("admin:") and name.removeprefix("admin:") in ADMIN_SITE_URLS):
            continue  # the admin's own pages (and its catch-all)
        names.add(name)
    return names


def clients_for(world):
    clients = {}
    for role in ROLES:
        client = Client(HTTP_AUTHORIZATION=f"Api-Key {world.keys[role]}") if role in PARTNERS else Client()
        if world.people.get(role) is not None:
            client.force_login(world.people[role])
        clients[role] = client
    return clients


def body_of(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


def run_matrix(world):
    """Request every cell and describe each one that differs from the tables."""
    clients = clients_for(world)
    failures = []
    for name, row in TABLE.items():
        url = reverse(name, kwargs=row.params(world)) + row.query
        is_api = url.startswith("/api/")
        for role in ROLES:
            expected = row.expected(role, is_api)
            if expected is NOT_SENT:
                continue
            client = clients[role]
            response = client.post(url) if row.method == "POST" else client.get(url)
            where = f"{row.method} {url} as {role}"
            if response.status_code != expected:
                failures.append(f"{where}: expected {expected}, got {response.status_code}")
            body = body_of(response)
            for label, forms in SENTINELS.items():
                belongs = (name, role) in WHERE_IT_BELONGS[label]
                shown = any(form in body for form in forms)
                if shown and not belongs:
                    failures.append(f"{where}: shows the {label}, which does not belong there")
                elif belongs and not shown:
                    failures.append(f"{where}: should show the {label}, but does not")
    return failures


@pytest.fixture(autouse=True)
def _private_files(private_files):
    return private_files


def test_every_url_of_the_project_has_an_expectation_for_every_visitor():
    missing = sorted(project_urls() - set(TABLE))
    assert not missing, "\n".join(f"no expectation for URL {name}" for name in missing)
    unknown = sorted(set(TABLE) - project_urls())
    assert not unknown, "\n".join(f"expectation for a URL that does not exist: {name}" for name in unknown)


@pytest.mark.django_db
def test_each_visitor_gets_the_expected_answer_and_sees_personal_details_only_where_they_belong():
    failures = run_matrix(build_world())
    assert not failures, f"{len(failures)} cells differ from the rules:\n" + "\n".join(failures)
