"""Django's form renderer, with its standard widget templates (inputs, selects, checkboxes, radios,
text areas) done in Python.

Django renders every widget, and every option of a select or of a list of checkboxes, through a chain
of small templates (input.html includes attrs.html, ...): a search form of ten fields took several
milliseconds a page. The functions here produce the same markup as those templates, character for
character (tests/sharingcity/test_form_renderer.py compares them on every form of the portal). A
template that a project or app overrides, or a widget with a template of its own, still goes through
the template engine."""

from pathlib import Path

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime

STOCK = Path(forms.__file__).parent / "templates"
W = "django/forms/widgets/"


def _value(value):
    """`{{ value }}` with autoescaping, as the template engine renders it."""
    value = localize(template_localtime(value))
    return conditional_escape(value if isinstance(value, str) else str(value))


def _formatted(value):
    """`{{ value|stringformat:'s' }}`."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)
    return _value(mark_safe(text) if isinstance(value, SafeData) else text)


def _attrs(attrs):
    parts = []
    for name, value in attrs.items():
        if value is not False:
            parts.append(f" {_value(name)}" if value is True else f' {_value(name)}="{_formatted(value)}"')
    return "".join(parts)


def _input(widget):
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return f'<input type="{_value(widget["type"])}" name="{_value(widget["name"])}"{value}{_attrs(widget["attrs"])}>\n'


def _input_option(widget):
    if not widget.get("wrap_label"):
        return _input(widget) + "\n"
    label_for = f' for="{_value(widget["attrs"]["id"])}"' if widget["attrs"].get("id") else ""
    return f"<label{label_for}>{_input(widget)} {_value(widget['label'])}</label>\n"


class FastRenderer(DjangoTemplates):
    @cached_property
    def python(self):
        """The widget templates done in Python, for those that resolve to Django's own files."""
        inputs = ["text", "number", "email", "url", "password", "hidden", "date", "time", "datetime", "checkbox"]
        inputs += ["tel", "search", "color", "file"]
        table = {f"{W}{name}.html": lambda c: _input(c["widget"]) + "\n" for name in inputs}
        table[f"{W}input.html"] = lambda c: _input(c["widget"])
        table[f"{W}select.html"] = self._select
        table[f"{W}select_option.html"] = lambda c: self._option(c["widget"])
        table[f"{W}checkbox_select.html"] = lambda c: self._multiple(c["widget"]) + "\n"
        table[f"{W}radio.html"] = lambda c: self._multiple(c["widget"]) + "\n"
        table[f"{W}multiple_input.html"] = lambda c: self._multiple(c["widget"])
        table[f"{W}checkbox_option.html"] = lambda c: _input_option(c["widget"]) + "\n"
        table[f"{W}radio_option.html"] = lambda c: _input_option(c["widget"]) + "\n"
        table[f"{W}input_option.html"] = lambda c: _input_option(c["widget"])
        table[f"{W}textarea.html"] = self._textarea
        used = {W + name for name in ("input.html", "attrs.html", "input_option.html", "multiple_input.html")}
        own = set(table) | used
        if not all(Path(self.get_template(name).origin.name).is_relative_to(STOCK) for name in own):
            return {}  # someone changed the widget templates: theirs win
        return table

    def render(self, template_name, context, request=None):
        function = self.python.get(template_name)
        if function is None:
            return super().render(template_name, context, request)
        return function(context).strip()

    def _part(self, option):
        """An option, through Python when its template is a standard one (without the final strip)."""
        function = self.python.get(option["template_name"])
        if function is None:
            return self.get_template(option["template_name"]).render({"widget": option})
        return function({"widget": option})

    def _option(self, option):
        attrs = _attrs(option["attrs"])
        return f'<option value="{_formatted(option["value"])}"{attrs}>{_value(option["label"])}</option>\n'

    def _select(self, context):
        widget = context["widget"]
        parts = [f'<select name="{_value(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_value(group_name)}">')
            for option in group_choices:
                parts.append("\n  " + self._part(option))
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>\n")
        return "".join(parts)

    def _multiple(self, widget):
        id_ = widget["attrs"].get("id")
        parts = ["<div", f' id="{_value(id_)}"' if id_ else ""]
        if widget["attrs"].get("class"):
            parts.append(f' class="{_value(widget["attrs"]["class"])}"')
        parts.append(">")
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(f"\n  <div><label>{_value(group)}</label>")
            for option in options:
                parts.append("<div>\n    " + self._part(option) + "</div>")
            if group:
                parts.append("\n  </div>")
        parts.append("\n</div>\n")
        return "".join(parts)

    def _textarea(self, context):
        widget = context["widget"]
        value = _value(widget["value"]) if widget["value"] else ""
        return f'<textarea name="{_value(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>\n'
