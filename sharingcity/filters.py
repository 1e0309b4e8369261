"""Filters every programme's search shares: a yes/no filter that refuses what it cannot read.

Django's yes/no widgets turn a value they do not know into "any" (a select) or "yes" (a checkbox), so
`?free=maybe` would quietly list everything; pages never send such values, and the API documents
true/false, so anything else is a field error (400) instead."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

YES = ("true", "True", "1", "on")
NO = ("false", "False", "0")
EITHER = ("", "unknown")  # "unknown" is what Django's yes/no select sends for its empty choice


class StrictNullBooleanSelect(forms.NullBooleanSelect):
    """Renders as Django's yes/no select; hands what was sent to the field, which refuses the unknown."""

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        if isinstance(value, str) and value not in ("2", "3"):  # the select's own codes for yes and no
            return value
        return super().value_from_datadict(data, files, name)


class StrictCheckboxInput(forms.CheckboxInput):
    """Renders as Django's checkbox; hands what was sent to the field, which refuses the unknown."""

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        return value if isinstance(value, str) else super().value_from_datadict(data, files, name)


class StrictBooleanField(forms.NullBooleanField):
    widget = StrictNullBooleanSelect

    def to_python(self, value):
        if value in (True, False, None):
            return value
        if value in YES:
            return True
        if value in NO:
            return False
        if value in EITHER:
            return None
        raise forms.ValidationError(_("Enter true or false."), code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    """A yes/no filter: true or false (or empty for either); anything else is a field error."""

    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        # A checkbox or select chosen for the page keeps its look, and learns to refuse.
        widget = kwargs.get("widget")
        if widget is forms.CheckboxInput:
            kwargs["widget"] = StrictCheckboxInput
        super().__init__(*args, **kwargs)
