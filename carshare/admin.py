"""The city's car-share desk: lots and operators' allocations, vehicles, the member verification queue,
bookings and trips, and the monthly report. Changes go through the same services as the pages and API."""

import csv
from datetime import date

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from carshare import reports, rules, services
from carshare.models import Booking, Membership, ParkingLot, SpaceAllocation, Trip, Vehicle, VehiclePhoto
from sharingcity.admin import CoordinatePickerAdmin, PhotoInline, RowButtonsMixin, one_line, row_action
from sharingcity.audit import record_decision
from sharingcity.forms import ReasonForm
from sharingcity.limits import window


class AllocationFormSet(BaseInlineFormSet):
    """The spaces allocated at a lot add up to no more than its size, and never below the cars based there."""

    def clean(self):
        super().clean()
        lot = self.instance
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        total = sum(f.cleaned_data.get("spaces") or 0 for f in kept)
        if lot.total_spaces and total > lot.total_spaces:
            raise ValidationError(
                _("The allocations add up to %(total)d spaces, but the lot has %(spaces)d.")
                % {"total": total, "spaces": lot.total_spaces}
            )
        for form in self.forms:
            if not form.cleaned_data or not form.cleaned_data.get("operator") or not lot.pk:
                continue
            operator = form.cleaned_data["operator"]
            based = Vehicle.objects.home_based().filter(home_lot=lot, operator=operator).count()
            spaces = 0 if form.cleaned_data.get("DELETE") else form.cleaned_data.get("spaces") or 0
            if based > spaces:
                form.add_error(
                    None if form.cleaned_data.get("DELETE") else "spaces",
                    _("%(count)d of this operator's cars are based here; move or retire some first.")
                    % {"count": based},
                )


class SpaceAllocationInline(admin.TabularInline):
    model = SpaceAllocation
    formset = AllocationFormSet
    extra = 1
    autocomplete_fields = ["operator"]


@admin.register(ParkingLot)
class ParkingLotAdmin(CoordinatePickerAdmin, admin.ModelAdmin):
    list_display = ["name", "district", "total_spaces", "ev_charging", "opens_at", "closes_at"]
    list_filter = ["district", "ev_charging"]
    search_fields = ["name", "name_en", "address", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    list_select_related = ["district"]
    inlines = [SpaceAllocationInline]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for allocation in formset.new_objects + [obj for obj, _changed in formset.changed_objects]:
            record_decision(request.user, "allocated spaces", allocation)
        for allocation in formset.deleted_objects:
            record_decision(request.user, "withdrew allocation", allocation)


class SpaceAllocationForm(forms.ModelForm):
    class Meta:
        model = SpaceAllocation
        fields = ["lot", "operator", "spaces", "permit_start", "permit_end"]

    def clean(self):
        data = super().clean()
        if data.get("lot") and data.get("spaces"):
            try:
                rules.check_lot_capacity(data["lot"], data["spaces"], exclude_allocation=self.instance)
            except ValidationError as error:
                self.add_error("spaces", error.message_dict["spaces"])
        return data


@admin.register(SpaceAllocation)
class SpaceAllocationAdmin(admin.ModelAdmin):
    list_display = ["lot", "operator", "spaces", "permit_start", "permit_end"]
    list_filter = ["operator", "lot__district"]
    search_fields = ["lot__name", "operator__name"]
    list_select_related = ["lot", "operator"]
    autocomplete_fields = ["lot", "operator"]
    form = SpaceAllocationForm

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record_decision(request.user, "allocated spaces", obj)


class VehicleAdminForm(forms.ModelForm):
    class Meta:
        model = Vehicle
        fields = [
            "operator",
            "home_lot",
            "plate_number",
            "model_name",
            "vehicle_type",
            "propulsion",
            "seats",
            "price_per_10_min",
            "price_per_km",
            "range_km",
            "status",
        ]

    def clean(self):
        data = super().clean()
        lot, operator, status = data.get("home_lot"), data.get("operator"), data.get("status")
        if lot and operator and status != Vehicle.Status.RETIRED:
            moved = not self.instance.pk or self.instance.home_lot_id != lot.pk
            returning = self.instance.pk and self.instance.status == Vehicle.Status.RETIRED
            if moved or returning or self.instance.operator_id != operator.pk:
                try:
                    rules.check_lot_allocation(operator, lot, exclude_vehicle=self.instance)
                except ValidationError as error:
                    self.add_error("home_lot", error.message_dict["home_lot"])
        return data


class VehiclePhotoInline(PhotoInline):
    model = VehiclePhoto


@admin.register(Vehicle)
class VehicleAdmin(admin.ModelAdmin):
    form = VehicleAdminForm
    list_display = ["plate_number", "model_name", "operator", "home_lot", "vehicle_type", "propulsion", "status"]
    list_filter = ["status", "propulsion", "vehicle_type", "operator"]
    search_fields = ["plate_number", "model_name", "home_lot__name"]
    list_select_related = ["operator", "home_lot"]
    autocomplete_fields = ["operator", "home_lot"]
    inlines = [VehiclePhotoInline]


class AwaitingVerificationFilter(admin.SimpleListFilter):
    title = pgettext_lazy("licence check", "verification")
    parameter_name = "verification"

    def lookups(self, request, model_admin):
        return [
            ("waiting", pgettext_lazy("licence check", "Waiting for verification")),
            ("verified", pgettext_lazy("licence check", "Verified")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.awaiting_verification()
        if self.value() == "verified":
            return queryset.filter(verified_at__isnull=False)
        return queryset


verify_members = row_action(
    name="verify_members",
    description=_("Verify the selected members' licences"),
    verb_done=pgettext_lazy("done by an admin action", "verified"),
    apply=lambda member, user, data: services.verify_member(member, by_staff=user),
)


@admin.register(Membership)
class MembershipAdmin(RowButtonsMixin, admin.ModelAdmin):
    """The verification queue: filter "Waiting for verification", check the licence, verify."""

    row_buttons = [("verify_members", pgettext_lazy("admin row button", "Verify"), lambda m: m.verified_at is None)]

    list_display = ["user", "licence_class", "masked_licence_number", "licence_expires_on", "joined_at", "verified_at"]
    list_filter = [AwaitingVerificationFilter, "licence_class"]
    search_fields = ["user__email", "user__full_name", "licence_last_digits"]
    list_select_related = ["user"]
    actions = [verify_members]
    fields = [
        "user",
        "licence_class",
        "licence_number_for_staff",
        "licence_issued_on",
        "licence_expires_on",
        "date_of_birth",
        "joined_at",
        "verified_at",
        "verified_by",
        "verified_by_operator",
    ]
    readonly_fields = [
        "user",
        "licence_number_for_staff",
        "joined_at",
        "verified_at",
        "verified_by",
        "verified_by_operator",
    ]

    @admin.display(description=_("Licence number"))
    def masked_licence_number(self, member):
        return member.masked_licence_number

    @admin.display(description=_("Licence number"))
    def licence_number_for_staff(self, member):
        # Decrypted only on the one member's page, for checking against the licence register.
        return member.licence_number if member.pk else ""

    def has_add_permission(self, request):
        return False  # citizens join through the membership page, with the eligibility checks


class TripInline(admin.StackedInline):
    model = Trip
    extra = 0
    can_delete = False
    readonly_fields = [
        "started_at",
        "ended_at",
        "odometer_start_km",
        "odometer_end_km",
        "energy_level_at_return",
        "time_price",
        "distance_price",
        "late_fee",
    ]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["vehicle", "member", "booked_time", "status", "estimated_price", "final_price"]
    list_filter = ["status", "vehicle__operator", "vehicle__home_lot__district"]
    search_fields = ["vehicle__plate_number", "member__user__email", "member__user__full_name"]
    list_select_related = ["vehicle", "member__user"]
    readonly_fields = ["vehicle", "member", "period", "status", "estimated_price", "final_price", "cancelled_at"]
    inlines = [TripInline]
    actions = [
        row_action(
            name="cancel_bookings",
            description=_("Cancel the selected bookings (with a reason)"),
            form=ReasonForm,
            verb_done=_("cancelled"),
            apply=lambda booking, user, data: services.cancel_booking(booking, user, data["reason"]),
        )
    ]
    change_list_template = "admin/carshare/booking/change_list.html"

    @admin.display(description=_("time"), ordering="period")
    def booked_time(self, booking):
        return one_line(timezone.localtime(booking.start), timezone.localtime(booking.end))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        report = self.admin_site.admin_view(self.monthly_report)
        return [path("report/", report, name="carshare_monthly_report"), *super().get_urls()]

    def monthly_report(self, request):
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        today = timezone.localdate()
        form = ReportMonthForm(request.GET or {"month": f"{today:%Y-%m}"})
        month = form.cleaned_data["month"] if form.is_valid() else date(today.year, today.month, 1)
        operators = reports.by_operator(month.year, month.month)
        lots = reports.by_lot(month.year, month.month)
        if request.GET.get("format") == "csv":
            return report_csv(month, operators, lots)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Monthly car-share report"),
            "form": form,
            "month": month,
            "operators": operators,
            "lots": lots,
            "operator_charts": reports.charts(operators, _("per operator")),
            "lot_charts": reports.charts(lots, _("per parking lot")),
            "month_charts": reports.charts(
                reports.city_by_month(month.year, month.month), _("by month"), heading=_("Month"), kind="bar"
            ),
            "opts": self.model._meta,
            "csv_url": f"{reverse('admin:carshare_monthly_report')}?month={month:%Y-%m}&format=csv",
        }
        return TemplateResponse(request, "admin/carshare/report.html", context)


class ReportMonthForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}),
        validators=[window("carshare")],
    )


def report_csv(month, operators, lots):
    """The version that leaves the city: counts under 10 become "<10"."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="carshare-report-{month:%Y-%m}.csv"'
    writer = csv.writer(response)
    header = [
        "level",
        "name",
        "cars",
        "bookings",
        "trips",
        "hours_used",
        "hours_held",
        "utilisation",
        "distance_km",
        "electric_share",
    ]
    writer.writerow(header)
    for level, rows in (("operator", operators), ("lot", lots)):
        for row in rows:
            published = row.published()
            writer.writerow([level, *(published[h] for h in header[1:])])
    return response


@admin.register(Trip)
class TripAdmin(admin.ModelAdmin):
    list_display = ["booking", "started_at", "ended_at", "distance", "energy_level_at_return"]
    list_select_related = ["booking__vehicle"]
    date_hierarchy = "started_at"
    search_fields = ["booking__vehicle__plate_number"]

    @admin.display(description=_("distance (km)"))
    def distance(self, trip):
        return trip.distance_km

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # A trip is what the member was charged for: it stays on record.
        return False
