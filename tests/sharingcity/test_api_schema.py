"""What the API's schema promises, one promise at a time: error answers and their shapes, Unicode slugs,
series answered as lists, open reads, and JSON for addresses the API does not have.
(tests/sharingcity/test_api_fuzz.py checks the whole schema against the running API.)"""

import jsonschema_rs
import pytest

from tests.carshare.factories import ParkingLotFactory
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

ERROR = {"$ref": "#/components/schemas/Error"}
FIELD_ERRORS = {"$ref": "#/components/schemas/FieldErrors"}


@pytest.fixture
def schema(api):
    return api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


def answer_schema(schema, path, method, code):
    return schema["paths"][path][method]["responses"][code]["content"]["application/json"]["schema"]


def resolve(schema, node):
    return schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]


def test_every_operation_documents_the_errors_it_can_answer(schema):
    service = "/api/v1/services/{slug}/"
    assert answer_schema(schema, service, "get", "401") == ERROR  # a wrong key is refused even on a public read
    assert answer_schema(schema, service, "get", "404") == ERROR
    assert "403" not in schema["paths"][service]["get"]["responses"]  # anyone may read
    assert answer_schema(schema, service, "patch", "400") == FIELD_ERRORS
    assert answer_schema(schema, service, "patch", "403") == ERROR
    assert answer_schema(schema, "/api/v1/services/", "get", "404") == ERROR  # a page past the last
    assert answer_schema(schema, "/api/v1/facility-reservations/", "post", "409") == ERROR


def test_the_error_shapes_match_what_the_api_answers(api, schema):
    not_found = api.get("/api/v1/services/no-such-service/")
    assert not_found.status_code == 404
    assert jsonschema_rs.is_valid(resolve(schema, ERROR), not_found.json())
    refused = api.get("/api/v1/facilities/", {"capacity": "many"})
    assert refused.status_code == 400
    assert jsonschema_rs.is_valid(resolve(schema, FIELD_ERRORS), refused.json())


def test_a_hangul_slug_is_found_and_matches_the_documented_pattern(api, schema):
    ServiceFactory(slug="마포-공구-도서관", title="공구 도서관")
    response = api.get("/api/v1/services/마포-공구-도서관/")
    assert response.status_code == 200
    slug = schema["components"]["schemas"]["Service"]["properties"]["slug"]
    assert jsonschema_rs.is_valid(slug, response.json()["slug"])
    (path_parameter,) = schema["paths"]["/api/v1/services/{slug}/"]["get"]["parameters"]
    assert jsonschema_rs.is_valid(path_parameter["schema"], "마포-공구-도서관")
    assert not jsonschema_rs.is_valid(path_parameter["schema"], "tool library!")


def test_an_address_with_punctuation_in_a_slug_is_a_json_404(api):
    response = api.get("/api/v1/services/tool!library/")
    assert response.status_code == 404 and response.json() == {"detail": "찾을 수 없습니다."}


def test_an_address_the_api_does_not_have_is_a_json_404(api):
    response = api.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json" and "detail" in response.json()


def test_a_page_address_that_does_not_exist_is_still_an_html_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_the_series_answers_are_documented_as_the_lists_they_are(schema):
    series = schema["paths"]["/api/v1/facility-reservations/series/"]["post"]
    assert answer_schema(schema, "/api/v1/facility-reservations/series/", "post", "200")["type"] == "array"
    assert answer_schema(schema, "/api/v1/facility-reservations/series/", "post", "201")["type"] == "array"
    assert not [p for p in series.get("parameters", []) if p["in"] == "query"]  # no filters, no pages
    cancel_series = "/api/v1/facility-reservations/{id}/cancel-series/"
    assert answer_schema(schema, cancel_series, "post", "200")["type"] == "array"


def test_reads_open_to_anyone_are_documented_without_credentials(schema):
    assert {} in schema["paths"]["/api/v1/services/"]["get"]["security"]
    assert {} not in schema["paths"]["/api/v1/services/"]["post"]["security"]
    assert {} not in schema["paths"]["/api/v1/facility-reservations/"]["get"]["security"]


def test_filters_document_that_an_empty_value_means_any(api, schema):
    (district,) = [p for p in schema["paths"]["/api/v1/services/"]["get"]["parameters"] if p["name"] == "district"]
    assert district["allowEmptyValue"] and "mapo-gu" in district["schema"]["enum"]
    assert api.get("/api/v1/services/", {"district": "", "page": ""}).status_code == 200


def test_a_lot_filter_that_is_not_true_or_false_is_refused(api):
    ParkingLotFactory(ev_charging=True)
    assert api.get("/api/v1/carshare/lots/", {"ev_charging": "true"}).json()["count"] == 1
    response = api.get("/api/v1/carshare/lots/", {"ev_charging": "maybe"})
    assert response.status_code == 400 and "ev_charging" in response.json()


def test_a_yes_no_filter_reads_what_pages_send_and_refuses_the_rest(api, client):
    ServiceFactory(title="무료 공구", is_free=True)
    ServiceFactory(title="유료 공구", is_free=False, fee_description="하루 1,000원")
    titles = lambda response: [s["title"] for s in response.json()["results"]]  # noqa: E731
    assert titles(api.get("/api/v1/services/", {"free": "true"})) == ["무료 공구"]
    assert len(titles(api.get("/api/v1/services/", {"free": ""}))) == 2
    refused = api.get("/api/v1/services/", {"free": "null"})
    assert refused.status_code == 400 and refused.json() == {"free": ["true 또는 false를 입력해 주세요."]}
    page = client.get("/hub/", {"free": "true"})
    assert page.status_code == 200 and "무료 공구" in page.text and "유료 공구" not in page.text
