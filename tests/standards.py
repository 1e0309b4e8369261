"""The official schemas of the open standards the portal publishes (the machines reach no web site): GBFS by
MobilityData and Open Referral's HSDS, from shared/standards/ beside the checkout when there is one, else from
the copy kept with the tests (tests/official_schemas/, the same files with their licences)."""

import json
from functools import cache
from pathlib import Path

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

HERE = Path(__file__).resolve()


@cache
def standards_dir() -> Path:
    for folder in HERE.parents:
        candidate = folder / "shared" / "standards"
        if candidate.is_dir():
            return candidate
    return HERE.parent / "official_schemas"


@cache
def gbfs_schema(version: str, name: str) -> dict:
    return json.loads((standards_dir() / "gbfs" / f"v{version}" / f"{name}.json").read_text())


def validate_gbfs(body, version: str, name: str):
    jsonschema.validate(body, gbfs_schema(version, name), format_checker=jsonschema.FormatChecker())


@cache
def hsds_registry() -> Registry:
    """Every HSDS schema under its file name, so that their relative `$ref`s resolve locally."""
    resources = []
    for path in sorted((standards_dir() / "hsds").glob("*.json")):
        if path.name == "openapi.json":
            continue
        resources.append((path.name, Resource.from_contents(json.loads(path.read_text()), DRAFT202012)))
    return Registry().with_resources(resources)


def validate_hsds(body, name: str):
    """Validates against HSDS's `name`.json, with the schemas it refers to."""
    validator = jsonschema.Draft202012Validator(
        {"$ref": f"{name}.json"}, registry=hsds_registry(), format_checker=jsonschema.FormatChecker()
    )
    validator.validate(body)


@cache
def hsds_page_schema() -> dict:
    """The HSDS API profile's page envelope (components/schemas/Page of its OpenAPI file)."""
    openapi = json.loads((standards_dir() / "hsds" / "openapi.json").read_text())
    return openapi["components"]["schemas"]["Page"]


def validate_hsds_page(body, name: str):
    jsonschema.validate(body, hsds_page_schema())
    assert set(body) == {*hsds_page_schema()["properties"], "contents"}
    for item in body["contents"]:
        validate_hsds(item, name)
