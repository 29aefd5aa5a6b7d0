"""Survey result charts as inline SVG, drawn on the server: no JavaScript, no chart library.

Each function here turns numbers into geometry and returns a frozen dataclass; the template
named by its `template_name` (templates/core/charts/) draws it, and
`{% load charts %}{% chart some_chart %}` renders that template. Charts sit next to a
data table with the same numbers: the SVG is one image (`role="img"`, `<title>`, `<desc>`,
`aria-describedby` pointing at the table's id when given).

Geometry is in viewBox units. The viewBox is 440 wide and the SVG scales to its container
(up to 32rem), so a 15-unit label is about 11 px on a 390 px phone and 17 px on a desktop.
Values of None are suppressed for privacy (a group smaller than the survey's minimum): they
get no bar and show 「—」.
"""

import math
import unicodedata
import uuid
from dataclasses import dataclass, field
from typing import ClassVar

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

WIDTH = 440
FONT = 15
SMALL = 13
LINE = 19
BAR = 18
GROUPED_BAR = 12
GAP = 12
PLOT_HEIGHT = 160  # of column charts
LABEL_CAP = 72  # column labels longer than this (about five kanji) end in 「…」
SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 112, 28, 4
SUPPRESSED = "—"
ELLIPSIS = "…"

# Okabe–Ito hues (and greys), each with at least 3:1 contrast against white, ordered so that
# neighbours differ in lightness: stacked series stay apart on a greyscale printer too, with the
# white separators between segments. On a five-point scale the middle one is grey.
PALETTE = ("#0072B2", "#CC79A7", "#4D4D4D", "#D55E00", "#1A1A1A", "#009E73", "#8A5A00")
BAR_COLOUR = PALETTE[0]


def contrast(colour, other="#ffffff"):
    """The WCAG contrast ratio of two "#rrggbb" colours (1 to 21)."""
    lighter, darker = sorted((_luminance(colour), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour):
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def text_colour(background):
    """Black or white, whichever reads better on `background` (both pass AA on the palette)."""
    return "#000000" if contrast(background, "#000000") > contrast(background) else "#ffffff"


def text_width(text, font_size=FONT):
    """An estimate of how wide `text` is drawn: full-width characters (kana, kanji, 「」) are
    one em, the rest a generous 0.6 em. The browser measures nothing for us on the server."""
    ems = sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in text)
    return ems * font_size


def _ellipsised(text, width, font_size):
    while text and text_width(text + ELLIPSIS, font_size) > width:
        text = text[:-1]
    return text + ELLIPSIS


def _wrapped(text, width, font_size):
    """Lines of `text` each at most `width` wide (Japanese breaks between any characters)."""
    lines, line = [], ""
    for character in text:
        if line and text_width(line + character, font_size) > width:
            lines.append(line)
            line = character.lstrip()
        else:
            line += character
    return [*lines, line] if line else lines


@dataclass(frozen=True)
class TextLine:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Label:
    """A label fitted into a width: `lines` to draw, and `full` for a `<title>` when
    `truncated` (the template shows it as a tooltip and keeps it in the markup)."""

    lines: tuple[TextLine, ...]
    full: str
    truncated: bool


def label_fit(text, *, x, y, width, font_size=FONT, max_lines=2):
    """`text` wrapped into at most `max_lines` lines of `width`, the last one ending in 「…」
    when it does not fit; the first baseline is at `y`, each next line LINE lower."""
    full = str(text)
    lines = _wrapped(full, width, font_size) or [""]
    truncated = len(lines) > max_lines
    if truncated:
        lines = [*lines[: max_lines - 1], _ellipsised(lines[max_lines - 1], width, font_size)]
    placed = tuple(TextLine(x, y + i * LINE, line) for i, line in enumerate(lines))
    return Label(lines=placed, full=full, truncated=truncated)


def _uid():
    return f"chart-{uuid.uuid4().hex[:10]}"


def _r(number):
    return round(number, 1)


def _number(value):
    """A float for geometry (aggregates may come as Decimal); None stays None (suppressed)."""
    return None if value is None else float(value)


def format_value(value, unit="%"):
    """How a value is printed at its bar: 42.9%, 1,234 (with the unit after a count)."""
    if value is None:
        return SUPPRESSED
    if unit == "%":
        return f"{value:.1f}%"
    number = f"{value:,}" if float(value).is_integer() else f"{value:,.1f}"
    return f"{number.removesuffix('.0')}{unit}"


@dataclass(frozen=True, kw_only=True)
class Chart:
    """What every chart template needs: its frame (viewBox `width` × `height`, and the
    `display_width` of the SVG on the page: "100%" scales to its container, up to the 32rem
    the stylesheets give `.survey-chart`; a number is a fixed size in CSS pixels), its ids
    (`uid`-title and `uid`-desc, unique per page), the accessible name and description, and
    `empty` when there is nothing to draw."""

    template_name: ClassVar[str]
    title: str
    description: str
    describedby: str = ""
    width: float = WIDTH
    height: float = 0
    display_width: str = "100%"
    empty: bool = False
    uid: str = field(default_factory=_uid)


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
        (label, _number(value), text or format_value(_number(value), unit))
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
        end = TextLine(_r(length + 6), _r(y + BAR / 2 + SMALL * 0.35), text)
        bars.append(Bar(fitted, 0, y, _r(length), BAR, BAR_COLOUR, end, value is None))
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
        label = label_fit(name, x=_r(x + 18), y=y + FONT, **fit)
        items.append(LegendItem(_r(x), y + 4, PALETTE[index % len(PALETTE)], label))
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
    values = [_number(value) or 0 for value in values]
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
            x=_r(x),
            width=_r(width),
            colour=colour,
            tooltip=f"{series[index]}: {value:.1f}%",
            text=shown,
            text_x=_r(x + width / 2),
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
        dash = TextLine(4, _r(y + BAR / 2 + SMALL * 0.35), SUPPRESSED) if values is None else None
        segments = () if values is None else _segments(values, series)
        text_y = _r(y + (BAR + 4) / 2 + SMALL * 0.35)
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
    for index, value in enumerate(map(_number, values)):
        length = longest * value / 100 if value else 0
        end = TextLine(_r(length + 6), _r(y + GROUPED_BAR / 2 + SMALL * 0.35), format_value(value))
        colour = PALETTE[index % len(PALETTE)]
        bars.append(Bar(None, 0, y, _r(length), GROUPED_BAR, colour, end, value is None))
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
            dash = TextLine(4, _r(y + SMALL), SUPPRESSED)
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


def nice_ceiling(number):
    """The smallest round count (1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30…) that is at least
    `number`; 1 for zero, so that scales never divide by zero."""
    if number <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(number))
    steps = (1, 1.5, 2, 3, 4, 5, 6, 8, 10) if magnitude > 1 else (1, 2, 3, 4, 5, 6, 8, 10)
    return next(int(m * magnitude) for m in steps if m * magnitude >= number)


@dataclass(frozen=True)
class Column:
    """One vertical column; `count` is printed above it when there is room, `label` below it
    unless thinned out; a `suppressed` column shows 「—」 on the baseline."""

    x: float
    y: float
    width: float
    height: float
    count: TextLine | None
    label: Label | None
    suppressed: bool


@dataclass(frozen=True)
class Gridline:
    x1: float
    x2: float
    y: float
    text: TextLine


@dataclass(frozen=True, kw_only=True)
class ColumnChart(Chart):
    template_name = "core/charts/column_chart.html"
    columns: tuple[Column, ...] = ()
    gridlines: tuple[Gridline, ...] = ()
    colour: str = BAR_COLOUR


@dataclass(frozen=True)
class _ColumnFrame:
    """Where the plot sits: `left`, `slot` (the width per column), `base` (the y of the zero
    line), `top_value` (the count at the top), `step` (a label every `step` columns)."""

    left: float
    slot: float
    base: float
    top_value: int
    step: int


def _column_frame(labels, counts):
    top_value = nice_ceiling(max((c for c in counts if c is not None), default=0))
    axis_width = text_width(f"{top_value:,}", SMALL) + 8
    label_width = min(LABEL_CAP, max(text_width(str(label), SMALL) for label in labels))
    left = max(axis_width, label_width / 2)
    slot = (WIDTH - left - max(4, label_width / 2)) / len(labels)
    step = max(1, math.ceil((label_width + 8) / slot))
    return _ColumnFrame(left, slot, SMALL + 8 + PLOT_HEIGHT, top_value, step)


def _column(index, label, count, frame):
    centre = frame.left + frame.slot * (index + 0.5)
    width = max(1, frame.slot * 0.7)
    height = PLOT_HEIGHT * (count or 0) / frame.top_value
    count_text = format_value(count, unit="")
    fits = text_width(count_text, SMALL) + 2 <= frame.slot
    shown = TextLine(_r(centre), _r(frame.base - height - 4), count_text) if fits else None
    if count is None:  # 「—」 on the baseline stands in for the column, room or not
        shown = TextLine(_r(centre), _r(frame.base - 4), SUPPRESSED)
    fitted = None
    if index % frame.step == 0:
        room = min(LABEL_CAP, frame.slot * frame.step - 8)
        y = frame.base + SMALL + 6
        fitted = label_fit(label, x=_r(centre), y=y, width=room, font_size=SMALL, max_lines=1)
    return Column(
        x=_r(centre - width / 2),
        y=_r(frame.base - height),
        width=_r(width),
        height=_r(height),
        count=shown,
        label=fitted,
        suppressed=count is None,
    )


def _gridlines(frame):
    values = [0, frame.top_value]
    if frame.top_value % 2 == 0:
        values.insert(1, frame.top_value // 2)
    lines = []
    for value in values:
        y = _r(frame.base - PLOT_HEIGHT * value / frame.top_value)
        text = TextLine(_r(frame.left - 6), _r(y + SMALL * 0.35), f"{value:,}")
        lines.append(Gridline(_r(frame.left), WIDTH, y, text))
    return tuple(lines)


def column_chart(items, *, title, describedby=""):
    """Vertical columns of counts, one per `(label, count)` item, in the order given (days,
    histogram bins). Labels are thinned (every n-th) so that they never overlap; a None count
    shows 「—」. Returns a ColumnChart."""
    description = ngettext(
        "Column chart of %(count)d value.", "Column chart of %(count)d values.", len(items)
    ) % {"count": len(items)}
    if not items:
        return ColumnChart(
            title=title, description=description, describedby=describedby, empty=True
        )
    items = [(label, _number(count)) for label, count in items]
    labels, counts = zip(*items, strict=True)
    frame = _column_frame(labels, counts)
    columns = tuple(
        _column(index, label, count, frame) for index, (label, count) in enumerate(items)
    )
    return ColumnChart(
        title=title,
        description=description,
        describedby=describedby,
        height=frame.base + SMALL + 12,
        columns=columns,
        gridlines=_gridlines(frame),
    )


@dataclass(frozen=True, kw_only=True)
class Sparkline(Chart):
    """A line through `points` ("x,y x,y …" for a polyline) and a dot on the last value."""

    template_name = "core/charts/sparkline.html"
    points: str = ""
    last: tuple[float, float] = (0, 0)
    colour: str = BAR_COLOUR


def sparkline(values, *, title):
    """A tiny line of `values` (e.g. 14 daily counts, oldest first) for a table cell, with
    the last value marked. Returns a Sparkline."""
    values = [value or 0 for value in values]
    description = (
        _("Total %(total)s; last value %(last)s.") % {"total": sum(values), "last": values[-1]}
        if values
        else ""
    )
    # One viewBox unit per CSS pixel: the same size in every stylesheet's table cell.
    frame = {"title": title, "description": description, "display_width": str(SPARK_WIDTH)}
    if not values:
        return Sparkline(**frame, width=SPARK_WIDTH, height=SPARK_HEIGHT, empty=True)
    top = max(values) or 1
    inner_width, inner_height = SPARK_WIDTH - 2 * SPARK_PAD, SPARK_HEIGHT - 2 * SPARK_PAD
    step = inner_width / (len(values) - 1) if len(values) > 1 else 0
    points = [
        (_r(SPARK_PAD + i * step), _r(SPARK_PAD + inner_height * (1 - value / top)))
        for i, value in enumerate(values)
    ]
    return Sparkline(
        **frame,
        width=SPARK_WIDTH,
        height=SPARK_HEIGHT,
        points=" ".join(f"{x},{y}" for x, y in points),
        last=points[-1],
    )
