"""Form widgets shared by the programmes."""

from django import forms
from django.conf import settings
from django.forms.utils import flatatt
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _


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
