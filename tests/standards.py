"""The official schemas of the open standards the portal publishes, from shared/standards/ beside the
checkout (the machines reach no web site): GBFS by MobilityData and Open Referral's HSDS."""

import json
from functools import cache
from pathlib import Path

import jsonschema

HERE = Path(__file__).resolve()


@cache
def standards_dir() -> Path:
    for folder in HERE.parents:
        candidate = folder / "shared" / "standards"
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("shared/standards/ (the official schemas) is not beside this checkout")


@cache
def gbfs_schema(version: str, name: str) -> dict:
    return json.loads((standards_dir() / "gbfs" / f"v{version}" / f"{name}.json").read_text())


def validate_gbfs(body, version: str, name: str):
    jsonschema.validate(body, gbfs_schema(version, name), format_checker=jsonschema.FormatChecker())
