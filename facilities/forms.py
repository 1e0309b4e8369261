"""The booking form; its rules are the services' rules, so the form checks only the shape of the input."""

from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from facilities import payments
from facilities.availability import SEOUL
from facilities.models import PriceCategory, Reservation
from facilities.services import MAX_SERIES_WEEKS
from sharingcity.limits import model_char, model_integer, window
from sharingcity.phones import PhoneFormField
from sharingcity.widgets import DateInput, TimeInput


class BookingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput(), validators=[window("facilities")])
    start_time = forms.TimeField(label=_("From"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Until"), widget=TimeInput())
    attendees = model_integer(Reservation, "attendees", label=_("Number of attendees"), min_value=1)
    purpose = model_char(Reservation, "purpose", label=_("Purpose"))
    group_name = model_char(Reservation, "group_name", label=_("Group name"), required=False)
    contact_phone = PhoneFormField(label=_("Contact phone"))
    price_category = forms.ChoiceField(
        label=_("Price category"),
        required=False,
        help_text=_("For a discount, bring the proof (ID card or certificate): staff check it."),
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
        self.fields["attendees"].widget.attrs["max"] = facility.capacity
        if facility.fee_per_hour:
            self.fields["price_category"].choices = payments.rate_choices(facility)
            self.fields["price_category"].initial = PriceCategory.STANDARD
        else:
            del self.fields["price_category"]  # a free room has no rates

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

    def chosen_times(self):
        """The start and end the form holds, typed or prefilled from the grid, or None while incomplete."""
        try:
            day, start, end = (
                self.fields[name].clean(self[name].value()) for name in ("date", "start_time", "end_time")
            )
        except forms.ValidationError:
            return None
        if not (day and start and end) or end <= start:
            return None
        return datetime.combine(day, start, tzinfo=SEOUL), datetime.combine(day, end, tzinfo=SEOUL)

    def details(self):
        details = {key: self.cleaned_data[key] for key in ("attendees", "purpose", "group_name", "contact_phone")}
        return details | {"price_category": self.cleaned_data.get("price_category") or PriceCategory.STANDARD}


class WaitlistForm(BookingForm):
    """The time and party of a booking, for a time someone else holds (the rest is asked when it is offered)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("group_name", "contact_phone", "weeks", "price_category"):
            self.fields.pop(name, None)


class LotteryEntryForm(forms.Form):
    """An entry in a draw; the capacity rule is the booking's own (checked by the service)."""

    attendees = forms.IntegerField(label=_("Number of attendees"), min_value=1)
    purpose = forms.CharField(label=_("Purpose"), max_length=200)

    def __init__(self, *args, facility, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].widget.attrs["max"] = facility.capacity
