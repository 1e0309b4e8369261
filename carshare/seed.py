"""Demo data of car sharing: lots across the districts with the three operators' permits, their cars,
members, and a year of bookings and trips. `--scale seoul` (125) gives about 1,000 lots, 5,000 cars,
500,000 members and 300,000 bookings. Idempotent: rows are found by slug, plate or email."""

import random
from datetime import date, time, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db.models import Exists, OuterRef
from django.utils import timezone
from psycopg2.extras import DateTimeTZRange

from carshare import pricing
from carshare.models import (
    Booking,
    Membership,
    ParkingLot,
    SpaceAllocation,
    Trip,
    Vehicle,
    VehiclePhoto,
    _fernet,
    licence_fingerprint,
    normalise_licence_number,
)
from hub.models import Organisation, PartnerApiKey
from sharingcity.bulk import copy_rows, indexes_set_aside
from sharingcity.demo_images import add_demo_photos
from sharingcity.models import District, User

OPERATOR_SLUGS = ["greencar-share", "nanum-mobility", "city-wheels"]
LOTS_PER_SCALE = 8
MEMBERS_PER_SCALE = 4000
BATCH = 5000
# From this many rows on, a table's indexes are made after the load, not during it.
BIG_LOAD = 50_000
DEMO_KEY_NAME = "car-share demo"

MODELS = [
    # model, type, propulsion, seats, price per 10 min, price per km, range km
    ("Hyundai Ioniq 5", Vehicle.Type.MID_SIZE, Vehicle.Propulsion.ELECTRIC, 5, 2400, 200, 450),
    ("Kia Ray EV", Vehicle.Type.COMPACT, Vehicle.Propulsion.ELECTRIC, 4, 1500, 170, 200),
    ("Kia Niro EV", Vehicle.Type.SUV, Vehicle.Propulsion.ELECTRIC, 5, 2200, 190, 400),
    ("Hyundai Avante Hybrid", Vehicle.Type.MID_SIZE, Vehicle.Propulsion.HYBRID, 5, 2000, 180, 800),
    ("Kia Morning", Vehicle.Type.COMPACT, Vehicle.Propulsion.COMBUSTION, 4, 1300, 160, 500),
    ("Hyundai Tucson", Vehicle.Type.SUV, Vehicle.Propulsion.COMBUSTION, 5, 2600, 210, 650),
    ("Hyundai Staria", Vehicle.Type.VAN, Vehicle.Propulsion.COMBUSTION, 9, 3500, 250, 600),
]
PLATE_LETTERS = "하허호"
LOT_KINDS = [("공영주차장", "Public Car Park"), ("환승주차장", "Park and Ride"), ("노외주차장", "Off-street Car Park")]


def seed(scale, rng):
    # Each row draws from its own generator, named after the row, so a second run (which skips the rows
    # already there) makes exactly the same choices for the rest.
    base = rng.getrandbits(32)

    def rng_for(name):
        return random.Random(f"{base}-{name}")

    operators = list(Organisation.objects.filter(slug__in=OPERATOR_SLUGS).order_by("slug"))
    if not operators:
        return "no car-share operators (run the hub seed first)"
    today = timezone.localdate()
    lots = _lots(scale, rng_for)
    _allocations(lots, operators, rng_for, today)
    new_cars = _vehicles(rng_for)
    members = _members(scale, rng_for, today)
    bookings, trips = _bookings(new_cars, members, rng_for)
    key_note = _demo_key(operators[0])
    photos = add_demo_photos(
        VehiclePhoto,
        "vehicle",
        Vehicle.objects.all(),
        "car",
        lambda car, n: f"{car.model_name} 나눔카 옆모습, 공영주차장에 세워져 있음",
        per=1,
    )
    return (
        f"{ParkingLot.objects.count()} lots, {Vehicle.objects.count()} cars, {Membership.objects.count()} members, "
        f"{bookings} new bookings, {trips} new trips, {photos} photos{key_note}"
    )


def _lots(scale, rng_for):
    districts = list(District.objects.order_by("code"))
    existing = set(ParkingLot.objects.values_list("slug", flat=True))
    new = []
    # At least one lot in every district, so each district's search finds cars.
    for n in range(max(len(districts), LOTS_PER_SCALE * scale)):
        slug = f"carshare-lot-{n:04d}"
        if slug in existing:
            continue
        rng = rng_for(slug)
        district = districts[n % len(districts)]
        number = n // len(districts) + 1
        kind, kind_en = LOT_KINDS[n % len(LOT_KINDS)]
        jitter_lat, jitter_lon = Decimal(rng.randint(-150, 150)) / 10000, Decimal(rng.randint(-150, 150)) / 10000
        always_open = rng.random() < 0.7
        new.append(
            ParkingLot(
                slug=slug,
                name=f"{district.name} 제{number} {kind}",
                name_en=f"{district.name_en} {kind_en} {number}",
                district=district,
                address=f"서울특별시 {district.name} 나눔로 {10 + n}",
                latitude=district.latitude + jitter_lat,
                longitude=district.longitude + jitter_lon,
                total_spaces=rng.randint(20, 120),
                opens_at=None if always_open else time(6, 0),
                closes_at=None if always_open else time(23, 50),
                ev_charging=rng.random() < 0.6,
            )
        )
    ParkingLot.objects.bulk_create(new, batch_size=BATCH)
    return list(ParkingLot.objects.filter(slug__startswith="carshare-lot-").order_by("slug"))


def _allocations(lots, operators, rng_for, today):
    rows = []
    for lot in lots:
        rng = rng_for(f"allocations-{lot.slug}")
        for operator in rng.sample(operators, k=rng.randint(1, len(operators))):
            rows.append(
                SpaceAllocation(
                    lot=lot,
                    operator=operator,
                    spaces=rng.randint(2, 5),
                    permit_start=date(today.year - 1, 1, 1),
                    permit_end=date(today.year + 2, 12, 31),
                )
            )
    SpaceAllocation.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)


def _vehicles(rng_for):
    """Fill each allocation but one space with cars; returns the cars made now (without bookings yet)."""
    existing = set(Vehicle.objects.values_list("plate_number", flat=True))
    count = Vehicle.objects.count()
    rows = []
    allocations = SpaceAllocation.objects.filter(lot__slug__startswith="carshare-lot-").order_by(
        "lot__slug", "operator"
    )
    based = {}
    for lot_id, operator_id in Vehicle.objects.home_based().values_list("home_lot_id", "operator_id"):
        based[(lot_id, operator_id)] = based.get((lot_id, operator_id), 0) + 1
    for allocation in allocations:
        for _ in range(allocation.spaces - 1 - based.get((allocation.lot_id, allocation.operator_id), 0)):
            plate = f"{10 + count // 9000}{PLATE_LETTERS[count % 3]}{1000 + count % 9000}"
            count += 1
            if plate in existing:
                continue
            rng = rng_for(plate)
            model, kind, propulsion, seats, per_10, per_km, range_km = rng.choice(MODELS)
            rows.append(
                Vehicle(
                    operator_id=allocation.operator_id,
                    home_lot_id=allocation.lot_id,
                    plate_number=plate,
                    model_name=model,
                    vehicle_type=kind,
                    propulsion=propulsion,
                    seats=seats,
                    price_per_10_min=per_10,
                    price_per_km=per_km,
                    range_km=range_km,
                    status=Vehicle.Status.MAINTENANCE if rng.random() < 0.03 else Vehicle.Status.ACTIVE,
                )
            )
    Vehicle.objects.bulk_create(rows, batch_size=BATCH)
    has_bookings = Booking.objects.filter(vehicle=OuterRef("pk"))
    return list(Vehicle.objects.exclude(Exists(has_bookings)).order_by("pk"))


def _members(scale, rng_for, today):
    """Half a million members at Seoul's scale, loaded with COPY (sharingcity/bulk.py)."""
    password = make_password(None)
    wanted = MEMBERS_PER_SCALE * scale
    existing = set(User.objects.filter(email__endswith="@members.sharing.example").values_list("email", flat=True))
    copy_rows(
        User,
        (
            {"email": f"member{n:06d}@members.sharing.example", "full_name": f"나눔 회원 {n}", "password": password}
            for n in range(wanted)
            if f"member{n:06d}@members.sharing.example" not in existing
        ),
    )
    joined = Membership.objects.filter(user=OuterRef("pk"))
    without = User.objects.filter(email__endswith="@members.sharing.example").exclude(Exists(joined)).order_by("email")
    fernet, now = _fernet(), timezone.now()

    # Read first, then load: a cursor still open on the users would rescan every membership row copied meanwhile.
    waiting = list(without.values_list("pk", "email"))

    def rows():
        for pk, email in waiting:
            n = int(email[6:12])
            rng = rng_for(email)
            row = {
                "user_id": pk,
                "licence_class": rng.choice(Membership.LicenceClass.values[1:3]),
                "licence_issued_on": today - timedelta(days=rng.randint(400, 7000)),
                "licence_expires_on": today + timedelta(days=rng.randint(60, 3000)),
                "date_of_birth": date(rng.randint(1960, 2001), rng.randint(1, 12), rng.randint(1, 28)),
                "verified_at": now if rng.random() < 0.9 else None,
            }
            digits = normalise_licence_number(f"{11 + n % 15:02d}{n // 10000 % 100:02d}{n:06d}{n % 100:02d}")
            row["licence_number_encrypted"] = fernet.encrypt(digits.encode()).decode()
            row["licence_fingerprint"] = licence_fingerprint(digits)
            row["licence_last_digits"] = digits[-2:]
            yield row

    copy_rows(Membership, rows())
    _demo_citizen(today)
    return list(Membership.objects.filter(verified_at__isnull=False).values_list("pk", flat=True).order_by("pk"))


def _demo_citizen(today):
    """citizen@sharing.example is a verified member, so the demo can book at once; student@ can join."""
    citizen = User.objects.filter(email="citizen@sharing.example").first()
    if citizen is None or Membership.objects.filter(user=citizen).exists():
        return
    member = Membership(
        user=citizen,
        licence_class=Membership.LicenceClass.CLASS_2_ORDINARY,
        licence_issued_on=date(2012, 6, 1),
        licence_expires_on=today + timedelta(days=5 * 365),
        date_of_birth=date(1988, 3, 14),
        verified_at=timezone.now(),
    )
    member.set_licence_number("99-12-000001-01")
    member.save()


def _bookings(cars, members, rng_for):
    """A year of past trips and a few upcoming reservations for each new car, never overlapping; about
    one booking in 500 is citizen@'s, so the demo account has a year of history. Loaded with COPY."""
    if not members:
        return 0, 0
    demo = Membership.objects.filter(user__email="citizen@sharing.example").values_list("pk", flat=True).first()
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    bookings, finished = [], {}
    for car in cars:
        rng = rng_for(f"bookings-{car.plate_number}")
        day = now - timedelta(days=365)
        while True:
            day += timedelta(days=rng.randint(3, 8))
            start = day.replace(hour=rng.randint(7, 18), minute=rng.choice([0, 30]))
            end = start + timedelta(minutes=30 * rng.randint(1, 12))
            if end >= now:
                break
            roll = rng.random()
            status = (
                Booking.Status.RETURNED
                if roll < 0.9
                else Booking.Status.CANCELLED
                if roll < 0.97
                else Booking.Status.NO_SHOW
            )
            member = rng.choice(members)
            booking = {
                "vehicle_id": car.pk,
                "member_id": demo if demo and rng.random() < 0.002 else member,
                "period": DateTimeTZRange(start, end),
                "status": status,
                "estimated_price": pricing.estimate(car, start, end),
            }
            if status == Booking.Status.RETURNED:
                returned = end + timedelta(minutes=rng.choice([-20, -10, 0, 0, 0, 0, 10, 30]))
                distance = rng.randint(3, 120)
                price = pricing.final_price(car, start, end, returned, distance)
                booking["final_price"] = price.total
                finished[(car.pk, start)] = (returned, distance, price)
            bookings.append(booking)
        if rng.random() < 0.4:
            start = now + timedelta(days=rng.randint(1, 5), hours=rng.randint(0, 8))
            end = start + timedelta(hours=rng.randint(1, 4))
            bookings.append(
                {
                    "vehicle_id": car.pk,
                    "member_id": rng.choice(members),
                    "period": DateTimeTZRange(start, end),
                    "status": Booking.Status.RESERVED,
                    "estimated_price": pricing.estimate(car, start, end),
                }
            )
    if len(bookings) < BIG_LOAD:
        copy_rows(Booking, bookings)
    else:
        with indexes_set_aside(Booking):
            copy_rows(Booking, bookings)
    # The trips need the bookings' ids, which COPY does not return: read them back by car and start.
    made = Booking.objects.filter(vehicle_id__in=[car.pk for car in cars], status=Booking.Status.RETURNED)
    ids = {(vehicle, period.lower): pk for vehicle, period, pk in made.values_list("vehicle_id", "period", "pk")}
    odometer = {}

    def trips():
        for (vehicle, start), (returned, distance, price) in finished.items():
            start_km = odometer.get(vehicle, 5000 + vehicle % 40000)
            odometer[vehicle] = start_km + distance
            yield {
                "booking_id": ids[(vehicle, start)],
                "started_at": start,
                "ended_at": returned,
                "odometer_start_km": start_km,
                "odometer_end_km": start_km + distance,
                "energy_level_at_return": rng.randint(15, 95),
                "time_price": price.time_price,
                "distance_price": price.distance_price,
                "late_fee": price.late_fee,
            }

    if len(finished) < BIG_LOAD:
        return len(bookings), copy_rows(Trip, trips())
    with indexes_set_aside(Trip):
        return len(bookings), copy_rows(Trip, trips())


def _demo_key(operator):
    """One API key for the first operator, shown once here (like the admin does), to try the operator API."""
    if PartnerApiKey.objects.filter(organisation=operator, name=DEMO_KEY_NAME).exists():
        return ""
    _row, key = PartnerApiKey.issue(operator, DEMO_KEY_NAME)
    return f"; API key of {operator.slug} (shown once): {key}"
