"""The public GBFS v2.3 feed (form factor: car) of the city's car sharing: open data, no personal data.

Stations are the parking lots; vehicle types and pricing plans come from the cars in service. Each feed
is built by one function with a fixed number of queries, whatever the size of the fleet."""

import time
from collections import defaultdict

from django.db.models import Count, Exists, Max, OuterRef, Q, Sum
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from carshare.models import Booking, ParkingLot, SpaceAllocation, Vehicle

VERSION = "2.3"
LANGUAGE = "ko"
SYSTEM_ID = "seoul-sharing-city-carshare"
FEEDS = ["system_information", "vehicle_types", "station_information", "station_status", "system_pricing_plans"]
# Seconds before each feed may change: the lots and the fleet change rarely, availability all the time.
TTL = {
    "gbfs": 3600,
    "system_information": 86400,
    "vehicle_types": 3600,
    "station_information": 3600,
    "station_status": 60,
    "system_pricing_plans": 3600,
}
TYPE_FIELDS = [
    "operator__slug",
    "model_name",
    "vehicle_type",
    "propulsion",
    "seats",
    "price_per_10_min",
    "price_per_km",
]


def type_id(row) -> str:
    """One GBFS vehicle type per operator, model and price: riders see one price per type."""
    model = slugify(row["model_name"]) or "car"
    return f"{row['operator__slug']}-{model}-{row['seats']}-{row['price_per_10_min']}-{row['price_per_km']}"


def in_service():
    return Vehicle.objects.filter(status=Vehicle.Status.ACTIVE)


def system_information(request):
    return {
        "system_id": SYSTEM_ID,
        "language": LANGUAGE,
        "name": "서울 공유도시 나눔카",
        "short_name": "나눔카",
        "operator": "Seoul Metropolitan Government",
        "url": request.build_absolute_uri(reverse("carshare:find-car")),
        "purchase_url": request.build_absolute_uri(reverse("carshare:membership")),
        "timezone": "Asia/Seoul",
        "license_url": "https://creativecommons.org/licenses/by/4.0/",
    }


def _type_rows():
    return in_service().values(*TYPE_FIELDS).annotate(range_km=Max("range_km")).order_by(*TYPE_FIELDS)


def vehicle_types(request):
    types = []
    for row in _type_rows():
        types.append(
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
        )
    return {"vehicle_types": types}


def system_pricing_plans(request):
    plans = []
    for row in _type_rows():
        plans.append(
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
        )
    return {"plans": plans}


def _lots():
    allocated = SpaceAllocation.objects.in_force().filter(lot=OuterRef("pk"))
    return (
        ParkingLot.objects.filter(Exists(allocated))
        .annotate(
            capacity=Sum(
                "allocations__spaces",
                filter=Q(
                    allocations__permit_start__lte=timezone.localdate(),
                    allocations__permit_end__gte=timezone.localdate(),
                ),
            )
        )
        .order_by("slug")
    )


def station_information(request):
    return {
        "stations": [
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
            for lot in _lots()
        ]
    }


def station_status(request):
    now = timezone.now()
    busy = Booking.objects.holding_slot().filter(vehicle=OuterRef("pk"), period__contains=now)
    free = defaultdict(lambda: defaultdict(int))
    for row in in_service().exclude(Exists(busy)).values("home_lot_id", *TYPE_FIELDS).annotate(n=Count("pk")):
        free[row["home_lot_id"]][type_id(row)] += row["n"]
    in_lot = dict(
        Vehicle.objects.exclude(status=Vehicle.Status.RETIRED)
        .exclude(Exists(busy))
        .values_list("home_lot_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    maintenance = dict(
        Vehicle.objects.filter(status=Vehicle.Status.MAINTENANCE)
        .values_list("home_lot_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    reported = int(now.timestamp())
    stations = []
    for lot in _lots():
        available = free.get(lot.pk, {})
        stations.append(
            {
                "station_id": lot.slug,
                "num_bikes_available": sum(available.values()),
                "num_bikes_disabled": maintenance.get(lot.pk, 0),
                "vehicle_types_available": [
                    {"vehicle_type_id": key, "count": n} for key, n in sorted(available.items())
                ],
                "num_docks_available": max((lot.capacity or 0) - in_lot.get(lot.pk, 0), 0),
                "is_installed": True,
                "is_renting": lot.is_open_at(now),
                "is_returning": True,
                "last_reported": reported,
            }
        )
    return {"stations": stations}


BUILDERS = {
    "system_information": system_information,
    "vehicle_types": vehicle_types,
    "station_information": station_information,
    "station_status": station_status,
    "system_pricing_plans": system_pricing_plans,
}


def envelope(name, data):
    return {"last_updated": int(time.time()), "ttl": TTL[name], "version": VERSION, "data": data}


def respond(name, data):
    response = JsonResponse(envelope(name, data), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = f"public, max-age={TTL[name]}"
    # Open data: any journey planner may read it from the browser.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def discovery(request):
    feeds = [{"name": name, "url": request.build_absolute_uri(reverse(f"gbfs:{name}"))} for name in FEEDS]
    return respond("gbfs", {LANGUAGE: {"feeds": feeds}})


def feed_view(name):
    @require_GET
    def view(request):
        return respond(name, BUILDERS[name](request))

    view.__name__ = name
    return view
