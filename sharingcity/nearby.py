"""The "near me" choice shared by the search pages: your location, or a district's centre, and how far."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sharingcity.geo import Point, nearest
from sharingcity.models import District
from sharingcity.widgets import DistrictSelect


class NearForm(forms.Form):
    """Where "near me" is: the browser's location (hidden fields a script fills) or a district's centre."""

    near = forms.ModelChoiceField(
        queryset=District.objects.all(),
        to_field_name="slug",
        required=False,
        widget=DistrictSelect,
        label=_("Nearest to"),
        empty_label=_("No sorting by distance"),
    )
    within = forms.IntegerField(
        required=False, min_value=1, max_value=100, label=_("Within (km)"), widget=forms.NumberInput(attrs={"step": 1})
    )
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lng = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if (data.get("lat") is None) != (data.get("lng") is None):
            raise forms.ValidationError(
                _("Your location came without both coordinates. Try again or choose a district.")
            )
        return data

    @property
    def point(self) -> Point | None:
        """The point to measure from, once the form is valid: your location wins over a district."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("lat") is not None:
            return Point(data["lat"], data["lng"])
        if data.get("near"):
            return Point(float(data["near"].latitude), float(data["near"].longitude))
        return None

    def apply(self, queryset, prefix: str = ""):
        """`queryset` nearest first when a point is given; unchanged otherwise."""
        point = self.point
        if point is None:
            return queryset
        return nearest(queryset, point, within_km=self.cleaned_data.get("within"), prefix=prefix)
