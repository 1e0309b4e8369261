"""What every programme shares: citizens and staff (one user model) and Seoul's districts."""

import secrets

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from sharingcity.phones import PhoneField


def new_token() -> str:
    return secrets.token_urlsafe(24)


def display_name_field(prefix: str = "") -> str:
    """The name field to sort by in the page's language, e.g. display_name_field("district__")."""
    return prefix + ("name_en" if (get_language() or "ko").startswith("en") else "name")


class Weekday(models.IntegerChoices):
    """Days of the week as Python numbers them (Monday 0), for the programmes' weekly opening hours."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class LocalizedNameMixin:
    """Models with a Korean `name` and an optional `name_en` show the one that fits the page."""

    @property
    def display_name(self) -> str:
        if (get_language() or "ko").startswith("en") and getattr(self, "name_en", ""):
            return self.name_en
        return self.name


class LocalizedTextMixin:
    """Models with Korean text fields and optional English twins (`description` and `description_en`)."""

    def localized(self, name: str) -> tuple[str, str]:
        """The text for the page's language and the language it is in: English where the page is English
        and the English text is written, the Korean otherwise (so the page can mark it `lang="ko"`)."""
        if (get_language() or "ko").startswith("en") and getattr(self, f"{name}_en", ""):
            return getattr(self, f"{name}_en"), "en"
        return getattr(self, name), "ko"


class District(LocalizedNameMixin, models.Model):
    """One of Seoul's 25 autonomous districts (gu); every listing belongs to one."""

    code = models.CharField(_("administrative code"), max_length=5, unique=True)
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name (Korean)"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=40, unique=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self):
        return self.display_name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        # Every way of signing in (pages, admin, API token) reads the address without spaces or case.
        return self.get(email__iexact=username.strip())


class User(AbstractBaseUser, PermissionsMixin):
    """A citizen or a member of city staff; people sign in with their email address."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=100)
    phone = PhoneField(_("phone"), blank=True)
    is_staff = models.BooleanField(
        _("staff status"), default=False, help_text=_("Whether the user can sign in to the staff admin.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Staff whose work is limited to districts (room-share coordinators, for example).
    districts = models.ManyToManyField(
        District, blank=True, related_name="staff", verbose_name=_("districts of responsibility")
    )
    # The language chosen with the switch in the header: emails to the person are written in it.
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="ko")
    # Secret part of the personal iCalendar feed URL; resetting it revokes old subscriptions.
    calendar_token = models.CharField(_("calendar token"), max_length=64, unique=True, default=new_token)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return f"{self.full_name} <{self.email}>" if self.full_name else self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name or self.email

    def reset_calendar_token(self):
        self.calendar_token = new_token()
        self.save(update_fields=["calendar_token"])

    def in_role(self, role: str) -> bool:
        return self.is_active and self.is_staff and (self.is_superuser or self.groups.filter(name=role).exists())


class AuditEntry(models.Model):
    """One staff decision (approval, rejection, verification, ...): who decided what, when, and why."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User,
        verbose_name=pgettext_lazy("audit", "who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    actor_label = models.CharField(_("acting as"), max_length=200, blank=True)
    action = models.CharField(_("decision"), max_length=60, db_index=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("kind of record"), on_delete=models.PROTECT
    )
    object_id = models.CharField(_("record id"), max_length=40)
    object_repr = models.CharField(_("record"), max_length=200)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"


class PeriodicSchedule(models.Model):
    """When each periodic task was last enqueued: the row that lets only one worker enqueue each period
    (sharingcity/queue.py)."""

    name = models.CharField(_("task"), max_length=200, primary_key=True)
    last_slot = models.DateTimeField(_("last enqueued for the period starting"))

    class Meta:
        verbose_name = _("periodic task")
        verbose_name_plural = _("periodic tasks")

    def __str__(self):
        return self.name
