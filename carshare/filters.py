"""Finding a car: by district or lot, time window, type, electric only and seats (pages and API alike)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from carshare.forms import INPUT_FORMATS
from carshare.models import ParkingLot, Vehicle
from sharingcity.filters import StrictBooleanFilter
from sharingcity.limits import window
from sharingcity.models import District
from sharingcity.widgets import DateTimeInput, DistrictSelect, FastSelect


class CarSearchForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if bool(start) != bool(end):
            raise forms.ValidationError(_("Give both the pick-up and the return time, or neither."))
        if start and end and end <= start:
            self.add_error("end", _("The return must be after the pick-up."))
        return data


class CarFilter(django_filters.FilterSet):
    district = django_filters.ModelChoiceFilter(
        widget=DistrictSelect,
        queryset=District.objects.all(),
        field_name="home_lot__district",
        to_field_name="slug",
        label=_("District"),
        empty_label=_("All districts"),
    )
    # Chosen from a parking lot's page, not from a list of the city's thousand lots.
    lot = django_filters.ModelChoiceFilter(
        widget=forms.HiddenInput,
        queryset=ParkingLot.objects.select_related("district"),
        field_name="home_lot",
        to_field_name="slug",
        label=_("Parking lot"),
        empty_label=_("All parking lots"),
    )
    start = django_filters.DateTimeFilter(
        method="filter_window",
        label=_("Pick up"),
        widget=DateTimeInput(),
        input_formats=INPUT_FORMATS,
        validators=[window("carshare")],
    )
    end = django_filters.DateTimeFilter(
        method="filter_window",
        label=_("Return"),
        widget=DateTimeInput(),
        input_formats=INPUT_FORMATS,
        validators=[window("carshare")],
    )
    vehicle_type = django_filters.ChoiceFilter(
        widget=FastSelect, choices=Vehicle.Type.choices, label=_("Vehicle type"), empty_label=_("Any type")
    )
    electric = StrictBooleanFilter(method="filter_electric", label=_("Electric only"), widget=forms.CheckboxInput)
    seats = django_filters.NumberFilter(
        field_name="seats", lookup_expr="gte", label=_("At least this many seats"), min_value=1, max_value=15
    )

    class Meta:
        model = Vehicle
        fields = ["district", "lot", "start", "end", "vehicle_type", "electric", "seats"]
        form = CarSearchForm

    def filter_window(self, queryset, name, value):
        return queryset  # applied once both ends are known, in `qs`

    def filter_electric(self, queryset, name, value):
        return queryset.filter(propulsion=Vehicle.Propulsion.ELECTRIC) if value else queryset

    @property
    def window(self):
        data = self.form.cleaned_data if self.form.is_valid() else {}
        if data.get("start") and data.get("end"):
            return data["start"], data["end"]
        return None

    @property
    def qs(self):
        queryset = super().qs
        if self.window:
            queryset = queryset.free_between(*self.window)
        return queryset


class ParkingLotFilter(django_filters.FilterSet):
    """The public lots API: by district and by whether the lot charges electric cars."""

    district__slug = django_filters.CharFilter(label=_("District"))
    ev_charging = StrictBooleanFilter(label=_("EV charging"))

    class Meta:
        model = ParkingLot
        fields = ["district__slug", "ev_charging"]
