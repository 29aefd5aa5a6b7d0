"""The frame every chart shares (templates/core/charts/frame.html): the viewBox width, the
`Chart` base with its ids and accessible name, and the rounding of geometry."""

import uuid
from dataclasses import dataclass, field
from typing import ClassVar

# Drawn 340 units wide and shown at most 384 px wide (.survey-chart in site.css and
# staff-report.css): the 13- and 15-unit texts stay 12.5–17 px from a 360 px phone (328 px of
# content) to a desktop; at 440 units they shrank to 9–10 px on phones.
WIDTH = 340


def _uid():
    return f"chart-{uuid.uuid4().hex[:10]}"


def coordinate(number):
    """An SVG coordinate, to a tenth of a pixel."""
    return round(number, 1)


def geometry_number(value):
    """A float for geometry (aggregates may come as Decimal); None stays None (suppressed)."""
    return None if value is None else float(value)


@dataclass(frozen=True, kw_only=True)
class Chart:
    """What every chart template needs: its frame (viewBox `width` × `height`, and the
    `display_width` of the SVG on the page: "100%" scales to its container, up to the 24rem
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
