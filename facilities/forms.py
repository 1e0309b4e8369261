"""The booking form; its rules are the services' rules, so the form checks only the shape of the input."""

from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from facilities.availability import SEOUL
from facilities.models import Reservation
from facilities.services import MAX_SERIES_WEEKS
from sharingcity.limits import model_char, model_integer, window


class BookingForm(forms.Form):
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}), validators=[window("facilities")]
    )
    start_time = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    attendees = model_integer(Reservation, "attendees", label=_("Number of attendees"), min_value=1)
    purpose = model_char(Reservation, "purpose", label=_("Purpose"))
    group_name = model_char(Reservation, "group_name", label=_("Group name"), required=False)
    contact_phone = model_char(
        Reservation,
        "contact_phone",
        label=_("Contact phone"),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    weeks = forms.TypedChoiceField(
        label=_("Repeat"),
        coerce=int,
        initial=1,
        choices=[(1, _("Only this date"))]
        + [(n, _("Every week for %(weeks)d weeks") % {"weeks": n}) for n in range(2, MAX_SERIES_WEEKS + 1)],
    )

    def __init__(self, *args, facility, **kwargs):
        super().__init__(*args, **kwargs)
        self.facility = facility
        step = facility.slot_minutes * 60
        self.fields["start_time"].widget.attrs["step"] = step
        self.fields["end_time"].widget.attrs["step"] = step
        self.fields["attendees"].widget.attrs["max"] = facility.capacity

    def clean(self):
        data = super().clean()
        if data.get("start_time") and data.get("end_time") and data["end_time"] <= data["start_time"]:
            self.add_error("end_time", _("The end time must be after the start time."))
        return data

    @property
    def start(self):
        return datetime.combine(self.cleaned_data["date"], self.cleaned_data["start_time"], tzinfo=SEOUL)

    @property
    def end(self):
        return datetime.combine(self.cleaned_data["date"], self.cleaned_data["end_time"], tzinfo=SEOUL)

    def details(self):
        return {key: self.cleaned_data[key] for key in ("attendees", "purpose", "group_name", "contact_phone")}
