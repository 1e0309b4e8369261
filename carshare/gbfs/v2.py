"""GBFS 2.3 at /gbfs/, kept for the consumers that read it: Korean strings, timestamps in POSIX time."""

import time

from django.urls import reverse
from django.utils import timezone

from carshare.gbfs import rows
from carshare.gbfs.rows import TTL, type_id
from carshare.gbfs.v3 import versions

VERSION = "2.3"
LANGUAGE = "ko"
FEEDS = [
    "gbfs_versions",
    "system_information",
    "vehicle_types",
    "station_information",
    "station_status",
    "system_pricing_plans",
]


def envelope(name, data):
    return {"last_updated": int(time.time()), "ttl": TTL[name], "version": VERSION, "data": data}


def discovery(request):
    feeds = [{"name": name, "url": request.build_absolute_uri(reverse(f"gbfs:{name}"))} for name in FEEDS]
    return envelope("gbfs", {LANGUAGE: {"feeds": feeds}})


def gbfs_versions(request):
    return envelope("gbfs_versions", {"versions": versions(request, upto="3.0")})


def system_information(request):
    return envelope(
        "system_information",
        {
            "system_id": rows.SYSTEM_ID,
            "language": LANGUAGE,
            "name": "서울 공유도시 나눔카",
            "short_name": "나눔카",
            "operator": "Seoul Metropolitan Government",
            "url": request.build_absolute_uri(reverse("carshare:find-car")),
            "purchase_url": request.build_absolute_uri(reverse("carshare:membership")),
            "timezone": "Asia/Seoul",
            "license_url": "https://creativecommons.org/licenses/by/4.0/",
        },
    )


def vehicle_types(request):
    types = [
        {
            "vehicle_type_id": type_id(row),
            "form_factor": "car",
            "propulsion_type": row["propulsion"],
            "max_range_meters": row["range_km"] * 1000,
            "name": f"{row['model_name']} ({row['vehicle_type']})",
            "model": row["model_name"],
            "rider_capacity": row["seats"],
            "wheel_count": 4,
            "return_constraint": "roundtrip_station",
            "default_pricing_plan_id": type_id(row),
        }
        for row in rows.type_rows()
    ]
    return envelope("vehicle_types", {"vehicle_types": types})


def system_pricing_plans(request):
    plans = [
        {
            "plan_id": type_id(row),
            "name": f"{row['model_name']} · ₩{row['price_per_10_min']:,}/10분",
            "currency": "KRW",
            "price": 0,
            "is_taxable": False,
            "description": (
                f"10분마다 {row['price_per_10_min']:,}원, 주행 1km마다 {row['price_per_km']:,}원 "
                f"(₩{row['price_per_10_min']:,} per 10 minutes, ₩{row['price_per_km']:,} per km)."
            ),
            "per_min_pricing": [{"start": 0, "rate": row["price_per_10_min"], "interval": 10}],
            "per_km_pricing": [{"start": 0, "rate": row["price_per_km"], "interval": 1}],
        }
        for row in rows.type_rows()
    ]
    return envelope("system_pricing_plans", {"plans": plans})


def station_information(request):
    stations = [
        {
            "station_id": lot.slug,
            "name": lot.name,
            "short_name": lot.name_en or lot.name,
            "lat": float(lot.latitude),
            "lon": float(lot.longitude),
            "address": lot.address,
            "capacity": lot.capacity or 0,
            "parking_type": "parking_lot",
            "is_charging_station": lot.ev_charging,
            "rental_uris": {"web": request.build_absolute_uri(lot.get_absolute_url())},
        }
        for lot in rows.lots()
    ]
    return envelope("station_information", {"stations": stations})


def station_status(request):
    now = timezone.now()
    reported = int(now.timestamp())
    stations = [
        {
            "station_id": lot.slug,
            "num_bikes_available": sum(n for _type, n in available),
            "num_bikes_disabled": disabled,
            "vehicle_types_available": [{"vehicle_type_id": key, "count": n} for key, n in available],
            "num_docks_available": empty,
            "is_installed": True,
            "is_renting": lot.is_open_at(now),
            "is_returning": True,
            "last_reported": reported,
        }
        for lot, available, disabled, empty in rows.station_counts(now)
    ]
    return envelope("station_status", {"stations": stations})


BUILDERS = {
    "gbfs": discovery,
    "gbfs_versions": gbfs_versions,
    "system_information": system_information,
    "vehicle_types": vehicle_types,
    "station_information": station_information,
    "station_status": station_status,
    "system_pricing_plans": system_pricing_plans,
}
