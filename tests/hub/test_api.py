"""Hub API: public reads for everyone; partners change only their own organisation's services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hub.models import PartnerApiKey, ReviewStatus, Service
from tests.factories import ArticleFactory, ServiceFactory, district

pytestmark = pytest.mark.django_db

NEW_SERVICE = {
    "title": "공구 도서관",
    "title_en": "Tool library",
    "category": "goods",
    "summary": "드릴을 빌려 드립니다.",
    "is_free": True,
    "districts": ["mapo-gu"],
}


def test_anyone_can_list_districts_organisations_services_and_news(api):
    ServiceFactory(title="공구 도서관")
    assert len(api.get("/api/v1/districts/").json()) == 25
    assert api.get("/api/v1/organisations/").status_code == 200
    body = api.get("/api/v1/services/").json()
    assert body["count"] == 1 and body["results"][0]["title"] == "공구 도서관"
    assert api.get("/api/v1/news/").status_code == 200


def test_news_published_after_the_server_started_shows_in_the_api(api):
    api.get("/api/v1/news/")  # the server has answered before
    article = ArticleFactory(title="새 소식")
    assert [a["title"] for a in api.get("/api/v1/news/").json()["results"]] == ["새 소식"]
    assert api.get(f"/api/v1/news/{article.slug}/").status_code == 200


def test_news_set_to_appear_later_stays_hidden_until_then(api):
    later = ArticleFactory(published_at=timezone.now() + timedelta(days=1))
    assert api.get(f"/api/v1/news/{later.slug}/").status_code == 404


def test_api_filters_match_the_pages(api):
    ServiceFactory(title="마포 공구", districts=[district("mapo-gu")])
    ServiceFactory(title="노원 부엌", category="space", districts=[district("nowon-gu")])
    titles = [s["title"] for s in api.get("/api/v1/services/", {"district": "mapo-gu"}).json()["results"]]
    assert titles == ["마포 공구"]
    titles = [s["title"] for s in api.get("/api/v1/services/", {"q": "부엌"}).json()["results"]]
    assert titles == ["노원 부엌"]


def test_anonymous_write_is_401(api):
    assert api.post("/api/v1/services/", NEW_SERVICE, format="json").status_code == 401


def test_a_signed_in_citizen_cannot_write_through_the_partner_api(citizen_api):
    assert citizen_api.post("/api/v1/services/", NEW_SERVICE, format="json").status_code == 403


def test_partner_creates_a_service_that_waits_for_review(api, partner, partner_api):
    response = partner_api.post("/api/v1/services/", NEW_SERVICE, format="json")
    assert response.status_code == 201, response.json()
    service = Service.objects.get(slug=response.json()["slug"])
    assert service.organisation == partner
    assert service.status == ReviewStatus.PENDING
    # The public does not see it until a hub editor approves it; the partner does.
    assert api.get("/api/v1/services/").json()["count"] == 0
    assert partner_api.get("/api/v1/services/").json()["count"] == 1


def test_partner_updates_and_deletes_only_its_own_services(partner, other_partner, partner_api, other_partner_api):
    own = ServiceFactory(organisation=partner)
    theirs = ServiceFactory(organisation=other_partner)
    assert partner_api.patch(f"/api/v1/services/{own.slug}/", {"summary": "바뀜"}, format="json").status_code == 200
    own.refresh_from_db()
    assert own.summary == "바뀜"
    assert partner_api.patch(f"/api/v1/services/{theirs.slug}/", {"summary": "x"}, format="json").status_code == 404
    assert partner_api.delete(f"/api/v1/services/{theirs.slug}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.summary != "x"
    assert other_partner_api.delete(f"/api/v1/services/{theirs.slug}/").status_code == 204


def test_bad_input_is_400_with_field_errors(partner_api):
    response = partner_api.post(
        "/api/v1/services/",
        {**NEW_SERVICE, "category": "spaceships", "districts": ["atlantis"], "is_free": False},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert {"category", "districts"} <= set(errors)


def test_a_paid_service_must_describe_its_fee(partner_api):
    response = partner_api.post("/api/v1/services/", {**NEW_SERVICE, "is_free": False}, format="json")
    assert response.status_code == 400
    assert "fee_description" in response.json()


def test_unknown_revoked_or_malformed_keys_are_refused(api, partner):
    row, key = PartnerApiKey.issue(partner, "old")
    row.revoke()
    for header in [f"Api-Key {key}", "Api-Key abcdefgh.nope", "Api-Key a b"]:
        api.credentials(HTTP_AUTHORIZATION=header)
        assert api.post("/api/v1/services/", NEW_SERVICE, format="json").status_code == 401


def test_bearer_works_like_api_key(api, partner):
    _row, key = PartnerApiKey.issue(partner, "bearer")
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.post("/api/v1/services/", NEW_SERVICE, format="json").status_code == 201


def test_keys_are_stored_hashed(partner):
    row, key = PartnerApiKey.issue(partner, "hashed")
    assert key not in row.hashed_key and row.hashed_key == PartnerApiKey.hash(key)


def test_each_key_has_its_own_rate_limit(partner, other_partner):
    from rest_framework.test import APIClient

    from hub.authentication import ApiKeyRateThrottle
    from tests.factories import issue_key

    original = ApiKeyRateThrottle.THROTTLE_RATES
    ApiKeyRateThrottle.THROTTLE_RATES = {**original, "api_key": "3/minute"}
    try:
        first, second = APIClient(), APIClient()
        first.credentials(HTTP_AUTHORIZATION=f"Api-Key {issue_key(partner)}")
        second.credentials(HTTP_AUTHORIZATION=f"Api-Key {issue_key(other_partner)}")
        codes = [first.get("/api/v1/services/").status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        assert second.get("/api/v1/services/").status_code == 200
    finally:
        ApiKeyRateThrottle.THROTTLE_RATES = original


def test_service_list_api_query_count_does_not_grow(api, django_assert_max_num_queries):
    for _ in range(25):
        ServiceFactory()
    with django_assert_max_num_queries(5):
        assert len(api.get("/api/v1/services/").json()["results"]) == 20


def test_citizens_get_a_personal_token(api, citizen):
    response = api.post("/api/v1/auth/token/", {"username": citizen.email, "password": "correct horse battery staple"})
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/services/").status_code == 200
    wrong = api.post("/api/v1/auth/token/", {"username": citizen.email, "password": "wrong"})
    assert wrong.status_code == 401 and "detail" in wrong.json()
