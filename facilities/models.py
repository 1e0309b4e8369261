"""Public facilities citizens book: rooms and halls, their opening hours, closures and reservations."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField, DateTimeRangeField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.models import Organisation
from sharingcity.booking import TimeRangeBooking, no_overlap_constraint
from sharingcity.models import District, LocalizedNameMixin, LocalizedTextMixin
from sharingcity.uploads import image_extensions, image_size

NO_OVERLAP = "facilities_reservation_no_overlap"


class Amenity(models.TextChoices):
    PROJECTOR = "projector", _("Projector")
    MICROPHONE = "microphone", _("Microphone")
    WIFI = "wifi", _("Wi-Fi")
    WHEELCHAIR = "wheelchair", _("Wheelchair access")
    PARKING = "parking", _("Parking")
    WHITEBOARD = "whiteboard", _("Whiteboard")
    VIDEO = "video", _("Video conferencing")
    KITCHEN = "kitchen", _("Kitchenette")


class FacilityQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def for_list(self):
        return self.select_related("district", "agency")

    def managed_by(self, user):
        """Facilities a member of staff may act on: those of the agencies they belong to."""
        if user.is_superuser:
            return self
        return self.filter(agency__members=user)

    def with_amenities(self, amenities):
        return self.filter(amenities__contains=list(amenities)) if amenities else self

    def free_between(self, start, end):
        """Facilities open, not closed and not booked for all of [start, end)."""
        from facilities.availability import free_between

        return free_between(self, start, end)


class Facility(LocalizedNameMixin, LocalizedTextMixin, models.Model):
    """A room or hall of a public office that citizens may book, with its own booking rules."""

    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("Conference room")
        LECTURE = "lecture", _("Lecture or seminar room")
        AUDITORIUM = "auditorium", _("Auditorium")
        MULTIPURPOSE = "multipurpose", _("Multipurpose hall")
        STUDIO = "studio", _("Studio or practice room")
        OUTDOOR = "outdoor", _("Outdoor space")

    name = models.CharField(_("name (Korean)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True, allow_unicode=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    agency = models.ForeignKey(
        Organisation,
        verbose_name=_("owning agency"),
        on_delete=models.PROTECT,
        related_name="facilities",
        limit_choices_to={"kind": Organisation.Kind.PUBLIC_AGENCY},
    )
    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.PROTECT)
    address = models.CharField(_("address"), max_length=200)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacity (people)"))
    floor_area = models.DecimalField(_("floor area (m²)"), max_digits=7, decimal_places=1, null=True, blank=True)
    amenities = ArrayField(
        models.CharField(max_length=20, choices=Amenity), verbose_name=_("amenities"), default=list, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(
        _("description (English)"), blank=True, help_text=_("Shown on English pages; empty shows the Korean.")
    )
    usage_rules = models.TextField(_("usage rules"), blank=True)
    usage_rules_en = models.TextField(
        _("usage rules (English)"), blank=True, help_text=_("Shown on English pages; empty shows the Korean.")
    )
    fee_per_hour = models.PositiveIntegerField(_("fee per hour (KRW)"), default=0, help_text=_("0 means free."))
    is_published = models.BooleanField(_("published"), default=True)

    # Booking rules; the defaults are the ones Seoul uses for most rooms.
    slot_minutes = models.PositiveSmallIntegerField(_("slot size (minutes)"), default=60)
    min_duration_minutes = models.PositiveSmallIntegerField(_("minimum duration (minutes)"), default=60)
    max_duration_minutes = models.PositiveSmallIntegerField(_("maximum duration (minutes)"), default=240)
    min_days_ahead = models.PositiveSmallIntegerField(_("book at least (days ahead)"), default=5)
    max_days_ahead = models.PositiveSmallIntegerField(_("book at most (days ahead)"), default=90)
    buffer_minutes = models.PositiveSmallIntegerField(_("buffer between bookings (minutes)"), default=0)
    cancel_hours_before = models.PositiveSmallIntegerField(_("cancel at least (hours before)"), default=24)
    max_active_per_citizen = models.PositiveSmallIntegerField(_("active bookings per citizen"), default=3)
    needs_approval = models.BooleanField(_("bookings need staff approval"), default=True)
    open_on_holidays = models.BooleanField(_("open on public holidays"), default=False)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = FacilityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        indexes = [
            models.Index(fields=["is_published", "district", "kind"]),
            models.Index(fields=["is_published", "capacity"]),
            GinIndex(fields=["amenities"], name="facilities_amenities_gin"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="facilities_capacity_positive"),
            models.CheckConstraint(
                condition=Q(slot_minutes__in=[15, 30, 60, 120]), name="facilities_slot_minutes_choice"
            ),
            models.CheckConstraint(
                condition=Q(min_duration_minutes__gte=models.F("slot_minutes"))
                & Q(max_duration_minutes__gte=models.F("min_duration_minutes")),
                name="facilities_duration_bounds",
            ),
            models.CheckConstraint(
                condition=Q(max_days_ahead__gte=models.F("min_days_ahead")), name="facilities_window_bounds"
            ),
            models.CheckConstraint(condition=Q(max_active_per_citizen__gte=1), name="facilities_cap_positive"),
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("facilities:detail", kwargs={"slug": self.slug})

    @property
    def is_free_of_charge(self):
        return self.fee_per_hour == 0

    @property
    def amenity_labels(self):
        labels = dict(Amenity.choices)
        return [labels.get(value, value) for value in self.amenities]


class OpeningPeriod(models.Model):
    """One period the facility is open on a weekday; a day may have several (morning, evening)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="opening_periods")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("opening period")
        verbose_name_plural = _("opening hours")
        indexes = [models.Index(fields=["facility", "weekday"])]
        constraints = [
            models.CheckConstraint(condition=Q(opens__lt=models.F("closes")), name="facilities_opens_before_closes"),
            models.CheckConstraint(condition=Q(weekday__gte=0, weekday__lte=6), name="facilities_weekday_range"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Closure(models.Model):
    """Staff close a facility for a day or a few hours (elections, repairs), with the reason citizens see."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="closures")
    period = DateTimeRangeField(_("closed"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        ordering = ["period"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        indexes = [models.Index(fields=["facility"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(period__isempty=False) & Q(period__lower_inf=False) & Q(period__upper_inf=False),
                name="facilities_closure_bounded",
            ),
        ]

    def __str__(self):
        return self.reason


class Photo(models.Model):
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("image"), upload_to="facilities/", validators=[image_extensions, image_size])
    caption = models.CharField(
        _("caption"), max_length=200, help_text=_("Describe the photo for people who cannot see it.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.caption


class ReservationSeries(models.Model):
    """A weekly booking at the same time for up to 12 weeks; its occurrences are reservations."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="series")
    citizen = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="facility_series")
    weeks = models.PositiveSmallIntegerField(_("weeks"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("weekly series")
        verbose_name_plural = _("weekly series")
        constraints = [
            models.CheckConstraint(condition=Q(weeks__gte=1, weeks__lte=12), name="facilities_series_weeks_range")
        ]

    def __str__(self):
        return f"{self.facility} × {self.weeks}"


class ReservationQuerySet(models.QuerySet):
    def holding(self):
        return self.filter(status__in=Reservation.HOLDING)

    def active(self):
        return self.filter(status__in=[Reservation.Status.REQUESTED, Reservation.Status.CONFIRMED])

    def upcoming(self, now=None):
        return self.filter(period__endswith__gt=now or timezone.now())

    def past(self, now=None):
        return self.filter(period__endswith__lte=now or timezone.now())

    def of_citizen(self, user):
        return self.filter(citizen=user)

    def managed_by(self, user):
        if user.is_superuser:
            return self
        return self.filter(facility__agency__members=user)

    def for_list(self):
        return self.select_related("facility", "facility__district", "facility__agency", "citizen")

    def overlapping(self, start, end):
        return self.filter(period__overlap=(start, end))


class Reservation(TimeRangeBooking):
    """A citizen's booking of a facility (or a staff block), holding its slot while requested or confirmed."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for approval")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Completed")
        NO_SHOW = "no_show", _("No-show")
        BLOCKED = "blocked", _("Blocked by staff")

    HOLDING = [Status.REQUESTED, Status.CONFIRMED, Status.BLOCKED]

    facility = models.ForeignKey(
        Facility, verbose_name=_("facility"), on_delete=models.PROTECT, related_name="reservations"
    )
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("citizen"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="facility_reservations",
    )
    series = models.ForeignKey(
        ReservationSeries,
        verbose_name=_("weekly series"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="occurrences",
    )
    # The period plus the facility's buffer after it: what the exclusion constraint keeps apart.
    held_period = DateTimeRangeField(_("held time"))
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.REQUESTED)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    group_name = models.CharField(_("group name"), max_length=120, blank=True)
    attendees = models.PositiveIntegerField(_("number of attendees"), default=1)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    unit_price = models.PositiveIntegerField(_("price per hour (KRW)"), default=0)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2, default=Decimal("0"))
    total_price = models.PositiveIntegerField(_("total price (KRW)"), default=0)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why it was rejected, cancelled by staff or blocked.")
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    objects = ReservationQuerySet.as_manager()

    class Meta(TimeRangeBooking.Meta):
        ordering = ["period"]
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        indexes = [
            models.Index(fields=["citizen", "status"]),
            models.Index(fields=["status", "facility"]),
            models.Index(fields=["series"]),
            # The approval queue, reminders and exports sort and filter by the start of the period.
            models.Index(Lower("period"), name="facilities_res_start_idx"),
            models.Index("status", Lower("period"), name="facilities_res_status_start"),
        ]
        constraints = [
            *TimeRangeBooking.Meta.constraints,
            no_overlap_constraint(
                NO_OVERLAP, "facility", ["requested", "confirmed", "blocked"], expression="held_period"
            ),
            models.CheckConstraint(condition=Q(attendees__gte=1), name="facilities_reservation_attendees_positive"),
            models.CheckConstraint(
                condition=Q(status="blocked") | Q(citizen__isnull=False), name="facilities_reservation_has_citizen"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["rejected", "blocked"]) | ~Q(reason=""),
                name="facilities_reservation_reason_required",
            ),
        ]

    def __str__(self):
        local = timezone.localtime(self.start) if self.start else None
        when = f"{local:%Y-%m-%d %H:%M}" if local else ""
        return f"{self.facility} {when}"

    def get_absolute_url(self):
        return reverse("facilities:reservation-detail", kwargs={"pk": self.pk})

    @property
    def is_holding(self):
        return self.status in self.HOLDING

    def cancel_deadline(self):
        return self.start - timedelta(hours=self.facility.cancel_hours_before)


class BlockedPeriod(Reservation):
    """Staff blocks (maintenance, official use) are reservations with status blocked, shown on their own."""

    class Meta:
        proxy = True
        verbose_name = _("blocked period")
        verbose_name_plural = _("blocked periods")
