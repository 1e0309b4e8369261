"""FastSelect renders the same <select> as Django's own widget, only without a template per option."""

from django import forms
from django.test.html import parse_html

from sharingcity.widgets import FastSelect

CHOICES = [("", "All"), ("mapo-gu", "마포구"), ("a&b", "<Tom & Jerry>"), ("Groups", [("x", "X"), ("y", "Y")])]


def test_fast_select_renders_what_djangos_select_renders():
    for value in (None, "", "mapo-gu", "a&b", "y"):
        attrs = {"id": "id_district", "aria-describedby": "help"}
        fast = FastSelect(choices=CHOICES).render("district", value, attrs)
        django = forms.Select(choices=CHOICES).render("district", value, attrs)
        assert parse_html(fast) == parse_html(django), (value, fast, django)


def test_fast_select_escapes_labels_and_values():
    html = FastSelect(choices=CHOICES).render("district", "a&b")
    assert "<Tom" not in html and "&lt;Tom &amp; Jerry&gt;" in html
    assert 'value="a&amp;b" selected' in html
