"""Form widgets shared by the programmes."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


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
