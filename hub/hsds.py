"""The Sharing Hub in Open Referral's Human Services Data Specification 3.0: organisations, their premises
as locations, services with their opening hours (schedules), costs, languages and districts served.

HSDS wants UUIDs; ours are integers, so each record's id is an RFC 9562 version 8 (custom) UUID that
carries the kind of record and its primary key: stable, and read back without a lookup table."""

import re
import uuid

from django.utils import timezone
from django.utils.translation import gettext as _

from hub.models import SERVICE_LANGUAGES, Organisation, Service

VERSION = "3.0"
PROFILE = "https://docs.openreferral.org/en/v3.0/hsds/api_reference.html"
OPENAPI = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
KINDS = {
    "organization": 1,
    "service": 2,
    "location": 3,
    "service_at_location": 4,
    "schedule": 5,
    "cost_option": 6,
    "language": 7,
    "accessibility": 8,
    "address": 9,
    "service_area": 10,
    "phone": 11,
}
ID = re.compile(r"^5c17([0-9a-f]{4})-0000-8000-8000-([0-9a-f]{12})$")
BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
SEOUL_OFFSET = "+09:00"


def hsds_id(kind: str, pk: int) -> str:
    return str(uuid.UUID(f"5c17{KINDS[kind]:04x}-0000-8000-8000-{pk:012x}"))


def pk_of(kind: str, text: str):
    """The primary key in an id of this kind, or None for anything else."""
    match = ID.match(text.lower())
    if not match or int(match[1], 16) != KINDS[kind]:
        return None
    return int(match[2], 16)


def language_key(service, index):
    # A service lists at most a few languages: its pk and the position make one id per language.
    return service.pk * 16 + index


def clean(data: dict) -> dict:
    """Leaves out empty optional values rather than publishing empty strings."""
    return {key: value for key, value in data.items() if value not in ("", None)}


def organization(org: Organisation, request, *, full=False) -> dict:
    data = clean(
        {
            "id": hsds_id("organization", org.pk),
            "name": org.name,
            "alternate_name": org.name_en,
            "description": org.description,
            "email": org.email,
            "website": org.website,
            "uri": request.build_absolute_uri(org.get_absolute_url()),
            "logo": request.build_absolute_uri(org.logo.url) if org.logo else "",
            "legal_status": org.get_kind_display(),
        }
    )
    data["description"] = org.description  # required by HSDS, even when empty
    if full:
        data["phones"] = [{"id": hsds_id("phone", org.pk), "number": org.phone}] if org.phone else []
        data["locations"] = [location(org, request)] if org.address else []
    return data


def location(org: Organisation, request) -> dict:
    """An organisation's premises, where its services are used."""
    pk = org.pk
    data = clean(
        {
            "id": hsds_id("location", pk),
            "location_type": "physical",
            "organization_id": hsds_id("organization", pk),
            "name": org.name,
            "alternate_name": org.name_en,
            "url": request.build_absolute_uri(org.get_absolute_url()),
        }
    )
    data["addresses"] = [
        {
            "id": hsds_id("address", pk),
            "location_id": hsds_id("location", pk),
            "address_1": org.address,
            "city": org.district.name,
            "region": org.district.name_en,
            "state_province": "서울특별시",
            "postal_code": "",
            "country": "KR",
            "address_type": "physical",
        }
    ]
    data["accessibility"] = (
        [{"id": hsds_id("accessibility", pk), "location_id": hsds_id("location", pk), "description": org.accessibility}]
        if org.accessibility
        else []
    )
    return data


def schedule(period, service_id) -> dict:
    return {
        "id": hsds_id("schedule", period.pk),
        "service_id": service_id,
        "freq": "WEEKLY",
        "wkst": "MO",
        "byday": BYDAY[period.weekday],
        "opens_at": f"{period.opens:%H:%M}{SEOUL_OFFSET}",
        "closes_at": f"{period.closes:%H:%M}{SEOUL_OFFSET}",
        "timezone": 9,
        "description": str(period),
    }


def cost_option(service: Service, service_id) -> dict:
    if service.is_free:
        return {
            "id": hsds_id("cost_option", service.pk),
            "service_id": service_id,
            "option": _("Free of charge"),
            "currency": "KRW",
            "amount": 0,
        }
    return {
        "id": hsds_id("cost_option", service.pk),
        "service_id": service_id,
        "option": service.fee_description,
        "currency": "KRW",
        "amount_description": service.fee_description,
    }


def service_at_location(service: Service) -> dict:
    return {
        "id": hsds_id("service_at_location", service.pk),
        "service_id": hsds_id("service", service.pk),
        "location_id": hsds_id("location", service.organisation_id),
    }


def description(svc: Service) -> str:
    """The summary and the longer description, without saying the summary twice when the description
    starts with it."""
    if not svc.description or svc.description.startswith(svc.summary):
        return svc.description or svc.summary
    return f"{svc.summary}\n\n{svc.description}"


def service(svc: Service, request, *, full=False) -> dict:
    """A service; `full` adds the records it links (its schedules, costs, languages, areas, locations)."""
    service_id = hsds_id("service", svc.pk)
    data = clean(
        {
            "id": service_id,
            "organization_id": hsds_id("organization", svc.organisation_id),
            "name": svc.title,
            "alternate_name": svc.title_en,
            "description": description(svc),
            "url": svc.website or request.build_absolute_uri(svc.get_absolute_url()),
            "status": "active",
            "application_process": svc.how_to_use,
            "eligibility_description": svc.eligibility,
            "fees_description": svc.fee_description if not svc.is_free else _("Free of charge"),
            "assured_date": svc.last_verified.isoformat() if svc.last_verified else "",
            "last_modified": timezone.localtime(svc.updated_at).isoformat(),
        }
    )
    if full:
        names = dict(SERVICE_LANGUAGES)
        data["schedules"] = [schedule(period, service_id) for period in svc.opening_hours.all()]
        data["cost_options"] = [cost_option(svc, service_id)]
        data["languages"] = [
            {
                "id": hsds_id("language", language_key(svc, index)),
                "service_id": service_id,
                "name": str(names.get(code, code)),
                "code": code,
            }
            for index, code in enumerate(svc.languages)
        ]
        data["service_areas"] = [
            {
                "id": hsds_id("service_area", svc.pk * 1024 + district.pk),
                "service_id": service_id,
                "name": district.name,
                "description": district.name_en,
                "extent_type": "district",
            }
            for district in svc.districts.all()
        ]
        data["service_at_locations"] = [service_at_location(svc)] if svc.organisation.address else []
    return data
