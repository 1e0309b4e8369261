"""The four programmes on one site: each app's `programme` module tells the home page and My page
what it has to show, so the shared pages never import a programme's models themselves.

A programme module defines:
  card() -> dict(title, description, url, figures=[(label, value), ...])   # one or two queries
  my_page(user) -> dict(title, template, context) or None                  # a fixed number of queries
  nav() -> (title, url) or None                                            # no queries
  calendar_events(user) -> [CalendarEvent, ...]   (optional)             # for the personal iCalendar feed
  home_news() -> [article, ...]                   (optional)             # the home page's latest news
"""

import time
from importlib import import_module

from django.conf import settings

PROGRAMME_APPS = ["hub", "facilities", "carshare", "roomshare"]


def _modules():
    for app in PROGRAMME_APPS:
        yield import_module(f"{app}.programme")


def home_cards():
    """The programmes' cards, their figures counted at most once per HOME_FIGURES_SECONDS in each server
    process: counting over a million reservations and half a million members on every visit would make
    the home page slow down as the city grows. Kept in the process, not the shared cache: the labels
    are lazy translations (so each visitor reads them in their own language), and unpickling those on
    every visit cost more than the page itself."""
    seconds = settings.HOME_FIGURES_SECONDS
    now = time.monotonic()
    if seconds and _home_cards["cards"] is not None and now < _home_cards["until"]:
        return _home_cards["cards"]
    cards = [module.card() for module in _modules()]
    if seconds:
        _home_cards.update(cards=cards, until=now + seconds)
    return cards


def forget_home_cards():
    """Count the figures again on the next visit."""
    _home_cards.update(cards=None, until=0.0)


_home_cards = {"cards": None, "until": 0.0}


def my_page_sections(user):
    sections = []
    for module in _modules():
        section = module.my_page(user)
        if section:
            sections.append(section)
    return sections


def calendar_events(user):
    """Every programme's events for the user's personal feed (programmes without one are skipped)."""
    events = []
    for module in _modules():
        if hasattr(module, "calendar_events"):
            events.extend(module.calendar_events(user))
    return events


def navigation(request):
    """Context processor: the programmes' links in the site header."""
    links = [module.nav() for module in _modules()]
    return {"programme_nav": [link for link in links if link]}


def home_news():
    """The latest news from the programmes that publish some (the Sharing Hub today)."""
    return [article for module in _modules() if hasattr(module, "home_news") for article in module.home_news()]
