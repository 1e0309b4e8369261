"""Room sharing: older hosts with a spare room, students who need one, their applications, agreements and check-ins.

Personal data (names, addresses, phones, dates of birth, enrolment proofs) lives on `Host` and `Student`;
public listings read only `Room` and the host's district and neighbourhood.
"""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.postgres.fields import DateRangeField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from roomshare.files import private_storage, proof_upload_to, validate_photo, validate_proof
from sharingcity.booking import no_overlap_constraint
from sharingcity.models import District
from sharingcity.phones import PhoneField

HOST_MIN_AGE = 60
# The promises PostgreSQL keeps: one student per room (NO_OVERLAP, as every programme names the constraint
# that books its resource once at a time; the database name is older), one home per student, at any time;
# one open application per student and room.
NO_OVERLAP = "roomshare_room_not_shared_twice"
STUDENT_HOUSED_ONCE = "roomshare_student_one_home_at_a_time"
ONE_APPLICATION_PER_ROOM = "roomshare_one_active_application_per_room"
DEFAULT_TERM_MONTHS = 6


def rent_cap() -> int:
    """The programme's monthly rent cap in KRW (a setting, 300,000 by default)."""
    return getattr(settings, "ROOMSHARE_RENT_CAP", 300_000)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate_day)
        except ValueError:
            continue
    raise ValueError(day)


class Verification(models.TextChoices):
    PENDING = "pending", pgettext_lazy("room-share verification", "Waiting for verification")
    VERIFIED = "verified", pgettext_lazy("room-share verification", "Verified")
    REJECTED = "rejected", _("Not accepted")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class GenderPreference(models.TextChoices):
    ANY = "any", _("No preference")
    FEMALE = "female", _("Female students only")
    MALE = "male", _("Male students only")


class Verifiable(models.Model):
    verification = models.CharField(
        pgettext_lazy("room-share verification", "verification"),
        max_length=10,
        choices=Verification,
        default=Verification.PENDING,
        db_index=True,
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("verified by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    verified_at = models.DateTimeField(pgettext_lazy("room-share verification", "verified at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for not accepting"), blank=True)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    # Set when the person asked for their data to be erased; the row stays so agreements keep their history.
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_verified(self):
        return self.verification == Verification.VERIFIED


class HostQuerySet(models.QuerySet):
    def in_districts(self, districts):
        return self if districts is None else self.filter(district__in=districts)


class Host(Verifiable):
    """A homeowner (or long-term tenant) aged 60 or over with a spare room; the home's data is theirs."""

    class Tenure(models.TextChoices):
        OWNER = "owner", _("Owner")
        TENANT = "tenant", _("Long-term tenant")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="roomshare_host",
    )  # fmt: skip
    date_of_birth = models.DateField(_("date of birth"), null=True)
    phone = PhoneField(_("phone"), blank=True)
    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="+")
    address = models.CharField(_("full address"), max_length=200, blank=True, help_text=_("Kept private."))
    neighbourhood = models.CharField(
        _("neighbourhood"), max_length=60, help_text=_("Shown publicly instead of the address, e.g. Gongneung-dong.")
    )
    tenure = models.CharField(_("the home is"), max_length=10, choices=Tenure, default=Tenure.OWNER)
    help_wanted = models.TextField(_("help or company you would like"), blank=True)
    preferred_gender = models.CharField(
        _("student you would welcome"), max_length=10, choices=GenderPreference, default=GenderPreference.ANY
    )
    smoking_allowed = models.BooleanField(_("smoking allowed in the home"), default=False)
    has_pets = models.BooleanField(_("pets live in the home"), default=False)
    house_rules = models.TextField(_("house rules"), blank=True)
    subsidy_amount = models.PositiveIntegerField(_("home-improvement subsidy (KRW)"), null=True, blank=True)
    subsidy_paid_on = models.DateField(_("subsidy paid on"), null=True, blank=True)

    objects = HostQuerySet.as_manager()

    class Meta:
        verbose_name = _("host")
        verbose_name_plural = _("hosts")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(subsidy_amount__isnull=True) | Q(subsidy_paid_on__isnull=False),
                name="roomshare_host_subsidy_has_date",
                violation_error_message=_("Give the date the subsidy was paid."),
            ),
        ]

    def __str__(self):
        if self.erased_at:
            return _("Host #%(id)s (erased)") % {"id": self.pk}
        return _("Host %(name)s (%(district)s)") % {"name": self.name, "district": self.district}

    @property
    def name(self):
        return self.user.full_name if self.user and not self.erased_at else ""

    def clean(self):
        from roomshare.rules import check_host_age

        check_host_age(self.date_of_birth)


class RoomQuerySet(models.QuerySet):
    def published(self):
        return self.filter(
            status=Room.Status.PUBLISHED, host__verification=Verification.VERIFIED, host__erased_at__isnull=True
        )

    def listed(self):
        """Rooms the public can browse: published, and not taken by a current or proposed agreement."""
        taken = Agreement.objects.holding().filter(room=models.OuterRef("pk"), end__gt=timezone.localdate())
        return self.published().exclude(models.Exists(taken))

    def for_list(self):
        return self.select_related("host__district").prefetch_related("photos")

    def in_districts(self, districts):
        return self if districts is None else self.filter(host__district__in=districts)


class Room(models.Model):
    """A spare room in a host's home; the public sees it without anything that names the host."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the home visit")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Not accepted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Bathroom(models.TextChoices):
        PRIVATE = "private", _("Private bathroom")
        SHARED = "shared", _("Shared bathroom")

    host = models.ForeignKey(Host, verbose_name=_("host"), on_delete=models.PROTECT, related_name="rooms")
    title = models.CharField(_("title"), max_length=100, help_text=_("For example: Sunny room near the station."))
    description = models.TextField(_("description"), blank=True)
    size_m2 = models.DecimalField(
        _("size (m²)"), max_digits=5, decimal_places=1, validators=[MinValueValidator(4), MaxValueValidator(200)]
    )
    furnished = models.BooleanField(_("furnished"), default=False)
    bathroom = models.CharField(_("bathroom"), max_length=10, choices=Bathroom, default=Bathroom.SHARED)
    rent = models.PositiveIntegerField(_("monthly rent (KRW)"), db_index=True)
    deposit = models.PositiveIntegerField(_("deposit (KRW)"), default=0)
    available_from = models.DateField(_("available from"), db_index=True)
    minimum_term_months = models.PositiveSmallIntegerField(
        _("minimum term (months)"), default=DEFAULT_TERM_MONTHS, validators=[MinValueValidator(1)]
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING, db_index=True)
    # The coordinator's home visit, done before the room is published.
    visited_on = models.DateField(_("home visit on"), null=True, blank=True)
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("visited by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    smoke_alarm = models.BooleanField(_("working smoke alarm"), default=False)
    door_lock = models.BooleanField(_("lock on the room door"), default=False)
    fire_extinguisher = models.BooleanField(_("fire extinguisher"), default=False)
    safe_heating = models.BooleanField(_("safe heating and gas"), default=False)
    window = models.BooleanField(_("window that opens"), default=False)
    visit_notes = models.TextField(_("home visit notes"), blank=True)
    rejection_reason = models.TextField(_("reason for not accepting"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = RoomQuerySet.as_manager()

    CHECKLIST = ["smoke_alarm", "door_lock", "fire_extinguisher", "safe_heating", "window"]

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published")
                | (
                    Q(visited_on__isnull=False)
                    & Q(smoke_alarm=True)
                    & Q(door_lock=True)
                    & Q(fire_extinguisher=True)
                    & Q(safe_heating=True)
                    & Q(window=True)
                ),
                name="roomshare_room_published_after_home_visit",
                violation_error_message=_("A room is published only after a home visit with every check passed."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.host.district} {self.host.neighbourhood})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("roomshare:room-detail", kwargs={"pk": self.pk})

    @property
    def checklist_passed(self):
        return self.visited_on is not None and all(getattr(self, item) for item in self.CHECKLIST)

    def clean(self):
        from roomshare.rules import check_rent_within_cap

        if self.rent is not None:
            check_rent_within_cap(self.rent)


class RoomPhoto(models.Model):
    room = models.ForeignKey(Room, verbose_name=_("room"), on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="roomshare/rooms/", validators=[validate_photo])
    caption = models.CharField(_("caption"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("photo of the room")
        verbose_name_plural = _("photos of the room")
        ordering = ["pk"]

    def __str__(self):
        return self.caption or self.image.name

    @property
    def alt_text(self):
        """Photos a host uploaded with the room may have no description: the room's title stands in."""
        return self.caption or self.room.title


class StudentQuerySet(models.QuerySet):
    def in_districts(self, districts):
        """Students a coordinator looks after: they prefer one of the districts or applied to a room there."""
        if districts is None:
            return self
        applied = Application.objects.filter(student=models.OuterRef("pk"), room__host__district__in=districts)
        preferred = Student.preferred_districts.through.objects.filter(
            student=models.OuterRef("pk"), district__in=districts
        )
        return self.filter(models.Exists(applied) | models.Exists(preferred))


class Student(Verifiable):
    """A university student in the city (enrolled or on leave) looking for a room."""

    class Enrolment(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        ON_LEAVE = "on_leave", _("On leave")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="roomshare_student",
    )  # fmt: skip
    university = models.CharField(_("university"), max_length=100)
    enrolment = models.CharField(_("enrolment"), max_length=10, choices=Enrolment, default=Enrolment.ENROLLED)
    enrolment_proof = models.FileField(
        _("proof of enrolment"),
        storage=private_storage,
        upload_to=proof_upload_to,
        blank=True,
        validators=[validate_proof],
        help_text=_("PDF, JPEG or PNG, at most 5 MB. Only your district's coordinator sees it."),
    )
    date_of_birth = models.DateField(_("date of birth"), null=True)
    phone = PhoneField(_("phone"), blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender)
    smokes = models.BooleanField(_("I smoke"), default=False)
    pet_allergy = models.BooleanField(_("I am allergic to pets"), default=False)
    budget = models.PositiveIntegerField(_("monthly budget (KRW)"))
    preferred_districts = models.ManyToManyField(
        District, verbose_name=_("preferred districts"), related_name="+", blank=True
    )
    move_in = models.DateField(_("move-in date"))
    introduction = models.TextField(_("a short introduction"), max_length=2000)

    objects = StudentQuerySet.as_manager()

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["-created_at"]

    def __str__(self):
        if self.erased_at:
            return _("Student #%(id)s (erased)") % {"id": self.pk}
        return _("Student %(name)s (%(university)s)") % {"name": self.name, "university": self.university}

    @property
    def name(self):
        return self.user.full_name if self.user and not self.erased_at else ""


class ApplicationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=Application.ACTIVE)

    def in_districts(self, districts):
        return self if districts is None else self.filter(room__host__district__in=districts)

    def for_board(self):
        return self.select_related("room__host__district", "room__host__user", "student__user")


class Application(models.Model):
    """A student's request for a room, walked by the coordinator from submission to agreement."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        MEETING = "meeting", _("Meeting scheduled")
        ACCEPTED = "accepted", _("Both accepted")
        AGREED = "agreed", _("Agreement made")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    ACTIVE = [Status.SUBMITTED, Status.SHORTLISTED, Status.MEETING, Status.ACCEPTED]

    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.PROTECT, related_name="applications"
    )
    room = models.ForeignKey(Room, verbose_name=_("room"), on_delete=models.PROTECT, related_name="applications")
    message = models.TextField(_("message to the host and coordinator"), max_length=2000)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.SUBMITTED, db_index=True)
    meeting_at = models.DateTimeField(_("meeting time"), null=True, blank=True)
    meeting_place = models.CharField(_("meeting place"), max_length=200, blank=True)
    closed_reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("applied"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "room"],
                condition=Q(status__in=["submitted", "shortlisted", "meeting", "accepted"]),
                name=ONE_APPLICATION_PER_ROOM,
                violation_error_message=_("You have already applied for this room."),
            ),
            models.CheckConstraint(
                condition=~Q(status="meeting") | (Q(meeting_at__isnull=False) & ~Q(meeting_place="")),
                name="roomshare_meeting_has_time_and_place",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["declined", "withdrawn"]) | ~Q(closed_reason=""),
                name="roomshare_closed_application_has_reason",
            ),
        ]

    def __str__(self):
        return _("Application #%(id)s for %(room)s") % {"id": self.pk, "room": self.room.title}

    @property
    def is_active(self):
        return self.status in self.ACTIVE


class AgreementQuerySet(models.QuerySet):
    def holding(self):
        """Agreements that hold the room and the student for their term."""
        return self.filter(status__in=Agreement.HOLDING)

    def of_holder(self, user):
        """The user's agreements, as host or as student."""
        return self.filter(Q(host__user=user) | Q(student__user=user))

    def current(self, day=None):
        day = day or timezone.localdate()
        return self.filter(status=Agreement.Status.ACTIVE, start__lte=day, end__gt=day)

    def in_districts(self, districts):
        return self if districts is None else self.filter(room__host__district__in=districts)

    def for_list(self):
        return self.select_related("room__host__district", "room__host__user", "student__user")

    def checkins_due(self, day=None):
        """Current agreements whose trial check-in (a month in) or next monthly check-in has come."""
        day = day or timezone.localdate()
        month_ago = day - timedelta(days=30)
        return (
            self.current(day)
            .annotate(last_checkin=models.Max("checkins__date"))
            .filter(Q(last_checkin__isnull=True, start__lte=month_ago) | Q(last_checkin__lte=month_ago))
        )


class Agreement(models.Model):
    """A term of living together: dates, rent, agreed help and rules, confirmed by both people."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for both to confirm")
        ACTIVE = "active", pgettext_lazy("agreement status", "Active")
        ENDED = "ended", _("Ended early")

    HOLDING = [Status.PROPOSED, Status.ACTIVE]

    application = models.ForeignKey(
        Application, verbose_name=_("application"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="agreements",
    )  # fmt: skip
    previous = models.OneToOneField(
        "self", verbose_name=_("renews"), null=True, blank=True, on_delete=models.PROTECT, related_name="renewal"
    )
    host = models.ForeignKey(Host, verbose_name=_("host"), on_delete=models.PROTECT, related_name="agreements")
    student = models.ForeignKey(Student, verbose_name=_("student"), on_delete=models.PROTECT, related_name="agreements")
    room = models.ForeignKey(Room, verbose_name=_("room"), on_delete=models.PROTECT, related_name="agreements")
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), help_text=_("The day the student moves out (six months after the start)."))
    term = DateRangeField(_("term"), editable=False)
    rent = models.PositiveIntegerField(_("monthly rent (KRW)"))
    deposit = models.PositiveIntegerField(_("deposit (KRW)"), default=0)
    help_agreed = models.TextField(_("agreed help and chores"), blank=True)
    house_rules = models.TextField(_("house rules"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PROPOSED, db_index=True)
    host_confirmed_at = models.DateTimeField(_("host confirmed"), null=True, blank=True)
    student_confirmed_at = models.DateTimeField(_("student confirmed"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending early"), blank=True)
    needs_attention = models.BooleanField(_("needs the coordinator's attention"), default=False, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=pgettext_lazy("agreement", "created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="roomshare_agreement_end_after_start"),
            models.CheckConstraint(
                condition=~Q(status="ended") | ~Q(end_reason=""), name="roomshare_ended_agreement_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status="active")
                | (Q(host_confirmed_at__isnull=False) & Q(student_confirmed_at__isnull=False)),
                name="roomshare_active_agreement_confirmed_by_both",
            ),
            # PostgreSQL keeps the promises: one student per room, one home per student, at any time.
            no_overlap_constraint(
                NO_OVERLAP,
                "room",
                ["proposed", "active"],
                expression="term",
                message=_("This room already has an agreement for these dates."),
            ),
            no_overlap_constraint(
                STUDENT_HOUSED_ONCE,
                "student",
                ["proposed", "active"],
                expression="term",
                message=_("This student already has an agreement for these dates."),
            ),
        ]

    def __str__(self):
        return _("Agreement #%(id)s, %(start)s to %(end)s") % {"id": self.pk, "start": self.start, "end": self.end}

    def save(self, *args, **kwargs):
        from django.db.backends.postgresql.psycopg_any import DateRange

        self.term = DateRange(self.start, self.end, "[)")
        if kwargs.get("update_fields") is not None and (
            "start" in kwargs["update_fields"] or "end" in kwargs["update_fields"]
        ):
            kwargs["update_fields"] = {*kwargs["update_fields"], "term"}
        super().save(*args, **kwargs)

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE

    def is_party(self, user) -> bool:
        return user.is_authenticated and user.pk is not None and user.pk in (self.host.user_id, self.student.user_id)

    def next_checkin_due(self):
        """A trial check-in one month in, then one every month."""
        last = max((c.date for c in self.checkins.all()), default=None)
        if last is None:
            return add_months(self.start, 1)
        return last + timedelta(days=30)


class CheckIn(models.Model):
    """The coordinator's visit or call: how both sides feel, what came up."""

    class Kind(models.TextChoices):
        TRIAL = "trial", _("One-month trial check-in")
        MONTHLY = "monthly", _("Monthly check-in")
        INCIDENT = "incident", _("Incident report")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="checkins"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.MONTHLY)
    date = models.DateField(_("date"))
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("coordinator"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    host_satisfaction = models.PositiveSmallIntegerField(
        _("host's satisfaction (1-5)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    student_satisfaction = models.PositiveSmallIntegerField(
        _("student's satisfaction (1-5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    notes = models.TextField(_("notes"), blank=True)
    issues = models.TextField(_("issues raised"), blank=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(host_satisfaction__isnull=True) | Q(host_satisfaction__range=(1, 5)))
                & (Q(student_satisfaction__isnull=True) | Q(student_satisfaction__range=(1, 5))),
                name="roomshare_satisfaction_1_to_5",
            ),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(kind="trial"),
                name="roomshare_one_trial_checkin_per_agreement",
                violation_error_message=_("This agreement already has its trial check-in."),
            ),  # fmt: skip
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date}"


class PersonalDataView(models.Model):
    """Every time staff open someone's full personal data: who, what, when. Read by supervisors."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("file access", "who"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    viewer_label = models.CharField(_("who (as recorded)"), max_length=200)
    record_type = models.CharField(_("kind of record"), max_length=40, db_index=True)
    record_id = models.CharField(_("record id"), max_length=40)
    record_label = models.CharField(_("record"), max_length=200)
    what = models.CharField(_("what was seen"), max_length=100)

    class Meta:
        verbose_name = _("view of personal data")
        verbose_name_plural = _("views of personal data")
        ordering = ["-at"]
        indexes = [models.Index(fields=["record_type", "record_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.viewer_label} {self.what} {self.record_label}"
