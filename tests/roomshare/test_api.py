"""The public API: anonymised rooms with the page's filters, and figures by district with small counts hidden."""

from datetime import timedelta

import pytest
from django.utils import timezone

from roomshare.models import Agreement
from tests.factories import district
from tests.roomshare.factories import AgreementFactory, HostFactory, RoomFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
PERSONAL = {"address", "phone", "date_of_birth", "name", "full_name", "user", "host", "email"}


def test_the_room_api_lists_open_rooms_without_any_personal_field(api):
    RoomFactory(title="노원 방")
    body = api.get("/api/v1/roomshare/rooms/").json()
    assert body["count"] == 1
    room = body["results"][0]
    assert room["district"] == "nowon-gu" and room["neighbourhood"] == "공릉동"
    assert not PERSONAL & set(room)


def test_the_room_api_filters_like_the_page(api):
    RoomFactory(title="노원 방", rent=250_000)
    RoomFactory(title="광진 방", host=HostFactory(district=district("gwangjin-gu")), rent=200_000)
    RoomFactory(title="늦은 방", available_from=TODAY + timedelta(days=90))
    titles = [r["title"] for r in api.get("/api/v1/roomshare/rooms/", {"district": "gwangjin-gu"}).json()["results"]]
    assert titles == ["광진 방"]
    titles = [r["title"] for r in api.get("/api/v1/roomshare/rooms/", {"max_rent": 220000}).json()["results"]]
    assert titles == ["광진 방"]
    body = api.get(
        "/api/v1/roomshare/rooms/", {"move_in": (TODAY + timedelta(days=10)).isoformat(), "ordering": "-rent"}
    )
    assert [r["title"] for r in body.json()["results"]] == ["노원 방", "광진 방"]


def test_a_bad_filter_gets_400_with_the_field(api):
    response = api.get("/api/v1/roomshare/rooms/", {"max_rent": "lots"})
    assert response.status_code == 400 and "max_rent" in response.json()


def test_a_room_that_is_not_open_is_not_found(api):
    room = AgreementFactory().room
    assert api.get(f"/api/v1/roomshare/rooms/{room.pk}/").status_code == 404


def test_the_room_api_is_read_only(citizen_api):
    room = RoomFactory()
    assert citizen_api.post("/api/v1/roomshare/rooms/", {}).status_code == 405
    assert citizen_api.delete(f"/api/v1/roomshare/rooms/{room.pk}/").status_code == 405


def test_the_room_api_uses_a_fixed_number_of_queries(api, django_assert_max_num_queries):
    for _ in range(25):
        room = RoomFactory()
        room.photos.create(image="roomshare/rooms/x.png")
    with django_assert_max_num_queries(5):
        assert len(api.get("/api/v1/roomshare/rooms/").json()["results"]) == 20


def test_statistics_hide_counts_under_five(api):
    for _ in range(6):
        AgreementFactory()  # Nowon-gu: six homes, six active agreements
    AgreementFactory(room=RoomFactory(host=HostFactory(district=district("gwangjin-gu"))))
    rows = {row["district"]: row for row in api.get("/api/v1/roomshare/statistics/").json()["districts"]}
    assert rows["nowon-gu"]["active_agreements"] == 6 and rows["nowon-gu"]["people_sharing"] == 12
    assert rows["nowon-gu"]["average_rent"] == 250_000
    assert rows["gwangjin-gu"]["active_agreements"] == "<5" and rows["gwangjin-gu"]["homes"] == "<5"
    assert rows["gwangjin-gu"]["people_sharing"] == "<5" and rows["gwangjin-gu"]["average_rent"] is None


def test_the_openapi_schema_documents_the_room_sharing_endpoints(api):
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    assert "/api/v1/roomshare/rooms/" in schema["paths"] and "/api/v1/roomshare/statistics/" in schema["paths"]


def test_ended_agreements_do_not_count_as_active(api):
    for _ in range(5):
        AgreementFactory(status=Agreement.Status.ENDED, end_reason="끝")
    rows = {row["district"]: row for row in api.get("/api/v1/roomshare/statistics/").json()["districts"]}
    assert rows["nowon-gu"]["active_agreements"] == 0


def test_applications_are_served_only_to_coordinators_of_their_districts_and_each_read_is_logged(
    api, citizen_api, partner_api, django_assert_max_num_queries
):
    from rest_framework.test import APIClient

    from roomshare.models import PersonalDataView
    from tests.roomshare.factories import ApplicationFactory, coordinator

    for _ in range(8):
        ApplicationFactory()
    ApplicationFactory(room=RoomFactory(host=HostFactory(district=district("seodaemun-gu"))))
    assert api.get("/api/v1/roomshare/applications/").status_code in (401, 403)
    assert citizen_api.get("/api/v1/roomshare/applications/").status_code == 403
    assert partner_api.get("/api/v1/roomshare/applications/").status_code == 403
    nowon = coordinator("nowon-gu")
    client = APIClient()
    client.force_authenticate(nowon)
    with django_assert_max_num_queries(10):
        body = client.get("/api/v1/roomshare/applications/").json()
    assert body["count"] == 8 and {r["district"] for r in body["results"]} == {"nowon-gu"}
    assert body["results"][0]["student"]["phone"].startswith("010-")
    assert PersonalDataView.objects.filter(viewer=nowon).count() == 8
    other = ApplicationFactory(room=RoomFactory(host=HostFactory(district=district("gwangjin-gu"))))
    assert client.get(f"/api/v1/roomshare/applications/{other.pk}/").status_code == 404
