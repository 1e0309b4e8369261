"""What every GBFS version publishes, selected once: the cars in service grouped into vehicle types,
the parking lots with spaces in force, and the cars free now per lot. Each selector runs a fixed
number of queries, whatever the size of the fleet."""

from collections import defaultdict

from django.db.models import Count, Exists, Max, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.text import slugify

from carshare.models import Booking, ParkingLot, SpaceAllocation, Vehicle

SYSTEM_ID = "seoul-sharing-city-carshare"
TYPE_FIELDS = [
    "operator__slug",
    "model_name",
    "vehicle_type",
    "propulsion",
    "seats",
    "price_per_10_min",
    "price_per_km",
]
# Seconds before each feed may change: the lots and the fleet change rarely, availability all the time.
TTL = {
    "manifest": 3600,
    "gbfs": 3600,
    "gbfs_versions": 3600,
    "system_information": 86400,
    "vehicle_types": 3600,
    "station_information": 3600,
    "station_status": 60,
    "system_pricing_plans": 3600,
    "vehicle_availability": 60,
}


def type_id(row) -> str:
    """One GBFS vehicle type per operator, model and price: riders see one price per type."""
    model = slugify(row["model_name"]) or "car"
    return f"{row['operator__slug']}-{model}-{row['seats']}-{row['price_per_10_min']}-{row['price_per_km']}"


def in_service():
    return Vehicle.objects.filter(status=Vehicle.Status.ACTIVE)


def type_rows():
    """One row per vehicle type of the cars in service (one query)."""
    return in_service().values(*TYPE_FIELDS).annotate(range_km=Max("range_km")).order_by(*TYPE_FIELDS)


def lots():
    """The lots where an operator holds spaces today, with those spaces as `capacity` (one query)."""
    today = timezone.localdate()
    allocated = SpaceAllocation.objects.in_force().filter(lot=OuterRef("pk"))
    in_force = Q(allocations__permit_start__lte=today, allocations__permit_end__gte=today)
    return (
        ParkingLot.objects.filter(Exists(allocated))
        .annotate(capacity=Sum("allocations__spaces", filter=in_force))
        .order_by("slug")
    )


def lot_status(now):
    """Per lot id: the free cars per vehicle type, the cars parked there and the cars in maintenance
    (three queries)."""
    busy = Booking.objects.holding().filter(vehicle=OuterRef("pk"), period__contains=now)
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
    return free, in_lot, maintenance


def station_counts(now):
    """Per lot with spaces (in slug order): the lot, its free cars per vehicle type, its cars in
    maintenance and its empty spaces (four queries)."""
    free, in_lot, maintenance = lot_status(now)
    for lot in lots():
        empty = max((lot.capacity or 0) - in_lot.get(lot.pk, 0), 0)
        yield lot, sorted(free.get(lot.pk, {}).items()), maintenance.get(lot.pk, 0), empty


def rfc3339(moment) -> str:
    """A time as GBFS 3 wants it: RFC 3339, here in Seoul time."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def opening_hours(lot) -> str:
    """The lot's hours in OpenStreetMap's opening_hours syntax, which GBFS 3 uses."""
    if lot.always_open:
        return "24/7"
    return f"Mo-Su {lot.opens_at:%H:%M}-{lot.closes_at:%H:%M}"
