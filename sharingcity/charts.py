"""Server-rendered SVG charts (pygal), each shown with the same numbers in a table: every chart of the portal
is made here, so they all read, translate and format numbers the same way, and none needs JavaScript."""

import hashlib
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pygal
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from pygal.style import Style

# The site's colours and fonts (static/css/site.css): ink, muted text, the brand blue first.
STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1b1f24",
    foreground_strong="#1b1f24",
    foreground_subtle="#4f5965",
    opacity="1",
    opacity_hover="0.85",
    colors=("#0b5cad", "#8a4b00", "#1d6b33", "#b00020", "#4f5965"),
    font_family='"Noto Sans KR", "Noto Sans CJK KR", "Apple SD Gothic Neo", "Malgun Gothic", system-ui, sans-serif',
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=13,
    title_font_size=16,
    legend_font_size=13,
)
KINDS = {"bar": pygal.Bar, "horizontal": pygal.HorizontalBar, "line": pygal.Line}
# Past this many categories a chart shows the first ones only; its table lists them all.
MAX_BARS = 30
# pygal's comments, and the script that hands its settings to its tooltips script (which we leave out).
_LEFT_OUT = re.compile(r"<!--.*?-->|<script\b.*?</script>", re.DOTALL)


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple

    def __init__(self, name, values):
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "values", tuple(values))


@dataclass
class Chart:
    """A chart and its data table. Titles and names may be lazy translations and labels may be months
    (dates): both are put into words when the chart is shown, in the visitor's language."""

    title: str
    heading: str  # what the labels are ("Month", "District"): the table's first column
    labels: tuple
    series: tuple
    percent: bool = False
    kind: str = "bar"
    small: bool = False  # a trend beside figures: no axes, its table folded away
    _svg: dict = field(default_factory=dict, repr=False, compare=False)
    _whole: bool = field(default=False, init=False, repr=False, compare=False)

    def __post_init__(self):
        self.labels, self.series = tuple(self.labels), tuple(self.series)
        # Counts stay whole numbers wherever they are written, pygal's axis and tooltips included.
        values = [v for s in self.series for v in s.values if v is not None]
        self._whole = not self.percent and all(isinstance(v, int) for v in values)

    def format(self, value):
        if value is None:
            return "—"
        if self.percent:
            return f"{formats.number_format(_tenths(value), 1, force_grouping=True)}%"
        if isinstance(value, int) or self._whole:
            return formats.number_format(round(value), 0, force_grouping=True)
        return formats.number_format(_tenths(value), 1, force_grouping=True)

    def label_texts(self):
        return [
            formats.date_format(label, "YEAR_MONTH_FORMAT") if isinstance(label, date) else str(label)
            for label in self.labels
        ]

    def rows(self):
        """The table: one row per label, its value in each series, formatted for the language."""
        values = [s.values for s in self.series]
        return [(label, [self.format(v[i]) for v in values]) for i, label in enumerate(self.label_texts())]

    @property
    def is_empty(self):
        return not self.labels or all(v is None or v == 0 for s in self.series for v in s.values)

    @property
    def shown(self):
        return min(len(self.labels), MAX_BARS)

    @property
    def truncated(self):
        return len(self.labels) > MAX_BARS

    def svg(self):
        """The inline SVG (role="img", named by its title), drawn once per language."""
        language = get_language()
        if language not in self._svg:
            self._svg[language] = mark_safe(self._render())  # noqa: S308 - pygal escapes every text it draws
        return self._svg[language]

    def _render(self):
        title = str(self.title)
        count = self.shown
        config = {
            "style": STYLE,
            "js": [],  # no script: the chart is a picture, the table holds the numbers
            "disable_xml_declaration": True,
            "show_legend": len(self.series) > 1,
            "legend_at_bottom": True,
            "value_formatter": self.format,
            "truncate_label": -1,
            "truncate_legend": -1,
            "include_x_axis": True,
            "print_values": False,
        }
        if self.small:
            config.update(width=240, height=80, show_x_labels=False, show_y_labels=False, show_legend=False, margin=2)
            config.update(show_dots=False, stroke_style={"width": 3}, fill=True, show_y_guides=False)
        elif self.kind == "horizontal":
            config.update(width=720, height=120 + 34 * count * max(1, len(self.series)) ** 0.5, title=title)
        else:
            config.update(width=720, height=360, title=title, x_label_rotation=30 if count > 6 else 0)
        config["y_labels"] = self._axis()
        labels, rows = self.label_texts()[:count], [[_plain(v) for v in s.values[:count]] for s in self.series]
        if self.kind == "horizontal" and not self.small:
            # pygal stacks bars from the bottom up: turned over, the chart reads top down like its table.
            labels, rows = labels[::-1], [values[::-1] for values in rows]
        chart = KINDS["line" if self.small else self.kind](**config)
        chart.x_labels = labels
        for series, values in zip(self.series, rows, strict=True):
            chart.add(str(series.name), values)
        svg = _LEFT_OUT.sub("", chart.render(is_unicode=True))
        # pygal names each chart by a random id (its styles hang on it): name it by what it shows instead,
        # so a page looks the same on every visit and its cached copy is reused.
        stable = hashlib.sha1(repr((title, self.label_texts(), self.series)).encode()).hexdigest()[:12]
        svg = svg.replace(chart.uuid, stable)
        label = escape(title)
        opening = svg.index(">") + 1
        named = "" if "title" in config else f"<title>{label}</title>"
        return f'<svg role="img" aria-label="{label}" focusable="false" {svg[5:opening]}{named}{svg[opening:]}'

    def _axis(self, steps=6):
        """Round numbers along the value axis (whole ones for counts), each written as the table writes it."""
        top = Decimal(str(max((v for s in self.series for v in s.values if v is not None), default=0) or 1))
        step = _nice_step(top / steps)
        if self._whole:
            step = max(1, round(step))
        ticks = [step * n for n in range(math.ceil(top / step) + 1)]
        return [{"label": self._tick(tick), "value": float(tick)} for tick in ticks]

    def _tick(self, tick):
        if tick != int(tick):
            return self.format(tick)
        whole = formats.number_format(int(tick), 0, force_grouping=True)
        return f"{whole}%" if self.percent else whole


def _nice_step(rough):
    """1, 2 or 5 times a power of ten, the nearest at or above `rough`."""
    power = Decimal(10) ** rough.adjusted()
    return next(factor * power for factor in (1, 2, 5, 10) if factor * power >= rough)


def last_months(count, today=None):
    """The first days of the last `count` months, this month last."""
    first = (today or timezone.localdate()).replace(day=1)
    months = [first]
    while len(months) < count:
        months.insert(0, (months[0] - timedelta(days=1)).replace(day=1))
    return months


def monthly(*, title, name, counts, months=12, small=False):
    """A count per month over the last `months` months (`counts` maps a month's first day, as a date or a
    datetime, to its count; months it lacks count 0)."""
    counts = {(month.date() if isinstance(month, datetime) else month): n for month, n in counts.items()}
    labels = last_months(months)
    series = Series(name, [counts.get(month, 0) for month in labels])
    return Chart(
        title=title, heading=_("Month"), labels=labels, series=[series], kind="line" if small else "bar", small=small
    )


def _tenths(value):
    """To one decimal, halves up (Django's number_format cuts a float's digits off rather than rounding)."""
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _plain(value):
    return None if value is None else float(value)
