"""Filters of the anonymised room list, shared by the page and the API."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from roomshare.models import Room
from sharingcity.filters import StrictBooleanFilter
from sharingcity.limits import integer_bounds, window
from sharingcity.models import District
from sharingcity.widgets import DateInput, DistrictSelect, FastSelect


class RoomFilter(django_filters.FilterSet):
    district = django_filters.ModelChoiceFilter(
        widget=DistrictSelect,
        queryset=District.objects.all(),
        field_name="host__district",
        to_field_name="slug",
        label=_("District"),
        empty_label=_("All districts"),
    )
    max_rent = django_filters.NumberFilter(
        field_name="rent",
        lookup_expr="lte",
        label=_("Rent up to (KRW)"),
        min_value=integer_bounds(Room, "rent")[0],
        max_value=integer_bounds(Room, "rent")[1],
    )
    move_in = django_filters.DateFilter(
        field_name="available_from",
        lookup_expr="lte",
        label=_("Free by (move-in date)"),
        widget=DateInput(),
        validators=[window("roomshare")],
    )
    bathroom = django_filters.ChoiceFilter(
        widget=FastSelect, choices=Room.Bathroom.choices, label=_("Bathroom"), empty_label=_("Any")
    )
    furnished = StrictBooleanFilter(
        label=_("Furniture"),
        widget=forms.Select(choices=[("", _("Any")), ("true", _("Furnished")), ("false", _("Unfurnished"))]),
    )
    ordering = django_filters.OrderingFilter(
        fields=(("rent", "rent"), ("available_from", "available")),
        field_labels={
            "rent": _("Rent, lowest first"),
            "-rent": _("Rent, highest first"),
            "available": _("Available soonest"),
            "-available": _("Available latest"),
        },
        label=_("Order by"),
        empty_label=_("Default order"),
    )

    class Meta:
        model = Room
        fields = ["district", "max_rent", "move_in", "bathroom", "furnished"]
