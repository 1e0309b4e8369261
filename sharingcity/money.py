"""Amounts of money as people read them: Korean won with thousands separators, "12,000원" / "KRW 12,000"."""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import pgettext


def krw(amount) -> str:
    if amount is None:
        return ""
    return pgettext("money", "KRW %(amount)s") % {"amount": intcomma(int(amount))}
