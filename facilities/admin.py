"""Staff admin: facilities with their hours and closures, the approval queue, blocked periods, CSV export
and monthly utilisation. Facility managers see and act on their own agency's facilities only."""

import csv
from datetime import date, datetime, timedelta

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.functions import Lower
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from facilities import services
from facilities.availability import SEOUL, at, local
from facilities.models import BlockedPeriod, Closure, Facility, OpeningPeriod, Photo, Reservation
from facilities.reports import utilisation
from hub.models import Organisation
from sharingcity.admin import row_action
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


class PhotoInline(admin.TabularInline):
    model = Photo
    extra = 0


@admin.register(Facility)
class FacilityAdmin(OwnAgencyMixin, admin.ModelAdmin):
    agency_path = "agency"
    list_display = ["name", "kind", "district", "agency", "capacity", "fee_per_hour", "needs_approval", "is_published"]
    list_filter = ["is_published", "kind", "needs_approval", "district", ("agency", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "name_en", "address"]
    list_select_related = ["district", "agency"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [OpeningPeriodInline, ClosureInline, PhotoInline]
    change_list_template = "admin/facilities/facility/change_list.html"
    fieldsets = [
        (None, {"fields": ["name", "name_en", "slug", "kind", "agency", "district", "is_published"]}),
        (_("Place"), {"fields": ["address", "latitude", "longitude", "capacity", "floor_area", "amenities"]}),
        (_("For citizens"), {"fields": ["description", "usage_rules", "fee_per_hour"]}),
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
        context = {
            **self.admin_site.each_context(request),
            "title": _("Utilisation"),
            "opts": self.model._meta,
            "month": month,
            "rows": utilisation(facilities, month),
        }
        return TemplateResponse(request, "admin/facilities/utilisation.html", context)


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
    verb_done=_("rejected"),
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
class ReservationAdmin(OwnAgencyMixin, admin.ModelAdmin):
    list_display = ["facility", "starts", "ends", "citizen", "group_name", "attendees", "status", "total_price"]
    list_filter = [
        "status",
        StartsFilter,
        OnDateFilter,
        DistrictFilter,
        AgencyFilter,
    ]
    search_fields = ["facility__name", "facility__name_en", "citizen__email", "citizen__full_name", "group_name"]
    list_select_related = ["facility", "citizen"]
    actions = [approve, reject, cancel, mark_completed, mark_no_show, export_csv]
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
        return local(obj.start).strftime("%Y-%m-%d %H:%M")

    @admin.display(description=_("ends"))
    def ends(self, obj):
        return local(obj.end).strftime("%Y-%m-%d %H:%M")


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
