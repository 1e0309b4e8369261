"""Forms with which citizens join car sharing and book a car."""

from django import forms
from django.utils.translation import gettext_lazy as _

from carshare.models import Membership
from sharingcity.limits import window

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    """A native date-and-time picker moving in 10-minute steps."""

    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, attrs={"step": 600}, **kwargs)


def datetime_field(label, required=True):
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=DateTimeInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        validators=[window("carshare")],
    )


class MembershipForm(forms.Form):
    licence_class = forms.ChoiceField(label=_("Licence class"), choices=Membership.LicenceClass.choices)
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
