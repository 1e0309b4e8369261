"""GBFS 3.0 at /gbfs/v3/ and 3.1-RC3 at /gbfs/v3.1-rc3/: the same feeds in both, strings in Korean and
English, timestamps in RFC 3339; 3.1-RC3 adds vehicle_availability (carshare/gbfs/availability.py)."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from carshare.gbfs import rows
from carshare.gbfs.availability import vehicles
from carshare.gbfs.rows import TTL, rfc3339, type_id
from carshare.models import Vehicle

LANGUAGES = ["ko", "en"]
# Each version's URL namespace under gbfs: (2.3 is the root of /gbfs/).
NAMESPACES = {"2.3": "", "3.0": "v3", "3.1-RC3": "v3_1_rc3"}
FEEDS = {
    "3.0": [
        "gbfs_versions",
        "system_information",
        "vehicle_types",
        "station_information",
        "station_status",
        "system_pricing_plans",
    ],
}
FEEDS["3.1-RC3"] = [*FEEDS["3.0"], "vehicle_availability"]


def url(request, version, name) -> str:
    namespace = NAMESPACES[version]
    return request.build_absolute_uri(reverse(f"gbfs:{namespace}:{name}" if namespace else f"gbfs:{name}"))


def versions(request, upto):
    """Every version published, in increasing order, up to the one a schema knows of."""
    names = list(NAMESPACES)
    return [{"version": v, "url": url(request, v, "gbfs")} for v in names[: names.index(upto) + 1]]


def localized(text):
    """`text()` in each language of the feed, as GBFS 3's localized strings."""
    out = []
    for language in LANGUAGES:
        with translation.override(language):
            out.append({"text": str(text()), "language": language})
    return out


def both(korean, english):
    """A name kept in the database in Korean and, where given, in English."""
    return [{"text": korean, "language": "ko"}] + ([{"text": english, "language": "en"}] if english else [])


class Feeds:
    """The 3.x feeds of one version: the version differs only in the envelope and in what it lists."""

    def __init__(self, version):
        self.version = version

    def envelope(self, name, data):
        return {"last_updated": rfc3339(timezone.now()), "ttl": TTL[name], "version": self.version, "data": data}

    def manifest(self, request):
        datasets = [{"system_id": rows.SYSTEM_ID, "versions": versions(request, upto=self.version)}]
        return self.envelope("manifest", {"datasets": datasets})

    def gbfs(self, request):
        feeds = [{"name": name, "url": url(request, self.version, name)} for name in FEEDS[self.version]]
        return self.envelope("gbfs", {"feeds": feeds})

    def gbfs_versions(self, request):
        return self.envelope("gbfs_versions", {"versions": versions(request, upto=self.version)})

    def system_information(self, request):
        data = {
            "system_id": rows.SYSTEM_ID,
            "languages": LANGUAGES,
            "name": localized(lambda: _("Seoul Sharing City car sharing")),
            "short_name": localized(lambda: _("Nanum Car")),
            "operator": localized(lambda: _("Seoul Metropolitan Government")),
            # Cars are booked online at any hour; each lot's own hours are in station_information.
            "opening_hours": "24/7",
            "url": request.build_absolute_uri(reverse("carshare:find-car")),
            "purchase_url": request.build_absolute_uri(reverse("carshare:membership")),
            "feed_contact_email": settings.OPEN_DATA_CONTACT_EMAIL,
            "manifest_url": url(request, self.version, "manifest"),
            "timezone": "Asia/Seoul",
            "license_url": "https://creativecommons.org/licenses/by/4.0/",
        }
        return self.envelope("system_information", data)

    def vehicle_types(self, request):
        types = [
            {
                "vehicle_type_id": type_id(row),
                "form_factor": "car",
                "propulsion_type": row["propulsion"],
                "max_range_meters": row["range_km"] * 1000,
                "name": localized(lambda row=row: f"{row['model_name']} ({Vehicle.Type(row['vehicle_type']).label})"),
                "model": [{"text": row["model_name"], "language": language} for language in LANGUAGES],
                "rider_capacity": row["seats"],
                "wheel_count": 4,
                "return_constraint": "roundtrip_station",
                "default_pricing_plan_id": type_id(row),
            }
            for row in rows.type_rows()
        ]
        return self.envelope("vehicle_types", {"vehicle_types": types})

    def system_pricing_plans(self, request):
        def name(row):
            return _("%(model)s · ₩%(price)s per 10 minutes") % {
                "model": row["model_name"],
                "price": f"{row['price_per_10_min']:,}",
            }

        def description(row):
            return _("₩%(time)s per 10 minutes, plus ₩%(distance)s per km driven.") % {
                "time": f"{row['price_per_10_min']:,}",
                "distance": f"{row['price_per_km']:,}",
            }

        plans = [
            {
                "plan_id": type_id(row),
                "name": localized(lambda row=row: name(row)),
                "currency": "KRW",
                "price": 0,
                "is_taxable": False,
                "description": localized(lambda row=row: description(row)),
                "per_min_pricing": [{"start": 0, "rate": row["price_per_10_min"], "interval": 10}],
                "per_km_pricing": [{"start": 0, "rate": row["price_per_km"], "interval": 1}],
            }
            for row in rows.type_rows()
        ]
        return self.envelope("system_pricing_plans", {"plans": plans})

    def station_information(self, request):
        stations = [
            {
                "station_id": lot.slug,
                "name": both(lot.name, lot.name_en),
                "lat": float(lot.latitude),
                "lon": float(lot.longitude),
                "address": lot.address,
                "station_opening_hours": rows.opening_hours(lot),
                "capacity": lot.capacity or 0,
                "parking_type": "parking_lot",
                "is_charging_station": lot.ev_charging,
                "rental_uris": {"web": request.build_absolute_uri(lot.get_absolute_url())},
            }
            for lot in rows.lots()
        ]
        return self.envelope("station_information", {"stations": stations})

    def station_status(self, request):
        now = timezone.now()
        stations = [
            {
                "station_id": lot.slug,
                "num_vehicles_available": sum(n for _type, n in available),
                "num_vehicles_disabled": disabled,
                "vehicle_types_available": [{"vehicle_type_id": key, "count": n} for key, n in available],
                "num_docks_available": empty,
                "is_installed": True,
                "is_renting": lot.is_open_at(now),
                "is_returning": True,
                "last_reported": rfc3339(now),
            }
            for lot, available, disabled, empty in rows.station_counts(now)
        ]
        return self.envelope("station_status", {"stations": stations})

    def vehicle_availability(self, request):
        return self.envelope("vehicle_availability", {"vehicles": vehicles(timezone.now())})

    def builders(self):
        return {name: getattr(self, name) for name in ["manifest", "gbfs", *FEEDS[self.version]]}
