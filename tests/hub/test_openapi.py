"""The API documents itself: a valid OpenAPI 3 schema and interactive docs served locally."""

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_schema_is_a_valid_openapi_3_document(api):
    response = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    validate(schema)
    assert "/api/v1/services/" in schema["paths"]
    assert "PartnerApiKey" in schema["components"]["securitySchemes"]


def test_interactive_docs_do_not_load_anything_from_a_cdn(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    assert "cdn" not in response.text.lower()
