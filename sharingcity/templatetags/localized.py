"""Texts written in Korean with an optional English twin, shown in the page's language and marked `lang="ko"`
where an English page falls back to the Korean (so screen readers read it in Korean)."""

import re

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def localized(obj, name, tag="span", lines=False):
    """`{% localized facility "description" "p" lines=True %}`: the text in an element of `tag`."""
    text, language = obj.localized(name)
    body = linebreaksbr(text, autoescape=True) if lines else text
    page = (get_language() or "ko")[:2]
    if language != page:
        return format_html('<{} lang="{}">{}</{}>', tag, language, body, tag)
    if tag == "span":
        return format_html("{}", body)
    return format_html("<{}>{}</{}>", tag, body, tag)


HANGUL = re.compile("[\uac00-\ud7a3]")


@register.filter
def lang_mark(text):
    """Text that exists only in Korean (an address, a plate number, a person's or a room's name), marked
    `lang="ko"` on a page in another language, so it is read in Korean and not taken for a missed string."""
    if text is None or text == "":
        return text
    if (get_language() or "ko").startswith("ko") or not HANGUL.search(str(text)):
        return text
    return format_html('<span lang="ko">{}</span>', text)
