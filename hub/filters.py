"""Filters for sharing services, shared by the public pages and the API."""

import django_filters
from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from hub.models import Organisation, Service
from sharingcity.filters import StrictBooleanFilter
from sharingcity.models import District
from sharingcity.widgets import DistrictSelect, FastSelect


class ServiceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    category = django_filters.ChoiceFilter(
        widget=FastSelect, choices=Service.Category.choices, label=_("Category"), empty_label=_("All categories")
    )
    district = django_filters.ModelChoiceFilter(
        widget=DistrictSelect,
        queryset=District.objects.all(),
        field_name="districts",
        to_field_name="slug",
        label=_("District"),
        empty_label=_("All districts"),
    )
    free = StrictBooleanFilter(
        field_name="is_free", method="filter_free", label=_("Free only"), widget=forms.CheckboxInput
    )
    # Chosen from an organisation's page, not from a list of every organisation in the city.
    organisation = django_filters.ModelChoiceFilter(
        widget=forms.HiddenInput,
        queryset=Organisation.objects.published(),
        to_field_name="slug",
        label=_("Organisation"),
        empty_label=_("All organisations"),
    )
    ordering = django_filters.OrderingFilter(
        fields=(("title", "title"), ("updated_at", "updated"), ("last_verified", "verified")),
        # Every direction named in words, not Django's "Name (descending)".
        field_labels={
            "title": _("Name, A to Z"),
            "-title": _("Name, Z to A"),
            "updated": _("Least recently updated"),
            "-updated": _("Recently updated"),
            "verified": _("Verified longest ago"),
            "-verified": _("Recently verified"),
        },
        label=_("Order by"),
        empty_label=_("Default order"),
    )

    class Meta:
        model = Service
        fields = ["q", "category", "district", "free", "organisation"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_free(self, queryset, name, value):
        return queryset.filter(is_free=True) if value else queryset

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("ordering") and self.form.cleaned_data.get("q"):
            # With a search text and no chosen order, services whose title matches come first.
            return queryset.order_by(F("title_match").desc(), "title")
        return queryset


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    kind = django_filters.ChoiceFilter(
        widget=FastSelect, choices=Organisation.Kind.choices, label=_("Kind"), empty_label=_("All kinds")
    )
    district = django_filters.ModelChoiceFilter(
        widget=DistrictSelect,
        queryset=District.objects.all(),
        to_field_name="slug",
        label=_("District"),
        empty_label=_("All districts"),
    )
    verified = StrictBooleanFilter(
        method="filter_verified", label=_("Verified by the city only"), widget=forms.CheckboxInput
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind", "district", "verified"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(name__icontains=value) | queryset.filter(name_en__icontains=value)

    def filter_verified(self, queryset, name, value):
        return queryset.filter(verified=True) if value else queryset
