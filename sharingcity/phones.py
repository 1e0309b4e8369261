"""Korean phone numbers (mobile 010-1234-5678, landlines such as 02-123-4567), checked by Google's
libphonenumber and stored in one normal form: the national format with hyphens.

Every model, form and serializer that takes a phone uses these fields, so "01012345678", "010 1234 5678"
and "+82 10-1234-5678" are one number, and "12345" is refused with a message that shows the format.
"""

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

REGION = "KR"
MAX_LENGTH = 30
INVALID = _("Enter a Korean phone number, such as 010-1234-5678 or 02-123-4567.")


def parse_phone(value: str) -> str | None:
    """The number in its normal form ("010-1234-5678"), or None when it is not a Korean phone number."""
    try:
        number = phonenumbers.parse(value, REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number_for_region(number, REGION):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def normal_phone(value: str) -> str:
    """`value` in the normal form where it is a valid number; anything else as it was."""
    return (parse_phone(value) or value) if value else value


def validate_phone(value: str):
    if value and parse_phone(value) is None:
        raise ValidationError(INVALID, code="phone")


class PhoneFormField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})
    default_validators = [validate_phone]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_LENGTH)
        super().__init__(**kwargs)

    def clean(self, value):
        return normal_phone(super().clean(value))


class PhoneSerializerField(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_LENGTH)
        kwargs.setdefault("help_text", "A Korean phone number; answered in the form 010-1234-5678 or 02-123-4567.")
        super().__init__(**kwargs)
        if validate_phone not in self.validators:  # a ModelSerializer passes the model field's own
            self.validators.append(validate_phone)

    def to_internal_value(self, data):
        return normal_phone(super().to_internal_value(data))


class PhoneField(models.CharField):
    """A Korean phone number, saved in the normal form whatever path the row is written by."""

    default_validators = [validate_phone]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", MAX_LENGTH)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = normal_phone(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhoneFormField, **kwargs})


# ModelSerializers of a model with a PhoneField take and normalise it like a hand-declared one.
serializers.ModelSerializer.serializer_field_mapping[PhoneField] = PhoneSerializerField


def normalise_stored_phones(model, field: str):
    """Data migrations: rewrite stored numbers in the normal form, one UPDATE per distinct spelling.
    Values that are not valid numbers stay as they are, for staff to correct."""
    spellings = model.objects.exclude(**{field: ""}).values_list(field, flat=True).distinct()
    for value in list(spellings):
        if normal_phone(value) != value:
            model.objects.filter(**{field: value}).update(**{field: normal_phone(value)})
