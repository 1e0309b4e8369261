"""The Sharing Hub as Open Referral HSDS 3.0 at /api/hsds/: organizations, services, locations and
service_at_locations, valid against the official schemas (shared/standards/hsds), paginated as the API
profile says, with opening hours as schedules, cost options, languages and accessibility."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from hub import hsds
from hub.models import OpeningHours, ReviewStatus
from tests.factories import OrganisationFactory, ServiceFactory, district
from tests.standards import validate_hsds, validate_hsds_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    centre = OrganisationFactory(
        name="마포 공유센터",
        name_en="Mapo Sharing Centre",
        description="주민이 나누도록 돕습니다.",
        address="서울특별시 마포구 월드컵로 212",
        email="centre@example.org",
        phone="02-3153-1234",
        website="https://centre.example.org/",
        accessibility="1층 출입구에 계단이 없습니다.",
    )
    tools = ServiceFactory(
        organisation=centre,
        title="공구 도서관",
        title_en="Tool library",
        languages=["ko", "en"],
        districts=[district("mapo-gu"), district("jongno-gu")],
    )
    for weekday in range(5):
        OpeningHours.objects.create(service=tools, weekday=weekday, opens=time(9), closes=time(18))
    ServiceFactory(organisation=centre, title="캠핑 장비 대여", is_free=False, fee_description="1일 5,000원")
    online = OrganisationFactory(name="온라인 나눔", address="")
    ServiceFactory(organisation=online, title="온라인 재능 나눔")
    ServiceFactory(organisation=centre, title="검토 중", status=ReviewStatus.PENDING)
    OrganisationFactory(name="거절된 단체", status=ReviewStatus.REJECTED, address="어딘가")
    return centre, tools


LISTS = {
    "organizations": "organization",
    "services": "service",
    "locations": "location",
    "service_at_locations": "service_at_location",
}


@pytest.mark.parametrize(("path", "schema"), LISTS.items())
def test_every_list_validates_against_the_official_schemas(client, directory, path, schema):
    response = client.get(f"/api/hsds/{path}/")
    assert response.status_code == 200
    validate_hsds_page(response.json(), schema)


@pytest.mark.parametrize(("path", "schema"), LISTS.items())
def test_every_record_validates_against_the_official_schemas(client, directory, path, schema):
    for item in client.get(f"/api/hsds/{path}/").json()["contents"]:
        response = client.get(f"/api/hsds/{path}/{item['id']}/")
        assert response.status_code == 200
        validate_hsds(response.json(), schema)
        assert response.json()["id"] == item["id"]


def test_the_schema_check_is_real(client, directory):
    centre, tools = directory
    body = client.get(f"/api/hsds/services/{hsds.hsds_id('service', tools.pk)}/").json()
    body["schedules"][0]["freq"] = "DAILY"
    with pytest.raises(Exception, match="DAILY"):
        validate_hsds(body, "service")
    body = client.get(f"/api/hsds/organizations/{hsds.hsds_id('organization', centre.pk)}/").json()
    body["id"] = "42"
    with pytest.raises(Exception, match="uuid"):
        validate_hsds(body, "organization")


def test_only_published_records_are_listed(client, directory):
    names = {o["name"] for o in client.get("/api/hsds/organizations/").json()["contents"]}
    assert names == {"마포 공유센터", "온라인 나눔"}
    services = {s["name"] for s in client.get("/api/hsds/services/").json()["contents"]}
    assert services == {"공구 도서관", "캠핑 장비 대여", "온라인 재능 나눔"}


def test_a_service_carries_its_opening_hours_costs_languages_and_areas(client, directory):
    _centre, tools = directory
    body = client.get(f"/api/hsds/services/{hsds.hsds_id('service', tools.pk)}/").json()
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in body["schedules"]] == [
        (day, "09:00+09:00", "18:00+09:00") for day in ["MO", "TU", "WE", "TH", "FR"]
    ]
    assert {s["freq"] for s in body["schedules"]} == {"WEEKLY"}
    assert body["cost_options"][0]["amount"] == 0
    assert [language["code"] for language in body["languages"]] == ["ko", "en"]
    assert {area["name"] for area in body["service_areas"]} == {"마포구", "종로구"}
    assert body["alternate_name"] == "Tool library"
    [link] = body["service_at_locations"]
    assert client.get(f"/api/hsds/locations/{link['location_id']}/").json()["name"] == "마포 공유센터"


def test_a_paid_service_describes_its_fee(client, directory):
    services = client.get("/api/hsds/services/").json()["contents"]
    camping = next(s for s in services if s["name"] == "캠핑 장비 대여")
    [option] = client.get(f"/api/hsds/services/{camping['id']}/").json()["cost_options"]
    assert option["amount_description"] == "1일 5,000원"
    assert option["currency"] == "KRW"


def test_a_location_has_its_address_and_accessibility(client, directory):
    centre, _tools = directory
    body = client.get(f"/api/hsds/locations/{hsds.hsds_id('location', centre.pk)}/").json()
    [address] = body["addresses"]
    assert address["address_1"] == "서울특별시 마포구 월드컵로 212"
    assert address["country"] == "KR"
    assert body["accessibility"][0]["description"] == "1층 출입구에 계단이 없습니다."
    # An organisation without premises has no location, and its services no service_at_location.
    assert len(client.get("/api/hsds/locations/").json()["contents"]) == 1
    assert len(client.get("/api/hsds/service_at_locations/").json()["contents"]) == 2


def test_pages_follow_the_api_profile(client, directory):
    first = client.get("/api/hsds/services/?per_page=2").json()
    assert {k: first[k] for k in first if k != "contents"} == {
        "total_items": 3,
        "total_pages": 2,
        "page_number": 1,
        "size": 2,
        "first_page": True,
        "last_page": False,
        "empty": False,
    }
    second = client.get("/api/hsds/services/?per_page=2&page=2").json()
    assert (second["size"], second["first_page"], second["last_page"]) == (1, False, True)
    assert {s["id"] for s in first["contents"]}.isdisjoint({s["id"] for s in second["contents"]})
    beyond = client.get("/api/hsds/services/?per_page=2&page=9").json()
    assert (beyond["empty"], beyond["contents"], beyond["total_items"]) == (True, [], 3)


@pytest.mark.parametrize(
    "query", ["page=0", "page=-1", "page=abc", "per_page=0", "per_page=101", "page=1%00", "per_page=" + "9" * 10000]
)
def test_a_bad_page_is_refused_with_the_field_named(client, query):
    response = client.get(f"/api/hsds/services/?{query}")
    assert response.status_code == 400
    assert set(response.json()) <= {"page", "per_page"} and response.json()


@pytest.mark.parametrize("bad_id", ["42", "not-a-uuid", "00000000-0000-0000-0000-000000000000", "x\x00", "a" * 10000])
def test_an_unknown_id_is_a_404(client, directory, bad_id):
    assert client.get(f"/api/hsds/services/{bad_id}/").status_code == 404


def test_an_id_of_another_kind_is_not_found(client, directory):
    centre, tools = directory
    assert client.get(f"/api/hsds/services/{hsds.hsds_id('organization', centre.pk)}/").status_code == 404
    pending = ServiceFactory(organisation=centre, status=ReviewStatus.PENDING)
    assert client.get(f"/api/hsds/services/{hsds.hsds_id('service', pending.pk)}/").status_code == 404


def test_services_can_be_filtered_by_organization(client, directory):
    centre, _tools = directory
    body = client.get(f"/api/hsds/services/?organization_id={hsds.hsds_id('organization', centre.pk)}").json()
    assert {s["name"] for s in body["contents"]} == {"공구 도서관", "캠핑 장비 대여"}


def test_the_root_names_the_version_and_profile(client):
    body = client.get("/api/hsds/").json()
    assert body["version"] == "3.0"
    assert body["openapi_url"].endswith("openapi.json")


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/hsds/organizations/", 2),
        ("/api/hsds/services/", 2),
        ("/api/hsds/locations/", 2),
        ("/api/hsds/service_at_locations/", 2),
    ],
)
@pytest.mark.parametrize("size", [2, 4])
def test_lists_take_a_fixed_number_of_queries(client, django_assert_num_queries, url, queries, size):
    for _ in range(size):
        service = ServiceFactory(organisation=OrganisationFactory(address="서울특별시 중구 세종대로 110"))
        OpeningHours.objects.create(service=service, weekday=0, opens=time(9), closes=time(12))
    with django_assert_num_queries(queries):
        assert client.get(url).json()["size"] == size


@pytest.mark.parametrize("hours", [1, 5])
def test_a_service_takes_three_queries_whatever_its_hours(client, django_assert_num_queries, directory, hours):
    _centre, tools = directory
    tools.opening_hours.all().delete()
    for weekday in range(hours):
        OpeningHours.objects.create(service=tools, weekday=weekday, opens=time(9), closes=time(18))
    with django_assert_num_queries(3):
        assert len(client.get(f"/api/hsds/services/{hsds.hsds_id('service', tools.pk)}/").json()["schedules"]) == hours


def test_services_can_be_searched_in_korean_and_english(client, directory):
    assert [s["name"] for s in client.get("/api/hsds/services/?search=공구").json()["contents"]] == ["공구 도서관"]
    assert [s["name"] for s in client.get("/api/hsds/services/?search=tool").json()["contents"]] == ["공구 도서관"]


def test_services_modified_after_a_moment_are_the_changed_ones(client, directory):
    _centre, tools = directory
    Service = type(tools)
    Service.objects.exclude(pk=tools.pk).update(updated_at=timezone.now() - timedelta(days=30))
    since = (timezone.now() - timedelta(days=1)).isoformat()
    body = client.get("/api/hsds/services/", {"modified_after": since}).json()
    assert [s["name"] for s in body["contents"]] == ["공구 도서관"]
    assert client.get("/api/hsds/services/", {"modified_after": "2000-01-01"}).json()["total_items"] == 3


@pytest.mark.parametrize(
    "query",
    [
        {"modified_after": "yesterday"},
        {"modified_after": "2026-13-01"},
        {"modified_after": "2026-01-01T25:00:00+09:00"},
        {"modified_after": "1\x00"},
        {"full": "maybe"},
        {"search": "공" * 10000},
        {"search": "a\x00b"},
    ],
)
def test_a_bad_filter_is_refused_with_the_field_named(client, directory, query):
    response = client.get("/api/hsds/services/", query)
    assert response.status_code == 400
    assert set(response.json()) == set(query)


@pytest.mark.parametrize(
    ("extreme", "found"), [("9999-12-31T23:59:59+09:00", 0), ("0001-01-01", 3), ("0001-01-01T00:00:00+14:00", 3)]
)
def test_an_extreme_moment_is_answered_without_error(client, directory, extreme, found):
    response = client.get("/api/hsds/services/", {"modified_after": extreme})
    assert response.status_code == 200
    assert response.json()["total_items"] == found


def test_a_full_list_carries_each_services_records_in_a_fixed_number_of_queries(
    client, directory, django_assert_num_queries
):
    with django_assert_num_queries(4):
        body = client.get("/api/hsds/services/?full=true").json()
    validate_hsds_page(body, "service")
    tools = next(s for s in body["contents"] if s["name"] == "공구 도서관")
    assert len(tools["schedules"]) == 5


def test_a_description_that_starts_with_the_summary_does_not_repeat_it(client):
    ServiceFactory(summary="공구를 빌려 드립니다.", description="공구를 빌려 드립니다. 누구나 이용할 수 있습니다.")
    ServiceFactory(title="요약만", summary="요약입니다.", description="")
    ServiceFactory(title="둘 다", summary="요약입니다.", description="자세한 설명입니다.")
    descriptions = sorted(s["description"] for s in client.get("/api/hsds/services/").json()["contents"])
    assert descriptions == [
        "공구를 빌려 드립니다. 누구나 이용할 수 있습니다.",
        "요약입니다.",
        "요약입니다.\n\n자세한 설명입니다.",
    ]
