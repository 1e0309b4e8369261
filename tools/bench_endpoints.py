"""What `make bench` drives: each programme's main pages and API lists, anonymous and signed in, and the
queries whose plans it prints. Paths are worked out from the database being measured (its first
facility, lot, room, ...), so the same list fits every scale. The accessibility check visits the pages too."""

from dataclasses import asdict, dataclass
from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

# Demo accounts (sharingcity/seed.py): a citizen with a year of history in every programme and a
# verified student, so the signed-in pages show what a regular user sees.
CITIZEN = "citizen@sharing.example"
STUDENT = "student@sharing.example"
HUB_QUERY = "공유"
# A narrower Korean word (one kind of service in sixteen), which the GIN index answers.
HUB_NARROW = "냉장고"


@dataclass
class Endpoint:
    key: str
    label: str
    path: str
    user: str | None = None  # the account whose session cookie the requests carry
    feed: bool = False  # a GBFS feed: measured here, its caching belongs to the feed

    def as_dict(self):
        return asdict(self)


def next_tuesday():
    """The demo search's day: the first Tuesday at least five days ahead (inside every booking window)."""
    today = timezone.localdate()
    tuesday = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    while tuesday < today + timedelta(days=5):
        tuesday += timedelta(weeks=1)
    return tuesday


def hub():
    from hub.models import Service

    service = Service.objects.published().order_by("pk").only("slug").first()
    yield Endpoint("hub-search", "Hub search (Korean)", reverse("hub:service-list") + "?q=%EA%B3%B5%EC%9C%A0")
    yield Endpoint("api-services", "API: services", "/api/v1/services/")
    if service:
        yield Endpoint("hub-service", "Hub service page", service.get_absolute_url())


def facilities():
    from facilities.models import Facility

    day = next_tuesday().isoformat()
    search = f"{reverse('facilities:search')}?district=mapo-gu&capacity=20&date={day}&time_from=14:00&time_to=16:00"
    yield Endpoint("facility-search", "Facility search: free next Tuesday 14-16 in Mapo-gu for 20", search)
    yield Endpoint(
        "api-facilities-free",
        "API: facilities free at a time",
        f"/api/v1/facilities/?free_from={day}T14:00:00%2B09:00&free_to={day}T16:00:00%2B09:00",
    )
    facility = Facility.objects.published().order_by("pk").only("slug").first()
    if facility:
        page = f"{facility.get_absolute_url()}?week={day}"
        yield Endpoint("facility-week", "Facility page with its week grid", page)
        availability = f"/api/v1/facilities/{facility.pk}/availability/"
        yield Endpoint("api-availability", "API: a week of free slots", availability)
        yield Endpoint("facility-week-signed-in", "Facility page, signed in", page, user=CITIZEN)
        book = reverse("facilities:book", kwargs={"slug": facility.slug})
        yield Endpoint(
            "facility-book",
            "Facility booking form, signed in",
            f"{book}?date={day}&start_time=14:00&end_time=16:00",
            user=CITIZEN,
        )


def carshare():
    from carshare.models import ParkingLot, Vehicle

    tomorrow = timezone.localdate() + timedelta(days=1)
    start = datetime.combine(tomorrow, time(18)).strftime("%Y-%m-%dT%H:%M")
    end = datetime.combine(tomorrow, time(20)).strftime("%Y-%m-%dT%H:%M")
    yield Endpoint(
        "car-search",
        "Car search: electric, Mapo-gu, tomorrow 18-20",
        f"{reverse('carshare:find-car')}?district=mapo-gu&start={start}&end={end}&electric=on",
    )
    yield Endpoint("gbfs-station-status", "GBFS station_status", reverse("gbfs:station_status"), feed=True)
    yield Endpoint("gbfs3-station-status", "GBFS 3.0 station_status", reverse("gbfs:v3:station_status"), feed=True)
    yield Endpoint(
        "gbfs-vehicle-availability",
        "GBFS 3.1-RC3 vehicle_availability",
        reverse("gbfs:v3_1_rc3:vehicle_availability"),
        feed=True,
    )
    yield Endpoint("api-lots", "API: parking lots", "/api/v1/carshare/lots/")
    lot = ParkingLot.objects.order_by("pk").only("slug").first()
    if lot:
        yield Endpoint("lot-page", "Parking lot page", lot.get_absolute_url())
    car = Vehicle.objects.bookable().order_by("pk").only("pk").first()
    if car:
        yield Endpoint(
            "car-book",
            "Car booking page, signed in",
            f"{reverse('carshare:book', kwargs={'pk': car.pk})}?start={start}&end={end}",
            user=CITIZEN,
        )


def roomshare():
    from roomshare.models import Room

    rooms = f"{reverse('roomshare:room-list')}?district=nowon-gu"
    yield Endpoint("room-list", "Room sharing: rooms in Nowon-gu", rooms)
    yield Endpoint("api-rooms", "API: rooms", "/api/v1/roomshare/rooms/")
    room = Room.objects.listed().order_by("pk").only("pk").first()
    if room:
        yield Endpoint("room-page", "Room page", room.get_absolute_url())
    # The application form: a room in the student's own district (see roomshare/seed.py).
    mine = Room.objects.listed().filter(host__district__slug="nowon-gu").order_by("pk").only("pk").first()
    if mine:
        yield Endpoint("room-apply", "Room-share application page, signed in", mine.get_absolute_url(), user=STUDENT)


def endpoints():
    found = [
        Endpoint("home", "Home page", "/"),
        Endpoint("my-page", "My page with a year of history, signed in", reverse("my-page"), user=CITIZEN),
    ]
    for programme in (hub, facilities, carshare, roomshare):
        found.extend(programme())
    return found


def public_pages():
    """The anonymous pages among the endpoints (for the accessibility check)."""
    return [e.path for e in endpoints() if e.user is None and not e.path.startswith(("/api/", "/gbfs/"))]


def hub_search_queryset():
    from hub.models import Service

    return Service.objects.published().search(HUB_QUERY)


def facility_search_queryset():
    from facilities.availability import SEOUL
    from facilities.models import Facility

    day = next_tuesday()
    start = datetime.combine(day, time(14), tzinfo=SEOUL)
    end = datetime.combine(day, time(16), tzinfo=SEOUL)
    return Facility.objects.published().filter(district__slug="mapo-gu", capacity__gte=20).free_between(start, end)
