"""Survey result charts (core.charts) and the `{% chart %}` tag that draws them: geometry
proportional to the numbers, suppressed values, long and hostile labels, legends, thinned
labels, empty data, ids unique per page, and SVG that parses."""

import itertools
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.template import Context, Template

from core.charts.bars import bar_chart, grouped_bar_chart, stacked_bar_chart
from core.charts.columns import column_chart, sparkline
from core.charts.text import PALETTE, SUPPRESSED, contrast, text_width

SVG = "{http://www.w3.org/2000/svg}"
SERIES = ["とても満足", "満足", "どちらとも言えない", "不満", "とても不満"]


def render(*charts):
    template = Template("{% load charts %}{% for c in charts %}{% chart c %}{% endfor %}")
    return template.render(Context({"charts": charts}))


def parsed(chart):
    """The rendered chart as an XML element (the tag's output must be well-formed)."""
    return ET.fromstring(render(chart).strip())  # noqa: S314 - our own markup, not untrusted input


def texts(element):
    return ["".join(node.itertext()) for node in element.iter(f"{SVG}text")]


def test_bars_are_proportional_to_their_percentages():
    chart = bar_chart([("ある", 60.0, None), ("ない", 30.0, None)], title="利用経験")

    first, second = chart.bars

    assert first.length == pytest.approx(2 * second.length, abs=0.2)
    assert first.text.text == "60.0%"
    assert first.text.x > first.length


def test_count_bars_are_drawn_against_the_largest_count_with_the_given_text():
    chart = bar_chart(
        [("札幌市", 120, "120人（80%）"), ("函館市", 30, None)], title="地域", unit="人"
    )

    first, second = chart.bars

    assert second.length == pytest.approx(first.length / 4, abs=0.2)
    assert first.text.text == "120人（80%）"
    assert second.text.text == "30人"


def test_a_suppressed_item_shows_a_dash_and_no_bar():
    chart = bar_chart([("ある", 50.0, None), ("少数の回答", None, None)], title="利用経験")

    svg = parsed(chart)

    assert len(svg.findall(f".//{SVG}rect")) == 1
    assert SUPPRESSED in texts(svg)


def test_labels_are_escaped():
    chart = bar_chart([("<script>alert(1)</script>", 10.0, None)], title="<b>題</b>")

    html = render(chart)

    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;題&lt;/b&gt;" in html


def test_a_long_label_is_cut_with_an_ellipsis_and_kept_whole_in_its_title():
    label = "オンライン申請の分かりやすさについて、スマートフォンから申請した場合と" * 3
    chart = bar_chart([(label, 40.0, None)], title="分かりやすさ")

    fitted = chart.bars[0].label
    svg = parsed(chart)

    assert fitted.truncated
    assert len(fitted.lines) == 2
    assert fitted.lines[-1].text.endswith("…")
    assert label in [title.text for title in svg.iter(f"{SVG}title")]


def test_stacked_bars_fill_the_width_and_have_a_legend_with_every_series():
    chart = stacked_bar_chart(
        [("窓口の待ち時間", [10, 25, 30, 20, 15]), ("少人数の項目", None)],
        series=SERIES,
        title="満足度",
    )

    row, suppressed = chart.rows
    svg = parsed(chart)

    assert sum(segment.width for segment in row.segments) == pytest.approx(chart.width, abs=0.5)
    assert [item.label.full for item in chart.legend] == SERIES
    assert [item.colour for item in chart.legend] == list(PALETTE[:5])
    assert not suppressed.segments
    assert suppressed.suppressed.text == SUPPRESSED
    assert set(SERIES) <= set(texts(svg))


def test_grouped_bars_give_each_series_a_bar_and_a_suppressed_group_a_dash():
    chart = grouped_bar_chart(
        [("住民", [60.0, 40.0]), ("自治体職員", None)], series=["ある", "ない"], title="立場別"
    )

    residents, staff = chart.groups

    assert [bar.text.text for bar in residents.bars] == ["60.0%", "40.0%"]
    assert residents.bars[0].length == pytest.approx(1.5 * residents.bars[1].length, abs=0.2)
    assert residents.bars[0].colour != residents.bars[1].colour
    assert not staff.bars
    assert staff.suppressed.text == SUPPRESSED


def test_column_labels_are_thinned_so_that_they_do_not_overlap():
    days = [(f"11/{day}", day) for day in range(1, 61)]

    chart = column_chart(days, title="日別の回答数")

    labelled = [column.label for column in chart.columns if column.label]
    assert 2 < len(labelled) < 60
    for left, right in itertools.pairwise(labelled):
        left_end = left.lines[0].x + text_width(left.lines[0].text, 13) / 2
        right_start = right.lines[0].x - text_width(right.lines[0].text, 13) / 2
        assert left_end < right_start


def test_columns_are_proportional_and_a_suppressed_count_has_a_dash():
    chart = column_chart([("0–9", 10), ("10–19", 20), ("20–29", None)], title="年齢")

    low, high, suppressed = chart.columns

    assert high.height == pytest.approx(2 * low.height, abs=0.2)
    assert suppressed.suppressed
    assert suppressed.count.text == SUPPRESSED


@pytest.mark.parametrize(
    "chart",
    [
        bar_chart([], title="空"),
        stacked_bar_chart([], series=SERIES, title="空"),
        grouped_bar_chart([], series=["ある"], title="空"),
        column_chart([], title="空"),
        sparkline([], title="空"),
    ],
)
def test_no_data_renders_an_empty_state_text(chart):
    element = parsed(chart)

    assert chart.empty
    assert element.tag == "p"
    assert "空" in element.text


def test_zero_counts_draw_without_dividing_by_zero():
    bars = bar_chart([("ある", 0, None)], title="ゼロ", unit="件")
    columns = column_chart([("11/30", 0)], title="ゼロ")
    line = sparkline([0, 0, 0], title="ゼロ")

    assert bars.bars[0].length == 0
    assert bars.bars[0].text.text == "0件"
    assert columns.columns[0].height == 0
    assert line.last == (108, 24)


def test_two_charts_on_a_page_have_different_ids():
    html = render(
        bar_chart([("ある", 1.0, None)], title="一"), column_chart([("a", 1)], title="二")
    )

    ids = re.findall(r'\bid="([^"]+)"', html)

    assert len(ids) == 6
    assert len(set(ids)) == len(ids)


def test_the_chart_is_an_image_named_and_described_by_itself_and_the_table():
    chart = bar_chart([("ある", 1.0, None)], title="利用経験", describedby="results-q1")

    svg = parsed(chart)

    assert svg.get("role") == "img"
    assert svg.get("viewBox") == f"0 0 {chart.width} {chart.height}"
    assert svg.get("width") == "100%"
    assert svg.get("aria-labelledby") == f"{chart.uid}-title"
    assert svg.get("aria-describedby") == f"{chart.uid}-desc results-q1"
    assert svg.find(f"{SVG}title").text == "利用経験"
    assert svg.find(f"{SVG}desc").text


def test_the_sparkline_marks_its_last_value():
    chart = sparkline([0, 2, 4, 1], title="直近14日")

    svg = parsed(chart)

    dot = svg.find(f"{SVG}circle")
    assert (float(dot.get("cx")), float(dot.get("cy"))) == chart.last
    assert chart.points.endswith(f"{chart.last[0]},{chart.last[1]}")


def test_every_series_colour_stands_out_against_white():
    assert all(contrast(colour) >= 3 for colour in PALETTE)


def test_decimal_aggregates_are_drawn_like_floats():
    bars = bar_chart([("ある", Decimal("42.9"), None)], title="利用経験")
    stacked = stacked_bar_chart(
        [("待ち時間", [Decimal("60"), Decimal("40")])], series=SERIES[:2], title="満足度"
    )
    columns = column_chart([("11/30", Decimal(3))], title="日別")

    assert bars.bars[0].text.text == "42.9%"
    assert [segment.text for segment in stacked.rows[0].segments] == ["60%", "40%"]
    assert columns.columns[0].count.text == "3"
