"""The scatter chart of positions in a plane: anonymous dots, named areas (each a group's outline
with its name) and, for one reader, one highlighted point ("you"). Both axes share one scale,
so that distances read the same across and up; dots carry no names and no tooltips."""

from dataclasses import dataclass

from django.utils.translation import ngettext

from .frame import WIDTH, Chart, coordinate
from .text import FONT, PALETTE, TextLine, text_width

PAD = 28  # around the plot: room for names and the highlight's label
MAX_HEIGHT = 300
MIN_HEIGHT = 160
# Areas: hues of the palette (its blue a shade lighter, and a violet for a fifth) that keep at
# least 3:1 against white and against the dark backgrounds of site.css and Wagtail's dark theme
# (tests/core/test_scatter_chart.py), told apart by their dashes too (greyscale, colour blindness).
AREA_COLOURS = ("#1F78B4", PALETTE[3], PALETTE[5], PALETTE[1], "#8C6BB1")
AREA_DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 3")


@dataclass(frozen=True)
class Area:
    """One named area: its outline (`points`, an SVG polygon's list; empty for no outline),
    colour, dash pattern, and its name drawn above it."""

    points: str
    colour: str
    dash: str
    name: TextLine


@dataclass(frozen=True)
class Highlight:
    """The one point marked for its reader, with its label beside it (`anchor` end when it
    would run off the right)."""

    x: float
    y: float
    label: TextLine
    anchor: str


@dataclass(frozen=True, kw_only=True)
class ScatterChart(Chart):
    template_name = "core/charts/scatter_chart.html"
    dots: str = ""  # one path of zero-length rounded strokes: a dot each, however many
    areas: tuple[Area, ...] = ()
    highlight: Highlight | None = None


class _Plane:
    """Maps (x, y) in the data's units onto the viewBox: one scale for both axes, y upwards."""

    def __init__(self, points):
        xs, ys = [x for x, _y in points], [y for _x, y in points]
        self.left, self.top = min(xs), max(ys)
        span_x, span_y = max(xs) - self.left or 1.0, self.top - min(ys) or 1.0
        self.scale = min((WIDTH - 2 * PAD) / span_x, (MAX_HEIGHT - 2 * PAD) / span_y)
        self.height = max(MIN_HEIGHT, span_y * self.scale + 2 * PAD)
        self.offset_x = (WIDTH - span_x * self.scale) / 2
        self.offset_y = (self.height - span_y * self.scale) / 2

    def place(self, x, y):
        return (
            coordinate(self.offset_x + (x - self.left) * self.scale),
            coordinate(self.offset_y + (self.top - y) * self.scale),
        )


def scatter_chart(*, dots, areas, title, highlight=None, describedby=""):
    """A ScatterChart of `dots` ([(x, y)]), `areas` ([(number, name, outline [(x, y)], centre
    (x, y))]: the number picks the colour and dash, so that an area keeps its look whichever
    others are drawn; an empty outline draws the name only) and, when given, `highlight`:
    (x, y, label), the reader's own point. Dots that fall on the same tenth of a unit are drawn
    once."""
    dots = list(dots)
    areas = list(areas)
    everything = dots + [p for *_name, outline, centre in areas for p in (*outline, centre)]
    if highlight is not None:
        everything.append(highlight[:2])
    count = len(dots)
    description = ngettext(
        "Scatter chart of %(count)d position, with the outline and name of each group.",
        "Scatter chart of %(count)d positions, with the outline and name of each group.",
        count,
    ) % {"count": count}
    if not everything:
        return ScatterChart(title=title, description=description, empty=True)
    plane = _Plane(everything)
    drawn = dict.fromkeys(plane.place(x, y) for x, y in dots)
    return ScatterChart(
        title=title,
        description=description,
        describedby=describedby,
        height=coordinate(plane.height),
        dots="".join(f"M{x} {y}h0" for x, y in drawn),
        areas=tuple(_area(plane, *area) for area in areas),
        highlight=_highlight(plane, *highlight) if highlight is not None else None,
    )


def _area(plane, number, name, outline, centre):
    """The area's outline, and its name above it (on its centre when it has none), kept
    inside the frame: on the centre the name would cover the dots."""
    x, y = plane.place(*centre)
    placed = [plane.place(*point) for point in outline]
    name = str(name)
    half = text_width(name) / 2
    baseline = min(py for _px, py in placed) - 6 if placed else y + FONT * 0.35
    return Area(
        points=" ".join(f"{px},{py}" for px, py in placed),
        colour=AREA_COLOURS[number % len(AREA_COLOURS)],
        dash=AREA_DASHES[number % len(AREA_DASHES)],
        name=TextLine(
            coordinate(min(max(x, half), WIDTH - half)), coordinate(max(baseline, FONT)), name
        ),
    )


def _highlight(plane, x, y, label):
    x, y = plane.place(x, y)
    label = str(label)
    if x + 12 + text_width(label) > WIDTH:
        return Highlight(x, y, TextLine(coordinate(x - 12), coordinate(y - 10), label), "end")
    return Highlight(x, y, TextLine(coordinate(x + 12), coordinate(y - 10), label), "start")
