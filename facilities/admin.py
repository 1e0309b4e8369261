"""Staff admin: facilities with their hours and closures, the approval queue, blocked periods, CSV export
and monthly utilisation. Facility managers see and act on their own agency's facilities only."""

import csv
from datetime import date, datetime, timedelta

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.db.models.functions import Lower
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from facilities import lottery, services
from facilities.availability import SEOUL, at, local
from facilities.models import (
    BlockedPeriod,
    Closure,
    Facility,
    FacilityRate,
    Lottery,
    LotteryEntry,
    OpeningPeriod,
    Photo,
    Reservation,
    WaitlistEntry,
)
from facilities.reports import agency_calendar, utilisation, utilisation_chart
from hub.models import Organisation
from sharingcity.admin import CoordinatePickerAdmin, PhotoInline, RowButtonsMixin, one_line, row_action
from sharingcity.booking import BookingConflict
from sharingcity.forms import ReasonForm
from sharingcity.limits import window
from sharingcity.models import District


def managed_agencies(user):
    agencies = Organisation.objects.public_agencies()
    return agencies if user.is_superuser else agencies.filter(members=user)


class OwnAgencyMixin:
    """Managers see only their agency's rows; `agency_path` leads from the row to its agency."""

    agency_path = "facility__agency"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.agency_path}__members": request.user})


class OpeningPeriodInline(admin.TabularInline):
    model = OpeningPeriod
    extra = 0


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 0


class FacilityRateInline(admin.TabularInline):
    model = FacilityRate
    extra = 0


class FacilityPhotoInline(PhotoInline):
    model = Photo


@admin.register(Facility)
class FacilityAdmin(CoordinatePickerAdmin, OwnAgencyMixin, admin.ModelAdmin):
    agency_path = "agency"
    list_display = ["name", "kind", "district", "agency", "capacity", "fee_per_hour", "needs_approval", "is_published"]
    list_filter = ["is_published", "kind", "needs_approval", "district", ("agency", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "name_en", "address"]
    list_select_related = ["district", "agency"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [OpeningPeriodInline, ClosureInline, FacilityRateInline, FacilityPhotoInline]
    change_list_template = "admin/facilities/facility/change_list.html"
    fieldsets = [
        (None, {"fields": ["name", "name_en", "slug", "kind", "agency", "district", "is_published"]}),
        (_("Place"), {"fields": ["address", "latitude", "longitude", "capacity", "floor_area", "amenities"]}),
        (
            _("For citizens"),
            {"fields": ["description", "description_en", "usage_rules", "usage_rules_en", "fee_per_hour"]},
        ),
        (
            _("Booking rules"),
            {
                "fields": [
                    ("slot_minutes", "min_duration_minutes", "max_duration_minutes"),
                    ("min_days_ahead", "max_days_ahead"),
                    ("buffer_minutes", "cancel_hours_before", "max_active_per_citizen"),
                    ("needs_approval", "open_on_holidays"),
                ]
            },
        ),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agency":
            kwargs["queryset"] = managed_agencies(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "amenities":
            from facilities.models import Amenity

            return forms.MultipleChoiceField(
                choices=Amenity.choices,
                widget=forms.CheckboxSelectMultiple,
                required=False,
                label=db_field.verbose_name,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_urls(self):
        return [
            path("utilisation/", self.admin_site.admin_view(self.utilisation_view), name="facilities_utilisation"),
            path("calendar/", self.admin_site.admin_view(self.calendar_view), name="facilities_calendar"),
            *super().get_urls(),
        ]

    def utilisation_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            month = datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
        except ValueError:
            month = timezone.localdate().replace(day=1)
        facilities = self.get_queryset(request).select_related("district").order_by("district__name", "name")
        rows = utilisation(facilities, month)
        context = {
            **self.admin_site.each_context(request),
            "title": pgettext_lazy("facility report", "Utilisation"),
            "opts": self.model._meta,
            "month": month,
            "rows": rows,
            "chart": utilisation_chart(rows),
        }
        return TemplateResponse(request, "admin/facilities/utilisation.html", context)

    def calendar_view(self, request):
        """A day or week of the agency's rooms: requests, bookings, offers and blocks, with a link to block."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            day = date.fromisoformat(request.GET.get("date", ""))
        except ValueError:
            day = timezone.localdate()
        if not date(2000, 1, 1) <= day <= date(2100, 12, 31):
            day = timezone.localdate()
        week = request.GET.get("view") != "day"
        first = day - timedelta(days=day.weekday()) if week else day
        days = [first + timedelta(days=n) for n in range(7 if week else 1)]
        step = timedelta(weeks=1) if week else timedelta(days=1)
        facilities = self.get_queryset(request).order_by("name")
        if request.GET.get("agency"):
            facilities = facilities.filter(agency__slug=request.GET["agency"])
        context = {
            **self.admin_site.each_context(request),
            "title": _("Calendar of rooms"),
            "opts": self.model._meta,
            "days": days,
            "day": day,
            "week": week,
            "previous": first - step,
            "next": first + step,
            "rows": agency_calendar(facilities, days),
            "agencies": managed_agencies(request.user).order_by("name"),
            "agency": request.GET.get("agency", ""),
        }
        return TemplateResponse(request, "admin/facilities/calendar.html", context)


class StartsFilter(admin.SimpleListFilter):
    title = _("date")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [
            ("today", _("Today")),
            ("week", _("Next 7 days")),
            ("month", _("Next 30 days")),
            ("upcoming", _("Upcoming")),
            ("past", _("Past")),
            ("any", _("Any time")),
        ]

    def queryset(self, request, queryset):
        today = at(timezone.localdate(), datetime.min.time())
        spans = {
            "today": (today, today + timedelta(days=1)),
            "week": (today, today + timedelta(days=7)),
            "month": (today, today + timedelta(days=30)),
        }
        if self.value() in spans:
            start, end = spans[self.value()]
            return queryset.filter(period__startswith__gte=start, period__startswith__lt=end)
        if self.value() == "upcoming":
            # Filter on the start, like the ordering, so the index serves both.
            return queryset.filter(period__startswith__gte=today)
        if self.value() == "past":
            return queryset.past()
        return queryset


class OnDateFilter(admin.SimpleListFilter):
    """Pick one day (from the date hierarchy of the period's start, which admin cannot build on a range)."""

    title = _("on date")
    parameter_name = "on"

    def lookups(self, request, model_admin):
        today = timezone.localdate()
        return [((today + timedelta(days=n)).isoformat(), (today + timedelta(days=n)).isoformat()) for n in range(14)]

    def queryset(self, request, queryset):
        try:
            day = date.fromisoformat(self.value() or "")
        except ValueError:
            return queryset
        start = at(day, datetime.min.time())
        return queryset.filter(period__startswith__gte=start, period__startswith__lt=start + timedelta(days=1))


class DistrictFilter(admin.SimpleListFilter):
    """Every district, without scanning the reservations for the ones in use."""

    title = _("district")
    parameter_name = "district"

    def lookups(self, request, model_admin):
        return [(d.slug, d.display_name) for d in District.objects.order_by("name")]

    def queryset(self, request, queryset):
        return queryset.filter(facility__district__slug=self.value()) if self.value() else queryset


class AgencyFilter(admin.SimpleListFilter):
    """The agencies the member of staff acts for (every agency for a superuser)."""

    title = _("owning agency")
    parameter_name = "agency"

    def lookups(self, request, model_admin):
        return [(a.slug, a.display_name) for a in managed_agencies(request.user).order_by("name")]

    def queryset(self, request, queryset):
        return queryset.filter(facility__agency__slug=self.value()) if self.value() else queryset


approve = row_action(
    name="approve",
    description=_("Approve the selected requests"),
    verb_done=pgettext_lazy("done by an admin action", "confirmed"),
    apply=lambda reservation, user, data: services.approve_reservation(reservation, user),
)
reject = row_action(
    name="reject",
    description=_("Reject the selected requests (asks for a reason)"),
    form=ReasonForm,
    verb_done=pgettext_lazy("reservation decision", "rejected"),
    apply=lambda reservation, user, data: services.reject_reservation(reservation, user, data["reason"]),
)
cancel = row_action(
    name="cancel",
    description=_("Cancel the selected reservations (asks for a reason)"),
    form=ReasonForm,
    verb_done=_("cancelled"),
    apply=lambda reservation, user, data: services.cancel_by_staff(reservation, user, data["reason"]),
)


mark_completed = row_action(
    name="mark_completed",
    description=_("Mark as completed (they came)"),
    apply=lambda reservation, user, data: services.mark_attendance(reservation, user, True),
)
mark_no_show = row_action(
    name="mark_no_show",
    description=_("Mark as no-show"),
    apply=lambda reservation, user, data: services.mark_attendance(reservation, user, False),
)


record_payment = row_action(
    name="record_payment",
    description=_("Record payment received"),
    verb_done=pgettext_lazy("done by an admin action", "recorded as paid"),
    apply=lambda reservation, user, data: services.record_payment(reservation, user),
)
record_refund = row_action(
    name="record_refund",
    description=_("Record refund paid out"),
    verb_done=pgettext_lazy("done by an admin action", "recorded as refunded"),
    apply=lambda reservation, user, data: services.record_refund(reservation, user),
)
accept_proof = row_action(
    name="accept_proof",
    description=_("Discount proof checked"),
    verb_done=pgettext_lazy("done by an admin action", "checked"),
    apply=lambda reservation, user, data: services.check_proof(reservation, user, True),
)
refuse_proof = row_action(
    name="refuse_proof",
    description=_("Discount proof refused: charge the standard rate (asks for a reason)"),
    form=ReasonForm,
    verb_done=pgettext_lazy("done by an admin action", "charged at the standard rate"),
    apply=lambda reservation, user, data: services.check_proof(reservation, user, False, data["reason"]),
)

CSV_COLUMNS = [
    "id",
    "facility",
    "district",
    "agency",
    "start",
    "end",
    "status",
    "citizen",
    "email",
    "group",
    "purpose",
    "attendees",
    "unit_price",
    "hours",
    "total_price",
    "reason",
]


@admin.action(description=_("Export the selected reservations as CSV"), permissions=["view"])
def export_csv(modeladmin, request, queryset):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="facility-reservations.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 Korean text correctly with a BOM
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    rows = queryset.select_related("facility__district", "facility__agency", "citizen").order_by("period")
    for r in rows.iterator(chunk_size=2000):
        writer.writerow(
            [
                r.pk,
                r.facility.name,
                r.facility.district.name,
                r.facility.agency.name,
                local(r.start).isoformat(),
                local(r.end).isoformat(),
                r.status,
                r.citizen.full_name if r.citizen else "",
                r.citizen.email if r.citizen else "",
                r.group_name,
                r.purpose,
                r.attendees,
                r.unit_price,
                r.hours,
                r.total_price,
                r.reason,
            ]
        )
    return response


@admin.register(Reservation)
class ReservationAdmin(RowButtonsMixin, OwnAgencyMixin, admin.ModelAdmin):
    # A request waiting for approval is approved (or rejected, with a reason) from its own row.
    row_buttons = [
        ("approve", pgettext_lazy("admin row button", "Approve"), lambda r: r.status == Reservation.Status.REQUESTED),
        ("reject", pgettext_lazy("admin row button", "Reject"), lambda r: r.status == Reservation.Status.REQUESTED),
    ]
    list_display = [
        "facility",
        "starts",
        "ends",
        "citizen",
        "group_name",
        "attendees",
        "status",
        "total_price",
        "price_category",
        "payment_status",
    ]
    list_filter = [
        "status",
        "payment_status",
        "proof_status",
        StartsFilter,
        OnDateFilter,
        DistrictFilter,
        AgencyFilter,
    ]
    search_fields = ["facility__name", "facility__name_en", "citizen__email", "citizen__full_name", "group_name"]
    list_select_related = ["facility", "citizen"]
    actions = [
        approve,
        reject,
        cancel,
        mark_completed,
        mark_no_show,
        record_payment,
        record_refund,
        accept_proof,
        refuse_proof,
        export_csv,
    ]
    readonly_fields = [
        "facility",
        "citizen",
        "series",
        "starts",
        "ends",
        "status",
        "purpose",
        "group_name",
        "attendees",
        "contact_phone",
        "unit_price",
        "hours",
        "total_price",
        "price_category",
        "discount_percent",
        "proof_status",
        "proof_checked_by",
        "payment_status",
        "payment_due_at",
        "paid_at",
        "payment_recorded_by",
        "refund_amount",
        "refunded_at",
        "decided_by",
        "decided_at",
        "reason",
        "cancelled_at",
        "created_at",
    ]
    exclude = ["period", "held_period", "reminder_sent_at"]

    # Soonest first, on the functional index of the period's start (a year of history stays fast).
    ordering = [Lower("period")]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(status=Reservation.Status.BLOCKED)

    def changelist_view(self, request, extra_context=None):
        # The queue opens on what is still to come; "All" under the date filter shows the history.
        if request.method == "GET" and not request.GET:
            return HttpResponseRedirect(f"{request.path}?when=upcoming")
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("starts"), ordering=Lower("period"))
    def starts(self, obj):
        return one_line(local(obj.start))

    @admin.display(description=_("ends"))
    def ends(self, obj):
        return one_line(local(obj.end))


class BlockForm(forms.ModelForm):
    """Staff block a time; the booking service checks the agency and refuses overlaps."""

    block_facility = forms.ModelChoiceField(queryset=Facility.objects.none(), label=_("facility"))
    starts_at = forms.DateTimeField(
        label=_("from"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), validators=[window("facilities")]
    )
    ends_at = forms.DateTimeField(
        label=_("until"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        validators=[window("facilities")],
    )
    block_reason = forms.CharField(label=_("reason"), max_length=500)

    class Meta:
        model = BlockedPeriod
        fields = []

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        start = data["starts_at"].astimezone(SEOUL)
        end = data["ends_at"].astimezone(SEOUL)
        try:
            self.instance = services.block_period(data["block_facility"], self.user, start, end, data["block_reason"])
        except BookingConflict as conflict:
            raise ValidationError(conflict.message) from conflict
        except PermissionDenied as denied:
            raise ValidationError(str(denied)) from denied
        return data


@admin.register(BlockedPeriod)
class BlockedPeriodAdmin(OwnAgencyMixin, admin.ModelAdmin):
    list_display = ["facility", "starts", "ends", "reason", "status", "decided_by"]
    list_filter = ["status", AgencyFilter]
    search_fields = ["facility__name", "reason"]
    list_select_related = ["facility", "decided_by"]
    actions = [cancel]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).filter(citizen__isnull=True)
        return queryset.filter(status__in=[Reservation.Status.BLOCKED, Reservation.Status.CANCELLED])

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None:
            return super().get_form(request, obj, **kwargs)
        form = super().get_form(request, obj, form=BlockForm, **kwargs)
        form.base_fields["block_facility"].queryset = Facility.objects.managed_by(request.user).order_by("name")
        form.user = request.user
        return form

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["block_facility", "starts_at", "ends_at", "block_reason"]
        return ["facility", "starts", "ends", "reason", "status", "decided_by", "decided_at"]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj is not None else []

    def save_model(self, request, obj, form, change):
        """The block was saved by the service while the form was checked."""

    def has_delete_permission(self, request, obj=None):
        return False

    starts = ReservationAdmin.starts
    ends = ReservationAdmin.ends


def time_span(obj):
    """A wait list entry's or a draw's time on one line, in Seoul time."""
    start, end = local(obj.start), local(obj.end)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


@admin.register(WaitlistEntry)
class WaitlistAdmin(OwnAgencyMixin, admin.ModelAdmin):
    """Who waits for which time, and the offers made: read-only, the queue runs by itself."""

    list_display = ["facility", "wanted", "citizen", "status", "created_at", "offer_expires_at"]
    list_filter = ["status", AgencyFilter]
    search_fields = ["facility__name", "facility__name_en", "citizen__email", "citizen__full_name"]
    list_select_related = ["facility", "citizen"]
    ordering = ["created_at", "pk"]

    @admin.display(description=_("wanted time"), ordering="period")
    def wanted(self, entry):
        return time_span(entry)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LotteryForm(forms.ModelForm):
    """Staff open a draw for a time; the service blocks the time until the draw and checks the agency."""

    draw_facility = forms.ModelChoiceField(queryset=Facility.objects.none(), label=_("facility"))
    starts_at = forms.DateTimeField(label=_("from"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("until"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    draw_time = forms.DateTimeField(label=_("draw time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))

    class Meta:
        model = Lottery
        fields = []

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.instance = lottery.open_lottery(
                facility=data["draw_facility"],
                staff=self.user,
                start=data["starts_at"].astimezone(SEOUL),
                end=data["ends_at"].astimezone(SEOUL),
                draw_at=data["draw_time"].astimezone(SEOUL),
            )
        except BookingConflict as conflict:
            raise ValidationError(conflict.message) from conflict
        except PermissionDenied as denied:
            raise ValidationError(str(denied)) from denied
        return data


class LotteryEntryInline(admin.TabularInline):
    model = LotteryEntry
    fields = ["rank", "citizen", "attendees", "purpose", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Lottery)
class LotteryAdmin(OwnAgencyMixin, admin.ModelAdmin):
    """Draws: opened here, run by themselves at their time, and checked by replaying their seed."""

    list_display = ["facility", "wanted", "draw_at", "status", "entry_count"]  # replay_check: per draw, below
    list_filter = ["status", AgencyFilter]
    search_fields = ["facility__name", "facility__name_en"]
    list_select_related = ["facility"]
    inlines = [LotteryEntryInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entry_total=Count("entries"))

    @admin.display(description=_("time given by draw"), ordering="period")
    def wanted(self, draw):
        return time_span(draw)

    @admin.display(description=_("entries"), ordering="entry_total")
    def entry_count(self, draw):
        return draw.entry_total

    @admin.display(description=_("replay"))
    def replay_check(self, draw):
        if not draw.seed:
            return "—"
        recorded = list(draw.entries.order_by("rank").values_list("pk", flat=True))
        return _("same order") if lottery.replay(draw) == recorded else _("DIFFERENT ORDER")

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None:
            return super().get_form(request, obj, **kwargs)
        form = super().get_form(request, obj, form=LotteryForm, **kwargs)
        form.base_fields["draw_facility"].queryset = Facility.objects.managed_by(request.user).order_by("name")
        form.user = request.user
        return form

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["draw_facility", "starts_at", "ends_at", "draw_time"]
        return ["facility", "wanted", "draw_at", "status", "seed", "drawn_at", "winner", "created_by", "replay_check"]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj is not None else []

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def save_model(self, request, obj, form, change):
        """The draw was opened by the service while the form was checked."""

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False
