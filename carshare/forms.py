"""Forms with which citizens join car sharing and book a car."""

from django import forms
from django.db.models import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

from carshare.models import Membership
from sharingcity.limits import window
from sharingcity.widgets import DateInput, DateTimeInput, PlaceholderMixin

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


# As people type it (and as the form shows it); links may carry the ISO "T" form.
TYPED_FORMAT = "%Y-%m-%d %H:%M"
INPUT_FORMATS = [DATETIME_FORMAT, TYPED_FORMAT]


def datetime_field(label, required=True):
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=DateTimeInput(),
        input_formats=INPUT_FORMATS,
        validators=[window("carshare")],
    )


class MembershipForm(PlaceholderMixin, forms.Form):
    licence_class = forms.ChoiceField(
        label=_("Licence class"), choices=BLANK_CHOICE_DASH + Membership.LicenceClass.choices
    )
    licence_number = forms.CharField(
        label=_("Licence number"),
        max_length=20,
        help_text=_("12 digits, as on your licence card (for example 11-23-456789-01). We store it encrypted."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    licence_issued_on = forms.DateField(
        label=_("Licence first issued on"), widget=DateInput(), validators=[window("documents")]
    )
    licence_expires_on = forms.DateField(
        label=_("Licence valid until"), widget=DateInput(), validators=[window("documents")]
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"), widget=DateInput(attrs={"autocomplete": "bday"}), validators=[window("people")]
    )


class TimeWindowForm(forms.Form):
    start = datetime_field(_("Pick up"))
    end = datetime_field(_("Return"))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The return must be after the pick-up."))
        return data
