"""Facility search filters, shared by the search page and the API."""

from datetime import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facilities.availability import SEOUL
from facilities.models import Access, Amenity, Facility
from sharingcity.filters import StrictBooleanFilter
from sharingcity.limits import window
from sharingcity.models import District
from sharingcity.widgets import DateInput, DistrictSelect, FastSelect, TimeInput


class SearchForm(forms.Form):
    def clean(self):
        data = super().clean()
        day, time_from, time_to = data.get("date"), data.get("time_from"), data.get("time_to")
        day = self.within_window("date", day)
        if day and not (time_from and time_to):
            self.add_error("time_to", _("Give both times to search for a free room on that date."))
        if (time_from or time_to) and not day:
            self.add_error("date", _("Give the date you need the room on."))
        if time_from and time_to and time_to <= time_from:
            self.add_error("time_to", _("The end time must be after the start time."))
        elif day and time_from and time_to:
            self.check_not_passed(day, time_from)
        free_from, free_to = data.get("free_from"), data.get("free_to")
        free_from, free_to = self.within_window("free_from", free_from), self.within_window("free_to", free_to)
        if bool(free_from) != bool(free_to):
            self.add_error("free_to", _("Give both free_from and free_to."))
        if free_from and free_to and free_to <= free_from:
            self.add_error("free_to", _("free_to must be after free_from."))
        return data

    def check_not_passed(self, day, time_from):
        """A room cannot be booked for a time that is over, so the search does not offer one."""
        if day < timezone.localdate():
            self.add_error("date", _("This date has passed. Choose today or a later date."))
        elif datetime.combine(day, time_from, tzinfo=SEOUL) <= timezone.now():
            self.add_error("time_from", _("This time has passed today. Choose a later time."))

    def within_window(self, name, value):
        """The value when its day is within the programme's window; else an error on the field and None."""
        if value is None:
            return None
        try:
            window("facilities").check(value)
        except forms.ValidationError as error:
            self.add_error(name, error)
            return None
        return value

    def wanted_time(self):
        """The [start, end) the citizen wants the room free for, or None."""
        data = self.cleaned_data
        if data.get("date") and data.get("time_from") and data.get("time_to"):
            return (
                datetime.combine(data["date"], data["time_from"], tzinfo=SEOUL),
                datetime.combine(data["date"], data["time_to"], tzinfo=SEOUL),
            )
        if data.get("free_from") and data.get("free_to"):
            return data["free_from"], data["free_to"]
        return None


class FacilityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Name"))
    district = django_filters.ModelChoiceFilter(
        widget=DistrictSelect,
        queryset=District.objects.all(),
        to_field_name="slug",
        label=_("District"),
        empty_label=_("All districts"),
    )
    kind = django_filters.ChoiceFilter(
        widget=FastSelect, choices=Facility.Kind.choices, label=_("Kind"), empty_label=_("All kinds")
    )
    capacity = django_filters.NumberFilter(
        field_name="capacity", lookup_expr="gte", min_value=1, label=_("People (at least)")
    )
    amenities = django_filters.MultipleChoiceFilter(
        choices=Amenity.choices,
        method="filter_amenities",
        label=_("Amenities"),
        widget=forms.CheckboxSelectMultiple,
    )
    accessibility = django_filters.MultipleChoiceFilter(
        choices=Access.choices,
        method="filter_accessibility",
        label=_("Accessibility"),
        widget=forms.CheckboxSelectMultiple,
    )
    free_of_charge = StrictBooleanFilter(
        method="filter_free_of_charge", label=_("Free of charge only"), widget=forms.CheckboxInput
    )

    class Meta:
        model = Facility
        fields = ["q", "district", "kind", "capacity", "amenities", "accessibility", "free_of_charge"]
        form = SearchForm

    def filter_q(self, queryset, name, value):
        return queryset.filter(name__icontains=value) | queryset.filter(name_en__icontains=value)

    def filter_amenities(self, queryset, name, value):
        return queryset.with_amenities(value)

    def filter_accessibility(self, queryset, name, value):
        return queryset.with_access(value)

    def filter_free_of_charge(self, queryset, name, value):
        return queryset.filter(fee_per_hour=0) if value else queryset

    @property
    def qs(self):
        queryset = super().qs
        wanted = self.form.wanted_time() if self.form.is_valid() else None
        if wanted:
            queryset = queryset.free_between(*wanted)
        return queryset


class FacilitySearchFilter(FacilityFilter):
    """The search page asks for a date and two clock times, as people say it."""

    date = django_filters.DateFilter(method="no_op", label=_("Free on"), widget=DateInput())
    time_from = django_filters.TimeFilter(method="no_op", label=_("from"), widget=TimeInput())
    time_to = django_filters.TimeFilter(method="no_op", label=_("to"), widget=TimeInput())

    class Meta(FacilityFilter.Meta):
        fields = [
            "q",
            "district",
            "kind",
            "capacity",
            "date",
            "time_from",
            "time_to",
            "amenities",
            "accessibility",
            "free_of_charge",
        ]

    def no_op(self, queryset, name, value):
        return queryset


class FacilityApiFilter(FacilityFilter):
    """The API takes the wanted time as two ISO 8601 date-times."""

    free_from = django_filters.IsoDateTimeFilter(method="no_op", label="Free from (ISO 8601 date-time)")
    free_to = django_filters.IsoDateTimeFilter(method="no_op", label="Free until (ISO 8601 date-time)")

    class Meta(FacilityFilter.Meta):
        fields = [*FacilityFilter.Meta.fields, "free_from", "free_to"]

    def no_op(self, queryset, name, value):
        return queryset
