"""Car sharing: public parking lots, the operators' cars parked there, members, bookings and trips."""

import base64
import hashlib
import hmac
from datetime import date

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hub.models import Organisation
from sharingcity.ages import age_on
from sharingcity.booking import TimeRangeBooking, no_overlap_constraint
from sharingcity.geo import earth_index
from sharingcity.models import District, LocalizedNameMixin
from sharingcity.photos import Photo

# A car is booked once at a time (every programme names its exclusion constraint NO_OVERLAP).
NO_OVERLAP = "carshare_booking_no_overlap"
PLATE_REGISTERED_ONCE = "carshare_vehicle_plate_number_unique"
LICENCE_REGISTERED_ONCE = "carshare_membership_licence_once"
# Raised by the trigger of migration 0002 (and 0003, which names it) when a lot would hold more of an
# operator's cars than its allocated spaces.
VEHICLE_WITHIN_ALLOCATION = "carshare_vehicle_within_allocation"


class ParkingLotQuerySet(models.QuerySet):
    def with_car_counts(self, at=None):
        """Each lot with its active cars, and how many of them are free right now (or at `at`)."""
        at = at or timezone.now()
        busy = Booking.objects.holding().filter(vehicle=OuterRef("pk"), period__contains=at)
        active = Vehicle.objects.filter(home_lot=OuterRef("pk"), status=Vehicle.Status.ACTIVE)

        def count(queryset):
            counted = queryset.order_by().values("home_lot").annotate(n=Count("pk")).values("n")
            return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)

        return self.annotate(active_cars=count(active), free_cars=count(active.exclude(Exists(busy))))


class ParkingLot(LocalizedNameMixin, models.Model):
    """A public parking lot where the city gives operators spaces for their shared cars."""

    name = models.CharField(_("name (Korean)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="+")
    address = models.CharField(_("address"), max_length=200)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    total_spaces = models.PositiveIntegerField(_("total spaces"))
    opens_at = models.TimeField(_("opens at"), null=True, blank=True, help_text=_("Leave both empty if always open."))
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    ev_charging = models.BooleanField(_("EV charging available"), default=False)

    objects = ParkingLotQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("parking lot")
        verbose_name_plural = _("parking lots")
        indexes = [models.Index(fields=["district", "name"]), earth_index("carshare_lot_earth")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(opens_at__isnull=True) & Q(closes_at__isnull=True))
                | (Q(opens_at__isnull=False) & Q(closes_at__isnull=False) & Q(opens_at__lt=models.F("closes_at"))),
                name="carshare_lot_opening_hours_valid",
                violation_error_message=_("Give both opening and closing time (opening first), or neither."),
            ),
            models.CheckConstraint(condition=Q(total_spaces__gte=1), name="carshare_lot_has_spaces"),
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("carshare:lot-detail", kwargs={"slug": self.slug})

    @property
    def always_open(self):
        return self.opens_at is None

    def is_open_at(self, moment) -> bool:
        if self.always_open:
            return True
        local = timezone.localtime(moment).time()
        return self.opens_at <= local <= self.closes_at


class SpaceAllocationQuerySet(models.QuerySet):
    def in_force(self, on=None):
        on = on or timezone.localdate()
        return self.filter(permit_start__lte=on, permit_end__gte=on)


class SpaceAllocation(models.Model):
    """Spaces of a lot the city lets one operator use, under a permit with start and end dates."""

    lot = models.ForeignKey(
        ParkingLot, verbose_name=_("parking lot"), on_delete=models.CASCADE, related_name="allocations"
    )
    operator = models.ForeignKey(
        Organisation,
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        related_name="carshare_allocations",
        limit_choices_to={"kind": Organisation.Kind.BUSINESS},
    )
    spaces = models.PositiveIntegerField(_("allocated spaces"))
    permit_start = models.DateField(_("permit start"))
    permit_end = models.DateField(_("permit end"))

    objects = SpaceAllocationQuerySet.as_manager()

    class Meta:
        ordering = ["lot", "operator"]
        verbose_name = _("space allocation")
        verbose_name_plural = _("space allocations")
        constraints = [
            models.UniqueConstraint(
                fields=["lot", "operator"],
                name="carshare_one_allocation_per_operator_and_lot",
                violation_error_message=_("This operator already has an allocation at this lot; change that one."),
            ),
            models.CheckConstraint(
                condition=Q(permit_end__gte=models.F("permit_start")),
                name="carshare_allocation_permit_dates_in_order",
                violation_error_message=_("The permit cannot end before it starts."),
            ),
            models.CheckConstraint(condition=Q(spaces__gte=1), name="carshare_allocation_has_spaces"),
        ]

    def __str__(self):
        return f"{self.lot} · {self.operator} · {self.spaces}"


class VehicleQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("operator", "home_lot", "home_lot__district")

    def bookable(self):
        return self.filter(status=Vehicle.Status.ACTIVE)

    def free_between(self, start, end):
        """Cars with no reserved or in-use booking overlapping [start, end)."""
        taken = Booking.objects.holding().filter(vehicle=OuterRef("pk"), period__overlap=(start, end))
        return self.exclude(Exists(taken))

    def home_based(self):
        """Cars that take up a space at their home lot (retired cars have left it)."""
        return self.exclude(status=Vehicle.Status.RETIRED)


class Vehicle(models.Model):
    """An operator's car, based at a lot and returned there after each trip (round trip)."""

    class Type(models.TextChoices):
        COMPACT = "compact", _("Compact")
        MID_SIZE = "mid_size", _("Mid-size")
        SUV = "suv", _("SUV")
        VAN = "van", _("Van")

    class Propulsion(models.TextChoices):
        ELECTRIC = "electric", _("Electric")
        HYBRID = "hybrid", _("Hybrid")
        COMBUSTION = "combustion", _("Combustion")

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("vehicle status", "Active")
        MAINTENANCE = "maintenance", _("In maintenance")
        RETIRED = "retired", _("Retired")

    operator = models.ForeignKey(
        Organisation, verbose_name=_("operator"), on_delete=models.PROTECT, related_name="carshare_vehicles"
    )
    home_lot = models.ForeignKey(
        ParkingLot, verbose_name=_("home lot"), on_delete=models.PROTECT, related_name="vehicles"
    )
    plate_number = models.CharField(_("plate number"), max_length=20)
    model_name = models.CharField(_("model"), max_length=80)
    vehicle_type = models.CharField(_("vehicle type"), max_length=10, choices=Type, db_index=True)
    propulsion = models.CharField(_("propulsion"), max_length=12, choices=Propulsion, db_index=True)
    seats = models.PositiveSmallIntegerField(_("seats"))
    price_per_10_min = models.PositiveIntegerField(_("price per 10 minutes (KRW)"))
    price_per_km = models.PositiveIntegerField(_("price per km (KRW)"))
    range_km = models.PositiveIntegerField(_("range on a full battery or tank (km)"), default=400)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.ACTIVE, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = VehicleQuerySet.as_manager()

    class Meta:
        ordering = ["home_lot", "plate_number"]
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        indexes = [models.Index(fields=["home_lot", "status"]), models.Index(fields=["operator", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["plate_number"],
                name=PLATE_REGISTERED_ONCE,
                violation_error_message=_("A car with this plate number is already registered."),
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=1) & Q(seats__lte=15),
                name="carshare_vehicle_seats_range",
                violation_error_message=_("A shared car has between 1 and 15 seats."),
            ),
        ]

    def __str__(self):
        return f"{self.model_name} ({self.plate_number})"

    def get_absolute_url(self):
        return reverse("carshare:book", kwargs={"pk": self.pk})

    @property
    def is_electric(self):
        return self.propulsion == self.Propulsion.ELECTRIC


def _fernet() -> Fernet:
    key = hashlib.sha256(("carshare-licence:" + settings.SECRET_KEY).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def normalise_licence_number(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def licence_fingerprint(number: str) -> str:
    """A keyed hash: finds a licence already in use without storing the number in the clear."""
    return hmac.new(settings.SECRET_KEY.encode(), normalise_licence_number(number).encode(), "sha256").hexdigest()


class VehiclePhoto(Photo):
    vehicle = models.ForeignKey(Vehicle, verbose_name=_("car"), on_delete=models.CASCADE, related_name="photos")

    class Meta(Photo.Meta):
        verbose_name = _("photo of the car")
        verbose_name_plural = _("photos of the car")


class MembershipQuerySet(models.QuerySet):
    def awaiting_verification(self):
        return self.filter(verified_at__isnull=True)


class Membership(models.Model):
    """A citizen's car-share membership: their driving licence, and who verified it."""

    class LicenceClass(models.TextChoices):
        CLASS_1_LARGE = "1_large", _("Class 1 large")
        CLASS_1_ORDINARY = "1_ordinary", _("Class 1 ordinary")
        CLASS_2_ORDINARY = "2_ordinary", _("Class 2 ordinary")
        CLASS_2_SMALL = "2_small", _("Class 2 small")

    MINIMUM_AGE = 21
    MINIMUM_YEARS_LICENSED = 1

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("citizen"),
        on_delete=models.CASCADE,
        related_name="carshare_membership",
    )
    licence_class = models.CharField(_("licence class"), max_length=12, choices=LicenceClass)
    # The number itself is kept encrypted (readable by staff only through `licence_number`) and
    # fingerprinted (one membership per licence); pages show the masked form.
    licence_number_encrypted = models.TextField(_("licence number (encrypted)"), editable=False)
    licence_fingerprint = models.CharField(max_length=64, editable=False)
    licence_last_digits = models.CharField(max_length=2, editable=False)
    licence_issued_on = models.DateField(_("licence first issued on"))
    licence_expires_on = models.DateField(_("licence expires on"))
    date_of_birth = models.DateField(_("date of birth"))
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)
    verified_at = models.DateTimeField(
        pgettext_lazy("licence check", "verified at"), null=True, blank=True, db_index=True
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by (staff)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_by_operator = models.ForeignKey(
        Organisation,
        verbose_name=_("verified by (operator)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["-joined_at"]
        verbose_name = _("member")
        verbose_name_plural = pgettext_lazy("car-share membership", "members")
        constraints = [models.UniqueConstraint(fields=["licence_fingerprint"], name=LICENCE_REGISTERED_ONCE)]

    def __str__(self):
        return f"{self.user} · {self.masked_licence_number}"

    def set_licence_number(self, number: str):
        digits = normalise_licence_number(number)
        self.licence_number_encrypted = _fernet().encrypt(digits.encode()).decode()
        self.licence_fingerprint = licence_fingerprint(digits)
        self.licence_last_digits = digits[-2:]

    @property
    def licence_number(self) -> str:
        return _fernet().decrypt(self.licence_number_encrypted.encode()).decode()

    @property
    def masked_licence_number(self) -> str:
        return f"**-**-******-{self.licence_last_digits}"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    def age_on(self, day: date) -> int:
        return age_on(self.date_of_birth, day)


class BookingQuerySet(models.QuerySet):
    def holding(self):
        return self.filter(status__in=Booking.HOLDING)

    def for_list(self):
        return self.select_related("vehicle", "vehicle__home_lot", "vehicle__operator", "member__user", "trip")

    def of_operator(self, operator):
        return self.filter(vehicle__operator=operator)

    def of_holder(self, user):
        return self.filter(member__user=user)


class Booking(TimeRangeBooking):
    """A member's booking of a car, picked up and returned at its home lot."""

    class Status(models.TextChoices):
        RESERVED = "reserved", _("Reserved")
        IN_USE = "in_use", _("In use")
        RETURNED = "returned", _("Returned")
        CANCELLED = "cancelled", pgettext_lazy("car booking status", "Cancelled")
        NO_SHOW = "no_show", pgettext_lazy("car booking status", "No-show")

    HOLDING = [Status.RESERVED, Status.IN_USE]

    vehicle = models.ForeignKey(Vehicle, verbose_name=_("vehicle"), on_delete=models.PROTECT, related_name="bookings")
    member = models.ForeignKey(Membership, verbose_name=_("member"), on_delete=models.PROTECT, related_name="bookings")
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.RESERVED, db_index=True)
    estimated_price = models.PositiveIntegerField(_("estimated price (KRW)"))
    final_price = models.PositiveIntegerField(_("final price (KRW)"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta(TimeRangeBooking.Meta):
        ordering = ["-period"]
        verbose_name = _("car booking")
        verbose_name_plural = _("car bookings")
        indexes = [models.Index(fields=["member", "status"])]
        constraints = [
            *TimeRangeBooking.Meta.constraints,
            no_overlap_constraint(NO_OVERLAP, "vehicle", ["reserved", "in_use"]),
            models.CheckConstraint(
                condition=Q(final_price__isnull=True) | Q(status="returned"),
                name="carshare_booking_final_price_only_when_returned",
            ),
        ]

    def __str__(self):
        start = timezone.localtime(self.start) if self.start else None
        return f"{self.vehicle} · {start:%Y-%m-%d %H:%M}" if start else str(self.vehicle)

    @property
    def can_be_cancelled(self):
        return self.status == self.Status.RESERVED and self.start > timezone.now()


class Trip(models.Model):
    """What happened on a booking, as the operator reports it: times, odometer, energy left."""

    booking = models.OneToOneField(Booking, verbose_name=_("booking"), on_delete=models.PROTECT, related_name="trip")
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    odometer_start_km = models.PositiveIntegerField(_("odometer at start (km)"))
    odometer_end_km = models.PositiveIntegerField(_("odometer at end (km)"), null=True, blank=True)
    energy_level_at_return = models.PositiveSmallIntegerField(
        _("battery or fuel at return (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    time_price = models.PositiveIntegerField(_("time price (KRW)"), null=True, blank=True)
    distance_price = models.PositiveIntegerField(_("distance price (KRW)"), null=True, blank=True)
    late_fee = models.PositiveIntegerField(_("late-return fee (KRW)"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("trip")
        verbose_name_plural = _("trips")
        indexes = [models.Index(fields=["started_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(odometer_end_km__isnull=True) | Q(odometer_end_km__gte=models.F("odometer_start_km")),
                name="carshare_trip_odometer_forward",
                violation_error_message=_("The odometer at the end cannot be below the odometer at the start."),
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="carshare_trip_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(energy_level_at_return__isnull=True) | Q(energy_level_at_return__lte=100),
                name="carshare_trip_energy_is_percentage",
            ),
        ]

    def __str__(self):
        return str(self.booking)

    @property
    def distance_km(self):
        if self.odometer_end_km is None:
            return None
        return self.odometer_end_km - self.odometer_start_km
