"""What input the portal accepts: the dates each programme deals in, integers their column can hold, and
text without control characters. Forms and serializers take their bounds from here or from the model
field, so a limit is written once and an extreme value is refused with a message instead of a 500."""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

# NUL and the other C0/C1 control characters; tab, line feed and carriage return are ordinary text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_CHARACTERS_MESSAGE = _("Remove the control characters (such as NUL) from this value.")


def has_control_characters(value: str) -> bool:
    return bool(CONTROL_CHARACTERS.search(value))


@dataclass(frozen=True)
class DateWindow:
    """The days a programme deals in, counted from today (Seoul): `past_days` back, `future_days` ahead."""

    past_days: int
    future_days: int

    def first(self) -> date:
        return timezone.localdate() - timedelta(days=self.past_days)

    def last(self) -> date:
        return timezone.localdate() + timedelta(days=self.future_days)

    def __contains__(self, value: date | datetime) -> bool:
        if isinstance(value, datetime):
            try:
                value = timezone.localdate(value)
            except OverflowError:  # a moment at the very edge of the calendar: far outside any window
                return False
        return self.first() <= value <= self.last()

    def __call__(self, value: date | datetime) -> None:
        """A window is a validator: `forms.DateField(validators=[window("carshare")])`."""
        self.check(value)

    def check(self, value: date | datetime) -> None:
        """Raise a ValidationError when the day (of a date-time: in Seoul) is outside the window."""
        if value not in self:
            raise forms.ValidationError(self.message(), code="date_window")

    def message(self):
        return _("Choose a date between %(first)s and %(last)s.") % {
            "first": date_format(self.first()),
            "last": date_format(self.last()),
        }


# One window per programme. Facilities: three years of history, bookings and weekly series up to two
# years ahead (a facility's own booking window is narrower). Car sharing: history, bookings a year ahead.
# Room sharing: agreements run up to two years and may be planned a year ahead. People: birth dates and
# licences. Anything outside is refused before it reaches date arithmetic or the database.
WINDOWS = {
    "facilities": DateWindow(past_days=3 * 366, future_days=2 * 366),
    "carshare": DateWindow(past_days=3 * 366, future_days=366),
    "roomshare": DateWindow(past_days=3 * 366, future_days=3 * 366),
    "people": DateWindow(past_days=120 * 366, future_days=0),
    "documents": DateWindow(past_days=80 * 366, future_days=30 * 366),
}


def window(programme: str) -> DateWindow:
    return WINDOWS[programme]


def day_in_window(programme: str, value: str | None) -> date | None:
    """A query parameter read as an ISO date within the programme's window, or None."""
    try:
        day = date.fromisoformat(value) if value else None
    except ValueError:
        return None
    return day if day is not None and day in window(programme) else None


def bound_dates(form, **programmes):
    """Hold the named date fields of a (model) form to their programmes' windows."""
    for name, programme in programmes.items():
        form.fields[name].validators.append(window(programme))


class WindowDateTimeField(serializers.DateTimeField):
    """An API date-time whose day (in Seoul) is within its programme's window."""

    def __init__(self, *args, programme: str, **kwargs):
        self.window = window(programme)
        super().__init__(*args, **kwargs)

    def to_internal_value(self, value):
        try:
            value = super().to_internal_value(value)
            self.window.check(value)
        except OverflowError as error:  # DRF's time zone check on a moment at the edge of the calendar
            raise serializers.ValidationError(self.window.message()) from error
        except forms.ValidationError as error:
            raise serializers.ValidationError(error.messages) from error
        return value


def integer_bounds(model, field_name: str) -> tuple[int | None, int | None]:
    """The smallest and largest value the model field (and so its column) accepts, from the validators
    Django derives from the column type (and any the field adds)."""
    lowest, highest = None, None
    for validator in model._meta.get_field(field_name).validators:
        if isinstance(validator, MinValueValidator):
            lowest = validator.limit_value if lowest is None else max(lowest, validator.limit_value)
        elif isinstance(validator, MaxValueValidator):
            highest = validator.limit_value if highest is None else min(highest, validator.limit_value)
    return lowest, highest


def model_integer(model, field_name: str, field_class=forms.IntegerField, **kwargs):
    """A form or serializer IntegerField bounded like the model field it fills."""
    lowest, highest = integer_bounds(model, field_name)
    kwargs.setdefault("min_value", lowest)
    kwargs.setdefault("max_value", highest)
    return field_class(**kwargs)


def model_char(model, field_name: str, field_class=forms.CharField, **kwargs):
    """A form or serializer CharField no longer than the model field's column."""
    kwargs.setdefault("max_length", model._meta.get_field(field_name).max_length)
    return field_class(**kwargs)
