"""The Sharing Hub: organisations (also the city's partners), the services they share, and news."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from sharingcity.audit import record_decision
from sharingcity.geo import earth_index
from sharingcity.models import District, LocalizedNameMixin, LocalizedTextMixin, Weekday
from sharingcity.phones import PhoneField
from sharingcity.photos import Photo
from sharingcity.uploads import image_extensions, image_size


def search_grams(*fields):
    """The words' two-letter pieces of some text columns, kept by PostgreSQL in a generated column with a
    GIN index: the search's index (see ServiceQuerySet.search). Bigrams rather than pg_trgm's trigrams,
    because Korean words are often two syllables long and a trigram index cannot answer a two-letter
    pattern. `hub_search_grams` is defined in migration 0004."""
    parts = []
    for field in fields:
        parts += [F(field), Value(" ")]
    return models.GeneratedField(
        expression=Func(Concat(*parts[:-1]), function="hub_search_grams"),
        output_field=ArrayField(models.TextField()),
        db_persist=True,
        editable=False,
    )


def grams_of(text):
    """The query's pieces, split by the same SQL function as the documents' (so both agree on case and
    on what a word is)."""
    return Func(Value(text), function="hub_search_grams", output_field=ArrayField(models.TextField()))


def has_pieces(text):
    """Whether any word of the text has two letters or more, so that it has pieces to look up."""
    return any(len(word) >= 2 for word in text.split())


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", pgettext_lazy("hub review status", "Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Reviewable(models.Model):
    """Listings proposed by partners or citizens show publicly only once a hub editor approves them."""

    status = models.CharField(_("status"), max_length=12, choices=ReviewStatus, default=ReviewStatus.PENDING)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    @transaction.atomic
    def approve(self, reviewer):
        if self.status == ReviewStatus.PUBLISHED:
            raise ValidationError(_("This item is already published."))
        self.status = ReviewStatus.PUBLISHED
        self.reviewed_by, self.reviewed_at, self.rejection_reason = reviewer, timezone.now(), ""
        self.save(update_fields=["status", "reviewed_by", "reviewed_at", "rejection_reason", "updated_at"])
        record_decision(reviewer, "approved", self)

    @transaction.atomic
    def reject(self, reviewer, reason: str):
        if not reason.strip():
            raise ValidationError({"rejection_reason": _("Give the reason for rejecting this submission.")})
        self.status = ReviewStatus.REJECTED
        self.reviewed_by, self.reviewed_at, self.rejection_reason = reviewer, timezone.now(), reason.strip()
        self.save(update_fields=["status", "reviewed_by", "reviewed_at", "rejection_reason", "updated_at"])
        record_decision(reviewer, "rejected", self, reason.strip())


class OrganisationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReviewStatus.PUBLISHED)

    def public_agencies(self):
        return self.filter(kind=Organisation.Kind.PUBLIC_AGENCY)

    def businesses(self):
        return self.filter(kind=Organisation.Kind.BUSINESS)


class Organisation(LocalizedNameMixin, LocalizedTextMixin, Reviewable):
    """A sharing enterprise, NGO, public agency or business the city designates or partners with."""

    class Kind(models.TextChoices):
        SHARING_ENTERPRISE = "sharing_enterprise", _("Sharing enterprise")
        NGO = "ngo", _("Non-profit organisation")
        PUBLIC_AGENCY = "public_agency", _("Public agency")
        BUSINESS = "business", _("Business")

    name = models.CharField(_("name (Korean)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True, allow_unicode=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(
        _("description (English)"), blank=True, help_text=_("Shown on English pages; empty shows the Korean.")
    )
    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.PROTECT)
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    phone = PhoneField(_("contact phone"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="hub/logos/", blank=True, validators=[image_extensions, image_size])
    accessibility = models.TextField(
        _("accessibility of the premises"),
        blank=True,
        help_text=_("Step-free entrance, accessible toilet, lift, hearing loop, braille signs, disabled parking…"),
    )
    designated_since = models.DateField(_("designated since"), null=True, blank=True)
    verified = models.BooleanField(_("verified by the city"), default=False)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="organisations",
        verbose_name=pgettext_lazy("organisation", "members"),
        help_text=_("People who act for this organisation: its staff, or the agency's facility managers."),
    )

    search_grams = search_grams("name", "name_en")

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            models.Index(fields=["status", "kind"]),
            GinIndex(fields=["name"], name="hub_org_name_trgm", opclasses=["gin_trgm_ops"]),
            GinIndex(fields=["search_grams"], name="hub_org_search_grams"),
            earth_index("hub_org_earth"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__range=(-90, 90),
                    longitude__range=(-180, 180),
                ),
                name="hub_org_coordinates_valid",
            )
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Organisation, self.name_en or self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("hub:organisation-detail", kwargs={"slug": self.slug})


def unique_slug(model, text: str) -> str:
    base = slugify(text, allow_unicode=True)[:120] or "item"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# The languages a service may be given in (ISO 639-1, or 639-3 for sign language), for the directory and its open data.
SERVICE_LANGUAGES = [
    ("ko", _("Korean")),
    ("en", _("English")),
    ("zh", _("Chinese")),
    ("ja", _("Japanese")),
    ("vi", _("Vietnamese")),
    ("ru", _("Russian")),
    ("mn", _("Mongolian")),
    ("kvk", _("Korean Sign Language")),
]


def default_languages():
    return ["ko"]


class OrganisationPhoto(Photo):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="photos"
    )

    class Meta(Photo.Meta):
        verbose_name = _("photo of the organisation")
        verbose_name_plural = _("photos of the organisation")


class ServiceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReviewStatus.PUBLISHED, organisation__status=ReviewStatus.PUBLISHED)

    def for_list(self):
        return self.select_related("organisation", "organisation__district").prefetch_related("districts")

    def search(self, text: str):
        """Substring match in Korean or English of the title, the summary or the organisation's name.

        The GIN index of the two-letter pieces finds the candidates (a row holding every piece of the
        query's words); the substring test then keeps the true matches. An organisation's name matches
        through its own index, in one small query, so that both lookups combine in one bitmap scan.
        Results carry `title_match`: the search orders services whose title matches first."""
        from hub.models import Organisation

        text = text.strip()
        if not text:
            return self
        own = Q(title__icontains=text) | Q(title_en__icontains=text) | Q(summary__icontains=text)
        organisations = Organisation.objects.filter(Q(name__icontains=text) | Q(name_en__icontains=text))
        if has_pieces(text):
            own &= Q(search_grams__contains=grams_of(text))
            organisations = organisations.filter(search_grams__contains=grams_of(text))
        by_organisation = list(organisations.values_list("pk", flat=True))
        matches = own | Q(organisation_id__in=by_organisation) if by_organisation else own
        title_match = Q(title__icontains=text) | Q(title_en__icontains=text)
        return self.filter(matches).annotate(
            title_match=models.ExpressionWrapper(title_match, output_field=models.BooleanField())
        )


class Service(LocalizedTextMixin, Reviewable):
    """Something an organisation shares with citizens: space, goods, transport, skills, ..."""

    class Category(models.TextChoices):
        SPACE = "space", _("Space")
        GOODS = "goods", _("Goods and tools")
        TRANSPORT = "transport", _("Transport")
        SKILLS = "skills", _("Skills and time")
        INFORMATION = "information", _("Information and content")
        CHILDCARE = "childcare", _("Childcare and clothing")
        FOOD = "food", _("Food")
        HOUSING = "housing", _("Housing")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="services"
    )
    title = models.CharField(_("title (Korean)"), max_length=150)
    title_en = models.CharField(_("title (English)"), max_length=150, blank=True)
    slug = models.SlugField(_("slug"), max_length=170, unique=True, allow_unicode=True)
    category = models.CharField(_("category"), max_length=20, choices=Category)
    summary = models.CharField(_("summary"), max_length=300)
    summary_en = models.CharField(_("summary (English)"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(
        _("description (English)"), blank=True, help_text=_("Shown on English pages; empty shows the Korean.")
    )
    how_to_use = models.TextField(_("how to use it"), blank=True)
    how_to_use_en = models.TextField(_("how to use it (English)"), blank=True)
    eligibility = models.TextField(_("who can use it"), blank=True)
    eligibility_en = models.TextField(_("who can use it (English)"), blank=True)
    is_free = models.BooleanField(_("free of charge"), default=True)
    fee_description = models.CharField(_("fee"), max_length=200, blank=True)
    districts = models.ManyToManyField(
        District, verbose_name=_("districts served"), related_name="services", blank=True
    )
    website = models.URLField(_("link"), blank=True)
    languages = ArrayField(
        models.CharField(max_length=3, choices=SERVICE_LANGUAGES),
        verbose_name=_("languages spoken"),
        default=default_languages,
        blank=True,
    )
    last_verified = models.DateField(_("last verified"), null=True, blank=True)

    search_grams = search_grams("title", "title_en", "summary")

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("sharing service")
        verbose_name_plural = _("sharing services")
        indexes = [
            models.Index(fields=["status", "category"]),
            models.Index(fields=["status", "-updated_at"]),
            # Lists in title order read the first page from this index instead of sorting every service.
            models.Index(fields=["status", "title"], name="hub_service_status_title"),
            GinIndex(fields=["search_grams"], name="hub_service_search_grams"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_free=True) | ~Q(fee_description=""), name="hub_service_fee_described"
            ),
        ]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        if (get_language() or "ko").startswith("en") and self.title_en:
            return self.title_en
        return self.title

    @property
    def language_names(self):
        names = dict(SERVICE_LANGUAGES)
        return [str(names.get(code, code)) for code in self.languages]

    def clean(self):
        if not self.is_free and not self.fee_description.strip():
            raise ValidationError({"fee_description": _("Describe the fee, or mark the service as free.")})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Service, self.title_en or self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("hub:service-detail", kwargs={"slug": self.slug})


class OpeningHours(models.Model):
    """When a service can be used on a weekday; a day may have several periods (morning, evening).
    A service without any is open by arrangement (its page says how to use it)."""

    Weekday = Weekday

    service = models.ForeignKey(
        Service, verbose_name=_("sharing service"), on_delete=models.CASCADE, related_name="opening_hours"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(condition=Q(opens__lt=F("closes")), name="hub_hours_open_before_close"),
            models.CheckConstraint(condition=Q(weekday__gte=0, weekday__lte=6), name="hub_hours_weekday"),
            models.UniqueConstraint(fields=["service", "weekday", "opens"], name="hub_hours_once_per_start"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self):
        if self.opens is not None and self.closes is not None and self.opens >= self.closes:
            raise ValidationError({"closes": _("The closing time must be after the opening time.")})


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True, published_at__lte=timezone.now())


class Article(LocalizedTextMixin, models.Model):
    """News and stories written by hub editors."""

    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True, allow_unicode=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    summary_en = models.CharField(_("summary (English)"), max_length=300, blank=True)
    body = models.TextField(_("body"))
    body_en = models.TextField(
        _("body (English)"), blank=True, help_text=_("Shown on English pages; empty shows the Korean.")
    )
    tags = ArrayField(models.CharField(max_length=40), verbose_name=_("tags"), default=list, blank=True)
    is_published = models.BooleanField(pgettext_lazy("news article", "published"), default=False)
    published_at = models.DateTimeField(_("publish date"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        indexes = [
            models.Index(fields=["is_published", "-published_at"]),
            GinIndex(fields=["tags"], name="hub_article_tags"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Article, self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("hub:article-detail", kwargs={"slug": self.slug})


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class PartnerApiKey(models.Model):
    """A partner organisation's key to the API. Only a hash is stored; the key is shown once."""

    PREFIX_LENGTH = 8

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="api_keys"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the key is used for, e.g. 'fleet system'."))
    prefix = models.CharField(_("prefix"), max_length=PREFIX_LENGTH, unique=True, editable=False)
    hashed_key = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("api key", "created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("partner API key")
        verbose_name_plural = _("partner API keys")

    def __str__(self):
        return f"{self.organisation} / {self.name} ({self.prefix}…)"

    @staticmethod
    def hash(key: str) -> str:
        # Keys are 256-bit random secrets, so a fast hash is safe and keeps every request cheap.
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, organisation, name, created_by=None, expires_at=None):
        """Create a key and return (row, plain key). The plain key is never stored."""
        prefix = secrets.token_hex(cls.PREFIX_LENGTH // 2)
        key = f"{prefix}.{secrets.token_urlsafe(32)}"
        row = cls.objects.create(
            organisation=organisation,
            name=name,
            prefix=prefix,
            hashed_key=cls.hash(key),
            created_by=created_by,
            expires_at=expires_at,
        )
        return row, key

    @classmethod
    def find(cls, key: str):
        prefix, _sep, _secret = key.partition(".")
        if len(prefix) != cls.PREFIX_LENGTH:
            return None
        row = cls.objects.active().select_related("organisation").filter(prefix=prefix).first()
        if row and secrets.compare_digest(row.hashed_key, cls.hash(key)):
            return row
        return None

    @property
    def is_active(self):
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())

    def revoke(self):
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])
