"""The Python widget renderer gives exactly the markup of Django's widget templates."""

import inspect
from importlib import import_module

import django_filters
import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from sharingcity.form_renderer import FastRenderer

pytestmark = pytest.mark.django_db

GROUPED = [("", "---"), ("Fruit", [("a", "Apple & pear"), ("b", mark_safe("<b>Banana</b>"))]), ("c", "Cherry")]


class EveryWidget(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"placeholder": 'say "hi" <now>', "autofocus": True}))
    hidden = forms.CharField(widget=forms.HiddenInput)
    number = forms.IntegerField(min_value=1, max_value=15, help_text="seats")
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time", "step": 1800}, format="%H:%M"))
    when = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"disabled": False}))
    agree = forms.BooleanField(required=False)
    file = forms.FileField(required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    choice = forms.ChoiceField(choices=GROUPED)
    many = forms.MultipleChoiceField(choices=GROUPED, widget=forms.SelectMultiple)
    boxes = forms.MultipleChoiceField(choices=GROUPED, widget=forms.CheckboxSelectMultiple(attrs={"class": "x"}))
    radio = forms.ChoiceField(choices=GROUPED, widget=forms.RadioSelect)
    yes_no = forms.NullBooleanField()


def the_portals_forms():
    """Every form and filter set of the portal that can be made without arguments."""
    for app in ["sharingcity", "hub", "facilities", "carshare", "roomshare"]:
        for name in ("forms", "filters"):
            try:
                module = import_module(f"{app}.{name}")
            except ImportError:
                continue
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ != module.__name__:
                    continue
                if issubclass(cls, django_filters.FilterSet):
                    yield lambda data, cls=cls: cls(data, queryset=cls._meta.model.objects.none()).form
                elif issubclass(cls, forms.BaseForm):
                    yield lambda data, cls=cls: cls(data)


def rendered(form, renderer):
    form.renderer = renderer
    return {name: str(form[name]) for name in form.fields}


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"text": "<script>", "number": "0", "date": "2026-13-40", "time": "25:00", "note": "a\nb & c"},
        {"choice": "b", "many": ["a", "c"], "boxes": ["b"], "radio": "c", "agree": "on", "yes_no": "true"},
    ],
)
def test_every_standard_widget_renders_as_djangos_templates_do(data):
    form = EveryWidget(data)
    form.is_valid() if data else None
    assert rendered(form, FastRenderer()) == rendered(EveryWidget(data), DjangoTemplates())


@pytest.mark.parametrize("data", [None, {"q": "공유 & <b>", "capacity": "-1", "date": "x", "start": "x", "seats": 99}])
def test_every_form_of_the_portal_renders_as_with_djangos_templates(data):
    makers = list(the_portals_forms())
    assert len(makers) > 10
    for make in makers:
        try:
            fast, stock = make(data), make(data)
        except TypeError:
            continue  # needs arguments of its own (a facility, a user)
        if data:
            fast.is_valid(), stock.is_valid()
        assert rendered(fast, FastRenderer()) == rendered(stock, DjangoTemplates()), type(fast)


def test_the_portal_uses_the_python_renderer(settings):
    assert settings.FORM_RENDERER == "sharingcity.form_renderer.FastRenderer"
