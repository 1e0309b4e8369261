"""Public facilities citizens book: rooms and halls, their opening hours, closures and reservations."""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField, DateTimeRangeField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.db.models import Q
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hub.models import Organisation
from sharingcity.booking import TimeRangeBooking, no_overlap_constraint
from sharingcity.geo import earth_index
from sharingcity.models import District, LocalizedNameMixin, LocalizedTextMixin, Weekday
from sharingcity.phones import PhoneField
from sharingcity.uploads import image_extensions, image_size

# A facility is booked once at a time, buffer included (every programme names its exclusion constraint NO_OVERLAP).
NO_OVERLAP = "facilities_reservation_no_overlap"
WAITLIST_ONCE = "facilities_waitlist_once_per_citizen"
LOTTERY_ONE_ENTRY = "facilities_lottery_one_entry_per_citizen"


class Amenity(models.TextChoices):
    PROJECTOR = "projector", _("Projector")
    MICROPHONE = "microphone", _("Microphone")
    WIFI = "wifi", _("Wi-Fi")
    PARKING = "parking", _("Parking")
    WHITEBOARD = "whiteboard", _("Whiteboard")
    VIDEO = "video", _("Video conferencing")
    KITCHEN = "kitchen", _("Kitchenette")


class Access(models.TextChoices):
    """What makes a room usable for people with disabilities, as Seoul's public reservation service lists it."""

    STEP_FREE = "step_free", _("Step-free entrance")
    TOILET = "accessible_toilet", _("Accessible toilet")
    HEARING_LOOP = "hearing_loop", _("Hearing loop")
    BRAILLE = "braille", _("Braille signs")
    PARKING = "disabled_parking", _("Disabled parking")


def choice_labels(choices, values):
    """The labels of stored choice values, in their order (a value no longer offered shows as itself)."""
    labels = dict(choices.choices)
    return [labels.get(value, value) for value in values]


class PriceCategory(models.TextChoices):
    """Who pays what: the discount categories of Seoul's public facilities. Each facility sets its own rate
    for the ones it offers; staff check the proof for any but the standard rate."""

    STANDARD = "standard", _("Standard rate")
    RESIDENT = "resident", _("Residents of the district")
    SENIOR = "senior", _("People aged 65 or over")
    DISABILITY = "disability", _("People with disabilities")
    MERIT = "national_merit", _("Persons of national merit")
    MULTI_CHILD = "multi_child", _("Families with three or more children")
    NONPROFIT = "nonprofit", _("Non-profit organisations")


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

    def with_access(self, features):
        return self.filter(accessibility__contains=list(features)) if features else self

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
    accessibility = ArrayField(
        models.CharField(max_length=20, choices=Access), verbose_name=_("accessibility"), default=list, blank=True
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
    # Paid rooms: how long a citizen has to pay once the booking is confirmed, and the refund policy.
    payment_days = models.PositiveSmallIntegerField(_("pay within (days of confirmation)"), default=3)
    full_refund_days = models.PositiveSmallIntegerField(_("full refund up to (days before)"), default=7)
    partial_refund_percent = models.PositiveSmallIntegerField(_("refund after that (%)"), default=50)
    is_published = models.BooleanField(pgettext_lazy("facility", "published"), default=True)

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
            GinIndex(fields=["accessibility"], name="facilities_access_gin"),
            earth_index("facilities_facility_earth"),
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
            models.CheckConstraint(
                condition=Q(partial_refund_percent__lte=100), name="facilities_partial_refund_percent_range"
            ),
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("facilities:detail", kwargs={"slug": self.slug})

    @property
    def is_free_of_charge(self):
        return self.fee_per_hour == 0

    def held_range(self, start, end):
        """What a booking of [start, end) keeps from others: its time plus the buffer after it."""
        return DateTimeTZRange(start, end + timedelta(minutes=self.buffer_minutes))

    def price_of(self, start, end, discount_percent=0):
        """The price snapshot a reservation records, so a later change of fee never changes a booking."""
        hours = (Decimal((end - start).total_seconds()) / Decimal(3600)).quantize(Decimal("0.01"))
        full = self.fee_per_hour * hours * (100 - discount_percent) / 100
        total = full.quantize(Decimal("1"), rounding=ROUND_HALF_UP)
        return {"unit_price": self.fee_per_hour, "hours": hours, "total_price": int(total)}

    @property
    def amenity_labels(self):
        return choice_labels(Amenity, self.amenities)

    @property
    def access_labels(self):
        return choice_labels(Access, self.accessibility)


class OpeningPeriod(models.Model):
    """One period the facility is open on a weekday; a day may have several (morning, evening)."""

    Weekday = Weekday

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


class FacilityRate(models.Model):
    """A discounted rate a facility offers to one price category (the standard rate is its fee)."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="rates")
    category = models.CharField(_("price category"), max_length=20, choices=PriceCategory)
    discount_percent = models.PositiveSmallIntegerField(_("discount (%)"))

    class Meta:
        ordering = ["category"]
        verbose_name = _("discounted rate")
        verbose_name_plural = _("discounted rates")
        constraints = [
            models.UniqueConstraint(fields=["facility", "category"], name="facilities_one_rate_per_category"),
            models.CheckConstraint(
                condition=Q(discount_percent__gte=1, discount_percent__lte=100) & ~Q(category="standard"),
                name="facilities_rate_is_a_discount",
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()} −{self.discount_percent}%"


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

    @property
    def alt_text(self):
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


class ProofStatus(models.TextChoices):
    NOT_NEEDED = "not_needed", _("Not needed (standard rate)")
    TO_CHECK = "to_check", _("To be checked by staff")
    ACCEPTED = "accepted", _("Checked")
    REFUSED = "refused", _("Refused: charged at the standard rate")


class PaymentStatus(models.TextChoices):
    NOT_DUE = "not_due", _("Nothing to pay")
    UNPAID = "unpaid", _("Unpaid")
    PAID = "paid", _("Paid")
    REFUND_DUE = "refund_due", _("Refund due")
    REFUNDED = "refunded", _("Refunded")


class ReservationQuerySet(models.QuerySet):
    def holding(self):
        return self.filter(status__in=Reservation.HOLDING)

    def active(self):
        return self.filter(status__in=[Reservation.Status.REQUESTED, Reservation.Status.CONFIRMED])

    def upcoming(self, now=None):
        return self.filter(period__endswith__gt=now or timezone.now())

    def past(self, now=None):
        return self.filter(period__endswith__lte=now or timezone.now())

    def of_holder(self, user):
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
        REJECTED = "rejected", pgettext_lazy("reservation status", "Rejected")
        CANCELLED = "cancelled", pgettext_lazy("reservation status", "Cancelled")
        COMPLETED = "completed", _("Completed")
        NO_SHOW = "no_show", pgettext_lazy("reservation status", "No-show")
        BLOCKED = "blocked", _("Blocked by staff")
        # Held for the first citizen on the wait list until they accept or the offer runs out.
        OFFERED = "offered", _("Offered from the wait list")
        EXPIRED = "expired", _("Offer not taken up")

    HOLDING = [Status.REQUESTED, Status.CONFIRMED, Status.BLOCKED, Status.OFFERED]

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
    contact_phone = PhoneField(_("contact phone"), blank=True)
    unit_price = models.PositiveIntegerField(_("price per hour (KRW)"), default=0)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2, default=Decimal("0"))
    total_price = models.PositiveIntegerField(_("total price (KRW)"), default=0)
    price_category = models.CharField(
        _("price category"), max_length=20, choices=PriceCategory, default=PriceCategory.STANDARD
    )
    discount_percent = models.PositiveSmallIntegerField(_("discount (%)"), default=0)
    proof_status = models.CharField(
        _("proof of the category"), max_length=10, choices=ProofStatus, default="not_needed"
    )
    proof_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proof checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    payment_status = models.CharField(_("payment"), max_length=10, choices=PaymentStatus, default="not_due")
    payment_due_at = models.DateTimeField(_("pay by"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    payment_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("payment recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    refund_amount = models.PositiveIntegerField(_("refund (KRW)"), default=0)
    refunded_at = models.DateTimeField(_("refunded at"), null=True, blank=True)
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
                NO_OVERLAP, "facility", ["requested", "confirmed", "blocked", "offered"], expression="held_period"
            ),
            models.CheckConstraint(condition=Q(attendees__gte=1), name="facilities_reservation_attendees_positive"),
            models.CheckConstraint(
                condition=Q(status__in=["blocked", "cancelled"]) | Q(citizen__isnull=False),
                name="facilities_reservation_has_citizen",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["rejected", "blocked"]) | ~Q(reason=""),
                name="facilities_reservation_reason_required",
            ),
            models.CheckConstraint(
                condition=Q(discount_percent__lte=100), name="facilities_reservation_discount_range"
            ),
            models.CheckConstraint(
                condition=Q(refund_amount__lte=models.F("total_price")), name="facilities_refund_within_price"
            ),
            models.CheckConstraint(
                condition=~Q(payment_status__in=["paid", "refund_due", "refunded"]) | Q(paid_at__isnull=False),
                name="facilities_payment_recorded",
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


class WaitlistEntryQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=WaitlistEntry.OPEN)

    def of_holder(self, user):
        return self.filter(citizen=user)

    def in_turn(self):
        """First come, first offered."""
        return self.order_by("created_at", "pk")

    def with_position(self):
        """Each waiting entry's place in the queue for its time: 1 + the waiting entries before it that want
        any part of the same time (one subquery, whatever the number of entries)."""
        ahead = (
            WaitlistEntry.objects.filter(
                facility=models.OuterRef("facility"),
                status=WaitlistEntry.Status.WAITING,
                period__overlap=models.OuterRef("period"),
            )
            .filter(
                Q(created_at__lt=models.OuterRef("created_at"))
                | Q(created_at=models.OuterRef("created_at"), pk__lt=models.OuterRef("pk"))
            )
            .order_by()
            .values("facility")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(ahead=Coalesce(models.Subquery(ahead), 0))


class WaitlistEntry(models.Model):
    """A citizen waiting for a taken time of a facility. When the time frees, the first waiting citizen is
    offered it (a reservation held for them until a deadline), then the next if they let it go."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("On the wait list")
        OFFERED = "offered", _("Offered: accept before the deadline")
        BOOKED = "booked", _("Booked")
        DECLINED = "declined", _("Offer declined")
        EXPIRED = "expired", _("Offer expired")
        WITHDRAWN = "withdrawn", _("Left the wait list")
        LAPSED = "lapsed", _("The time has passed")

    OPEN = [Status.WAITING, Status.OFFERED]

    facility = models.ForeignKey(
        Facility, verbose_name=_("facility"), on_delete=models.CASCADE, related_name="waitlist"
    )
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("citizen"), on_delete=models.CASCADE, related_name="facility_waitlist"
    )
    period = DateTimeRangeField(_("wanted time"))
    attendees = models.PositiveIntegerField(_("number of attendees"), default=1)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.WAITING)
    created_at = models.DateTimeField(_("on the wait list since"), default=timezone.now)
    offer = models.OneToOneField(
        Reservation,
        verbose_name=_("offered reservation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="waitlist_entry",
    )
    offer_expires_at = models.DateTimeField(_("accept by"), null=True, blank=True)

    objects = WaitlistEntryQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("wait list entry")
        verbose_name_plural = _("wait list")
        indexes = [
            models.Index(fields=["facility", "status", "created_at"], name="facilities_waitlist_queue"),
            models.Index(fields=["citizen", "status"], name="facilities_waitlist_citizen"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "citizen", "period"],
                condition=Q(status__in=["waiting", "offered"]),
                name=WAITLIST_ONCE,
            ),
            models.CheckConstraint(condition=Q(attendees__gte=1), name="facilities_waitlist_attendees_positive"),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer__isnull=False, offer_expires_at__isnull=False),
                name="facilities_waitlist_offer_has_deadline",
            ),
        ]

    def __str__(self):
        return f"{self.facility} {timezone.localtime(self.period.lower):%Y-%m-%d %H:%M}"

    @property
    def start(self):
        return self.period.lower

    @property
    def end(self):
        return self.period.upper


class Lottery(models.Model):
    """A popular time given by draw. Citizens enter until the draw time; the draw orders the entries at random
    from a seed it records, so anyone can replay it and get the same order. The first is booked, the others
    join the wait list in drawn order. Until the draw a staff block holds the time."""

    class Status(models.TextChoices):
        OPEN = "open", _("Taking entries")
        DRAWN = "drawn", _("Drawn")

    facility = models.ForeignKey(
        Facility, verbose_name=_("facility"), on_delete=models.CASCADE, related_name="lotteries"
    )
    period = DateTimeRangeField(_("time given by draw"))
    draw_at = models.DateTimeField(_("draw time"))
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.OPEN)
    seed = models.CharField(_("seed"), max_length=64, blank=True, help_text=_("Recorded at the draw; replays it."))
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True)
    hold = models.OneToOneField(
        Reservation, verbose_name=_("held by"), null=True, on_delete=models.SET_NULL, related_name="lottery_hold"
    )
    winner = models.OneToOneField(
        Reservation, verbose_name=_("won booking"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["draw_at", "pk"]
        verbose_name = _("draw")
        verbose_name_plural = _("draws")
        indexes = [models.Index(fields=["status", "draw_at"], name="facilities_lottery_due")]
        constraints = [
            models.CheckConstraint(condition=Q(status="open") | ~Q(seed=""), name="facilities_lottery_drawn_has_seed"),
        ]

    def __str__(self):
        return f"{self.facility} {timezone.localtime(self.period.lower):%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("facilities:lottery", kwargs={"pk": self.pk})

    @property
    def start(self):
        return self.period.lower

    @property
    def end(self):
        return self.period.upper


class LotteryEntry(models.Model):
    lottery = models.ForeignKey(Lottery, verbose_name=_("draw"), on_delete=models.CASCADE, related_name="entries")
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("citizen"), on_delete=models.CASCADE, related_name="lottery_entries"
    )
    attendees = models.PositiveIntegerField(_("number of attendees"), default=1)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("entered"), default=timezone.now)
    rank = models.PositiveIntegerField(_("place in the draw"), null=True, blank=True)

    class Meta:
        ordering = ["rank", "pk"]
        verbose_name = _("draw entry")
        verbose_name_plural = _("draw entries")
        constraints = [
            models.UniqueConstraint(fields=["lottery", "citizen"], name=LOTTERY_ONE_ENTRY),
            models.CheckConstraint(condition=Q(attendees__gte=1), name="facilities_lottery_attendees_positive"),
        ]

    def __str__(self):
        return f"{self.lottery} #{self.pk}"
