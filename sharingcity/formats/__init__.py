"""Date formats per language (FORMAT_MODULE_PATH).

Django's Korean catalogue gives the three-letter weekday of `D` as a whole word ("수요일"); the portal's
catalogue gives the one-syllable form Koreans write in dates, "2026년 12월 2일 (수)". Marked here so that
`make messages` keeps them."""

from django.utils.translation import gettext_noop

WEEKDAYS_ABBR = [gettext_noop(day) for day in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")]
