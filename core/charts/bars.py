"""Horizontal bar charts: plain bars (one per item), 100% stacked bars (one per row, a segment
per series) and grouped bars (a bar per series in each group), with their legends."""

from dataclasses import dataclass

from django.utils.translation import ngettext

from .frame import WIDTH, Chart, coordinate, geometry_number
from .text import (
    BAR_COLOUR,
    FONT,
    LINE,
    PALETTE,
    SMALL,
    SUPPRESSED,
    Label,
    TextLine,
    format_value,
    label_fit,
    text_colour,
    text_width,
)

BAR = 18
GROUPED_BAR = 12
GAP = 12


@dataclass(frozen=True)
class Bar:
    """One horizontal bar: its label above it, the bar (`x`, `y`, `length`, `thickness`,
    `colour`) and the value `text` after its end; `suppressed` bars have no length."""

    label: Label | None
    x: float
    y: float
    length: float
    thickness: float
    colour: str
    text: TextLine
    suppressed: bool


@dataclass(frozen=True, kw_only=True)
class BarChart(Chart):
    template_name = "core/charts/bar_chart.html"
    bars: tuple[Bar, ...] = ()
    axis: tuple[float, float, float] = (0, 0, 0)  # x, top, bottom of the line bars start at


def bar_chart(items, *, title, unit="%", describedby=""):
    """Horizontal bars, one per `(label, value, text)` item, each label above its bar.

    Percentages are drawn against 100, counts against the largest count; `text` (or the
    formatted value when it is None) is printed after the bar; a None value draws no bar and
    prints 「—」. Returns a BarChart.
    """
    items = [
        (label, geometry_number(value), text or format_value(geometry_number(value), unit))
        for label, value, text in items
    ]
    description = ngettext(
        "Horizontal bar chart of %(count)d item.",
        "Horizontal bar chart of %(count)d items.",
        len(items),
    ) % {"count": len(items)}
    if not items:
        return BarChart(title=title, description=description, describedby=describedby, empty=True)
    values = [value for _label, value, _text in items if value is not None]
    scale_max = 100 if unit == "%" else max(values, default=0)
    gutter = max(text_width(text, SMALL) for _label, _value, text in items) + 8
    longest = WIDTH - gutter
    bars, y = [], 4
    for label, value, text in items:
        fitted = label_fit(label, x=0, y=y + FONT, width=WIDTH)
        y += len(fitted.lines) * LINE + 2
        length = longest * value / scale_max if value and scale_max else 0
        end = TextLine(coordinate(length + 6), coordinate(y + BAR / 2 + SMALL * 0.35), text)
        bars.append(Bar(fitted, 0, y, coordinate(length), BAR, BAR_COLOUR, end, value is None))
        y += BAR + GAP
    return BarChart(
        title=title,
        description=description,
        describedby=describedby,
        height=y - GAP + 4,
        bars=tuple(bars),
        axis=(0, bars[0].y - 2, y - GAP + 2),
    )


@dataclass(frozen=True)
class LegendItem:
    x: float
    y: float
    colour: str
    label: Label


def _legend(series, y):
    """Swatch + label for each series, flowing left to right and onto further lines.
    Returns (items, the y below the legend)."""
    items, x = [], 0
    for index, name in enumerate(series):
        fit = {"width": WIDTH / 2 - 20, "max_lines": 1}
        shown = label_fit(name, x=0, y=0, **fit).lines[0].text
        item_width = 18 + text_width(shown) + 16
        if x and x + item_width > WIDTH:
            x, y = 0, y + LINE + 4
        label = label_fit(name, x=coordinate(x + 18), y=y + FONT, **fit)
        items.append(LegendItem(coordinate(x), y + 4, PALETTE[index % len(PALETTE)], label))
        x += item_width
    return tuple(items), y + LINE + 12


@dataclass(frozen=True)
class Segment:
    """One series' part of a stacked bar; `text` (the rounded percentage, drawn in
    `text_colour`) is empty when the segment is too narrow for it, `tooltip` names the
    series and its percentage."""

    x: float
    width: float
    colour: str
    tooltip: str
    text: str
    text_x: float
    text_colour: str


@dataclass(frozen=True)
class StackedRow:
    label: Label
    y: float
    thickness: float
    segments: tuple[Segment, ...]
    text_y: float  # the baseline of the percentages inside the segments
    suppressed: TextLine | None  # where 「—」 goes when the row is suppressed


@dataclass(frozen=True, kw_only=True)
class StackedBarChart(Chart):
    template_name = "core/charts/stacked_bar_chart.html"
    legend: tuple[LegendItem, ...] = ()
    rows: tuple[StackedRow, ...] = ()


def _segments(values, series):
    values = [geometry_number(value) or 0 for value in values]
    total = sum(values)
    segments, x = [], 0
    for index, value in enumerate(values):
        width = WIDTH * value / total if total else 0
        if width <= 0:
            continue
        colour = PALETTE[index % len(PALETTE)]
        text = f"{value:.0f}%"
        shown = text if text_width(text, SMALL) + 6 <= width else ""
        segment = Segment(
            x=coordinate(x),
            width=coordinate(width),
            colour=colour,
            tooltip=f"{series[index]}: {value:.1f}%",
            text=shown,
            text_x=coordinate(x + width / 2),
            text_colour=text_colour(colour),
        )
        segments.append(segment)
        x += width
    return tuple(segments)


def stacked_bar_chart(rows, *, series, title, describedby=""):
    """100% stacked horizontal bars: one per `(label, values)` row, `values` the percentage
    of each of `series` (normalised, so sums of about 100 fill the width), or None for a
    suppressed row (「—」 instead of a bar). A legend of `series` comes first.
    Returns a StackedBarChart."""
    description = ngettext(
        "Stacked bar chart of %(count)d row; each row adds up to 100 percent.",
        "Stacked bar chart of %(count)d rows; each row adds up to 100 percent.",
        len(rows),
    ) % {"count": len(rows)}
    if not rows or not series:
        return StackedBarChart(
            title=title, description=description, describedby=describedby, empty=True
        )
    legend, y = _legend(series, 0)
    placed = []
    for label, values in rows:
        fitted = label_fit(label, x=0, y=y + FONT, width=WIDTH)
        y += len(fitted.lines) * LINE + 2
        dash = (
            TextLine(4, coordinate(y + BAR / 2 + SMALL * 0.35), SUPPRESSED)
            if values is None
            else None
        )
        segments = () if values is None else _segments(values, series)
        text_y = coordinate(y + (BAR + 4) / 2 + SMALL * 0.35)
        placed.append(StackedRow(fitted, y, BAR + 4, segments, text_y, dash))
        y += BAR + 4 + GAP
    return StackedBarChart(
        title=title,
        description=description,
        describedby=describedby,
        height=y - GAP + 4,
        legend=legend,
        rows=tuple(placed),
    )


@dataclass(frozen=True)
class Group:
    label: Label
    bars: tuple[Bar, ...]
    suppressed: TextLine | None  # where 「—」 goes when the whole group is suppressed


@dataclass(frozen=True, kw_only=True)
class GroupedBarChart(Chart):
    template_name = "core/charts/grouped_bar_chart.html"
    legend: tuple[LegendItem, ...] = ()
    groups: tuple[Group, ...] = ()


def _group_bars(values, y):
    """One thin bar per series, percentages against 100; returns (bars, the y below them)."""
    longest = WIDTH - text_width("100.0%", SMALL) - 8
    bars = []
    for index, value in enumerate(map(geometry_number, values)):
        length = longest * value / 100 if value else 0
        end = TextLine(
            coordinate(length + 6),
            coordinate(y + GROUPED_BAR / 2 + SMALL * 0.35),
            format_value(value),
        )
        colour = PALETTE[index % len(PALETTE)]
        bars.append(Bar(None, 0, y, coordinate(length), GROUPED_BAR, colour, end, value is None))
        y += GROUPED_BAR + 3
    return tuple(bars), y


def grouped_bar_chart(groups, *, series, title, describedby=""):
    """A cross-tab as bars: for each `(label, values)` group one bar per series (its
    percentage), in legend order; a group whose values are None is suppressed (「—」).
    Returns a GroupedBarChart."""
    description = ngettext(
        "Grouped bar chart of %(count)d group.",
        "Grouped bar chart of %(count)d groups.",
        len(groups),
    ) % {"count": len(groups)}
    if not groups or not series:
        return GroupedBarChart(
            title=title, description=description, describedby=describedby, empty=True
        )
    legend, y = _legend(series, 0)
    placed = []
    for label, values in groups:
        fitted = label_fit(label, x=0, y=y + FONT, width=WIDTH)
        y += len(fitted.lines) * LINE + 2
        if values is None:
            dash = TextLine(4, coordinate(y + SMALL), SUPPRESSED)
            placed.append(Group(fitted, (), dash))
            y += LINE
        else:
            bars, y = _group_bars(values, y)
            placed.append(Group(fitted, bars, None))
        y += GAP
    return GroupedBarChart(
        title=title,
        description=description,
        describedby=describedby,
        height=y - GAP + 4,
        legend=legend,
        groups=tuple(placed),
    )
