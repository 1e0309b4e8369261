"""The home page's figures are counted at most once per HOME_FIGURES_SECONDS, not on every visit."""

import pytest

from sharingcity.programmes import forget_home_cards
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_figures():
    forget_home_cards()
    yield
    forget_home_cards()


def hub_figures(response):
    return dict(next(card for card in response.context["cards"] if card["key"] == "hub")["figures"])


def test_a_second_visit_counts_nothing_and_shows_the_same_figures(client, settings, django_assert_num_queries):
    settings.HOME_FIGURES_SECONDS = 300
    ServiceFactory()
    first = client.get("/")
    ServiceFactory()
    with django_assert_num_queries(1):  # the latest news only
        second = client.get("/")
    assert hub_figures(second) == hub_figures(first)


def test_the_figures_are_counted_again_once_they_expire(client, settings):
    settings.HOME_FIGURES_SECONDS = 300
    before = hub_figures(client.get("/"))
    ServiceFactory()
    forget_home_cards()  # as their time runs out
    assert hub_figures(client.get("/")) != before


def test_cached_figures_speak_the_visitors_language(client, settings):
    settings.HOME_FIGURES_SECONDS = 300
    assert "공유 서비스" in client.get("/").text
    client.cookies["django_language"] = "en"
    assert "sharing services" in client.get("/").text


def test_a_trend_beside_the_figures_comes_from_the_same_counting(client, settings, django_assert_num_queries):
    settings.HOME_FIGURES_SECONDS = 300
    client.get("/")
    with django_assert_num_queries(1):  # the latest news only: the trends were counted with the figures
        page = client.get("/").text
    assert 'aria-label="월별 예약"' in page and 'aria-label="월별 매칭"' in page
    assert "<summary>월별 예약</summary>" in page
    client.cookies["django_language"] = "en"
    with django_assert_num_queries(1):
        page = client.get("/").text
    assert 'aria-label="Bookings per month"' in page and "<summary>Matches per month</summary>" in page
