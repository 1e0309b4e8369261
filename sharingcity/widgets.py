"""Form widgets shared by the programmes."""

from django import forms
from django.conf import settings
from django.forms.utils import flatatt
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FastSelect(forms.Select):
    """A <select> built in Python. Django renders every <option> through a template, which costs
    milliseconds per page for lists of hundreds (every organisation, every parking lot), so search pages
    would slow down as the city adds them. The markup is the same as Django's."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            for option in options:
                value = "" if option["value"] is None else str(option["value"])
                parts.append(
                    format_html('<option value="{}"{}>{}</option>', value, flatatt(option["attrs"]), option["label"])
                )
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))


class DistrictOrder:
    """Districts in the alphabetical order of the page's language (가나다 in Korean), with "all" first.
    (The model orders by English name, which is no order at all to a Korean reader.)"""

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        empty = [group for group in groups if group[1][0]["value"] in ("", None)]
        named = sorted((group for group in groups if group not in empty), key=lambda group: str(group[1][0]["label"]))
        return [(group_name, options, index) for index, (group_name, options, _) in enumerate(empty + named)]


class DistrictSelect(DistrictOrder, FastSelect):
    """One district, from a drop-down list."""


class DistrictCheckboxes(DistrictOrder, forms.CheckboxSelectMultiple):
    """Several districts, as a list of checkboxes."""


class TypedInput(forms.TextInput):
    """A date or a time typed as people write it, with the format shown above the box: browsers' own
    pickers follow the browser's locale (an English browser asks for 12/02/2026 and 02:00 PM), and older
    users find typing the digits easier than working a small calendar."""

    format_hint = ""

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs={"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})
        self.format = format or self.format

    def format_value(self, value):
        if hasattr(value, "strftime"):
            return value.strftime(self.format)
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        if widget_attrs.get("id"):
            widget_attrs["aria-describedby"] = f"{widget_attrs['id']}_hint"
        return context


class DateInput(TypedInput):
    format = "%Y-%m-%d"
    format_hint = _("Year-month-day, for example 2026-12-09")

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs={"size": 12, "maxlength": 12, **(attrs or {})}, format=format)


class TimeInput(TypedInput):
    format = "%H:%M"
    format_hint = _("Hours:minutes on the 24-hour clock, for example 14:30")

    def __init__(self, attrs=None, format=None):
        attrs = {key: value for key, value in (attrs or {}).items() if key != "step"}
        super().__init__(attrs={"size": 6, "maxlength": 5, **attrs}, format=format)


class DateTimeInput(TypedInput):
    format = "%Y-%m-%d %H:%M"
    format_hint = _("Year-month-day and time, for example 2026-12-09 14:30")

    def __init__(self, attrs=None, format=None):
        attrs = {key: value for key, value in (attrs or {}).items() if key != "step"}
        super().__init__(attrs={"size": 17, "maxlength": 19, **attrs}, format=format)


DASHES = "---------"


def with_placeholders(form):
    """Put a real prompt where Django shows "---------" in a form's drop-downs ("선택하세요" in a required
    choice, "전체" where nothing chosen means everything)."""
    for field in form.fields.values():
        prompt = pgettext_lazy("drop-down", "Choose one") if field.required else pgettext_lazy("drop-down", "Any")
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DASHES:
                field.empty_label = prompt
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)
            if choices and choices[0] == ("", DASHES):
                field.choices = [("", prompt), *choices[1:]]
    return form


class PlaceholderMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        with_placeholders(self)


class CoordinatePicker(forms.NumberInput):
    """The longitude field of a place in admin, with a map under it: a click fills latitude and longitude
    (static/js/admin_map.js). Both fields can still be typed by hand, and without JavaScript they are all
    there is."""

    latitude_id = "id_latitude"

    class Media:
        css = {"all": ["leaflet/leaflet.css"]}
        js = ["leaflet/leaflet.js", "js/admin_map.js"]

    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, value, attrs, renderer)
        box = format_html(
            '<div class="coordinate-map" data-coordinate-map data-latitude="{}" data-longitude="{}"'
            ' data-tile-url="{}" data-attribution="{}" data-help="{}" data-icon="{}" data-icon-retina="{}"'
            ' data-shadow="{}" hidden'
            ' style="height: 320px; width: 100%; max-width: 640px; flex: 0 0 100%; margin-top: 0.5rem"></div>',
            self.latitude_id,
            (attrs or {}).get("id", f"id_{name}"),
            settings.MAP_TILE_URL,
            settings.MAP_ATTRIBUTION,
            _("Click the map to set the latitude and longitude."),
            static("leaflet/images/marker-icon.png"),
            static("leaflet/images/marker-icon-2x.png"),
            static("leaflet/images/marker-shadow.png"),
        )
        return field + box
