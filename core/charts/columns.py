"""Vertical charts of counts: the column chart (days, histogram bins) on a round scale with
gridlines, and the sparkline for a table cell."""

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .frame import WIDTH, Chart, coordinate, geometry_number
from .text import (
    BAR_COLOUR,
    SMALL,
    SUPPRESSED,
    Label,
    TextLine,
    format_value,
    label_fit,
    text_width,
)

PLOT_HEIGHT = 160  # of column charts
LABEL_CAP = 72  # column labels longer than this (about five kanji) end in 「…」
SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 112, 28, 4


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
    shown = (
        TextLine(coordinate(centre), coordinate(frame.base - height - 4), count_text)
        if fits
        else None
    )
    if count is None:  # 「—」 on the baseline stands in for the column, room or not
        shown = TextLine(coordinate(centre), coordinate(frame.base - 4), SUPPRESSED)
    fitted = None
    if index % frame.step == 0:
        room = min(LABEL_CAP, frame.slot * frame.step - 8)
        y = frame.base + SMALL + 6
        fitted = label_fit(
            label, x=coordinate(centre), y=y, width=room, font_size=SMALL, max_lines=1
        )
    return Column(
        x=coordinate(centre - width / 2),
        y=coordinate(frame.base - height),
        width=coordinate(width),
        height=coordinate(height),
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
        y = coordinate(frame.base - PLOT_HEIGHT * value / frame.top_value)
        text = TextLine(coordinate(frame.left - 6), coordinate(y + SMALL * 0.35), f"{value:,}")
        lines.append(Gridline(coordinate(frame.left), WIDTH, y, text))
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
    items = [(label, geometry_number(count)) for label, count in items]
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
        (coordinate(SPARK_PAD + i * step), coordinate(SPARK_PAD + inner_height * (1 - value / top)))
        for i, value in enumerate(values)
    ]
    return Sparkline(
        **frame,
        width=SPARK_WIDTH,
        height=SPARK_HEIGHT,
        points=" ".join(f"{x},{y}" for x, y in points),
        last=points[-1],
    )
