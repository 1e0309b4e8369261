"""Charts: an SVG picture any screen reader can name, with its numbers in a table beside it, in the page's language."""

import re
from datetime import date

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from sharingcity.charts import MAX_BARS, Chart, Series, last_months, monthly


def chart(**overrides):
    values = {
        "title": _("Matches per month"),
        "heading": _("Month"),
        "labels": [date(2026, 11, 1), date(2026, 12, 1)],
        "series": [Series(_("New matches"), [1234, 0])],
    }
    return Chart(**{**values, **overrides})


def test_a_chart_is_an_image_named_by_its_title_without_any_script():
    with translation.override("en"):
        svg = chart().svg()
    assert svg.startswith('<svg role="img" aria-label="Matches per month"')
    assert "<title>Matches per month</title>" in svg
    assert "<script" not in svg and "xlink:href" not in svg


def test_the_table_beside_the_chart_holds_its_numbers_formatted_for_the_language():
    with translation.override("en"):
        html = render_to_string("includes/chart.html", {"chart": chart()})
    assert '<th scope="row">November 2026</th><td>1,234</td>' in html
    with translation.override("ko"):
        html = render_to_string("includes/chart.html", {"chart": chart()})
    assert '<th scope="row">2026년 11월</th><td>1,234</td>' in html
    assert "<caption>월별 매칭</caption>" in html


def test_a_korean_page_draws_the_chart_in_korean():
    shown = chart()
    with translation.override("ko"):
        svg = shown.svg()
    assert 'aria-label="월별 매칭"' in svg and "2026년 11월" in svg
    with translation.override("en"):
        assert "November 2026" in shown.svg()  # the same chart, drawn again for the other language


def test_percentages_read_as_percentages_and_missing_values_as_a_dash():
    shown = chart(series=[Series(_("Matched within 4 months"), [12.5, None])], percent=True)
    with translation.override("en"):
        assert [values for _label, values in shown.rows()] == [["12.5%"], ["—"]]


def test_the_same_chart_is_drawn_the_same_way_every_time():
    with translation.override("en"):
        assert chart().svg() == chart().svg()


def test_labels_and_titles_are_escaped_in_the_picture():
    shown = chart(title="<b>&</b>", labels=["<script>"])
    svg = shown.svg()
    assert "<script>" not in svg and "<b>" not in svg


def test_a_long_list_is_charted_up_to_a_limit_and_tabled_in_full():
    labels = [f"Lot {n}" for n in range(MAX_BARS + 5)]
    shown = chart(labels=labels, series=[Series("hours", range(MAX_BARS + 5))], kind="horizontal")
    with translation.override("en"):
        html = render_to_string("includes/chart.html", {"chart": shown})
    assert f"Lot {MAX_BARS + 4}</th>" in html and f"Lot {MAX_BARS + 4}" not in str(shown.svg())
    assert f"the chart shows the first {MAX_BARS}" in html


def test_monthly_counts_fill_the_months_without_any_with_zero():
    months = last_months(3, today=date(2026, 1, 15))
    assert months == [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1)]
    this_month = last_months(1)[0]
    shown = monthly(title="t", name="n", counts={this_month: 4}, months=3)
    assert shown.series[0].values == (0, 0, 4)


@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_small_trend_keeps_its_numbers_folded_under_its_title(language):
    with translation.override(language):
        shown = monthly(title=_("Matches per month"), name=_("matches"), counts={}, months=6, small=True)
        html = render_to_string("includes/chart.html", {"chart": shown})
    assert re.search(r"<details class=\"chart-numbers\"><summary>[^<]+</summary>", html)
    assert html.count("<tr>") == 7  # the heading and six months


def test_numbers_are_rounded_not_cut_off():
    shown = chart(series=[Series("share", [0.76, 2.25])], percent=True)
    assert [values for _label, values in shown.rows()] == [["0.8%"], ["2.3%"]]


def test_counts_are_marked_in_whole_numbers_and_shares_in_round_percentages():
    with translation.override("en"):
        counts = chart(series=[Series("matches", [12, 5])]).svg()
        shares = chart(series=[Series("share", [100.0, 40.0])], percent=True).svg()
    assert ">12</text>" in counts and ">12.0" not in counts and ">2.5" not in counts
    assert ">100%</text>" in shares and ">120%" not in shares
