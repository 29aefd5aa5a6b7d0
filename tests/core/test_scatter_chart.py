"""The scatter chart (core.charts.scatter): one scale for both axes, y upwards, anonymous dots
drawn once per place, named outlines whose colours hold 3:1 in the light and dark looks, the
reader's own point, an accessible name, and SVG that parses."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.template import Context, Template

from core.charts.scatter import AREA_COLOURS, scatter_chart
from core.charts.text import contrast

SVG = "{http://www.w3.org/2000/svg}"
# site.css's dark background and surface, and Wagtail's dark theme
BACKGROUNDS = ("#ffffff", "#15181b", "#1e2226", "#262626")


def parsed(chart):
    html = Template("{% load charts %}{% chart c %}").render(Context({"c": chart}))
    return ET.fromstring(html.strip())  # noqa: S314 - our own markup


def _chart(**kwargs):
    defaults = {
        "dots": [(0, 0), (1, 1), (1, 1), (2, 0)],
        "areas": [(0, "グループA", [(0, 0), (1, 1), (2, 0)], (1, 0.3))],
        "title": "投票による参加者の位置",
    }
    return scatter_chart(**(defaults | kwargs))


def test_both_axes_share_one_scale_and_y_goes_up():
    chart = _chart(dots=[(0, 0), (4, 0), (0, 1)], areas=[])

    points = re.findall(r"M([\d.]+) ([\d.]+)h0", chart.dots)
    (x0, y0), (x4, _y), (_x, y1) = [(float(x), float(y)) for x, y in points]
    assert (x4 - x0) == pytest.approx(4 * (y0 - y1), abs=0.2)
    assert y1 < y0  # up is up


def test_dots_on_the_same_place_are_drawn_once_and_carry_no_names():
    chart = _chart()
    svg = parsed(chart)

    assert chart.dots.count("h0") == 3
    (path,) = svg.iter(f"{SVG}path")
    assert list(path) == []  # no <title>: no tooltip
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "投票による参加者の位置"


def test_areas_are_outlined_and_named_by_their_number():
    chart = _chart(areas=[(2, "グループC", [(0, 0), (1, 1), (2, 0)], (1, 0.3))])
    svg = parsed(chart)

    (polygon,) = svg.iter(f"{SVG}polygon")
    assert polygon.get("stroke") == AREA_COLOURS[2] and polygon.get("stroke-dasharray")
    assert "グループC" in ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]


def test_the_highlight_is_drawn_only_when_given():
    plain = parsed(_chart())
    marked = parsed(_chart(highlight=(2, 0, "あなた")))

    assert not [g for g in plain.iter(f"{SVG}g") if g.get("class") == "chart-highlight"]
    (mark,) = [g for g in marked.iter(f"{SVG}g") if g.get("class") == "chart-highlight"]
    assert "あなた" in "".join(mark.itertext())
    assert _chart(highlight=(2, 0, "あなた")).highlight.anchor == "end"  # at the right edge


def test_nothing_to_draw_is_said_in_words():
    chart = scatter_chart(dots=[], areas=[], title="投票による参加者の位置")

    assert chart.empty


@pytest.mark.parametrize("colour", AREA_COLOURS)
def test_area_colours_hold_three_to_one_in_every_look(colour):
    assert all(contrast(colour, background) >= 3 for background in BACKGROUNDS)
