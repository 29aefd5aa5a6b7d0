"""What members type becomes inert HTML: only web addresses become links, in linear time."""

import re

import pytest

from core.sanitising import HOSTILE_INPUTS, plain_text_clean, plain_text_to_html


def test_a_url_written_straight_after_japanese_links_exactly_the_url():
    html = plain_text_to_html("詳細はhttps://example.jp/aをご覧ください")

    assert html == (
        '詳細は<a href="https://example.jp/a" rel="nofollow ugc noopener">'
        "https://example.jp/a</a>をご覧ください"
    )


@pytest.mark.parametrize(
    ("text", "linked"),
    [
        ("見てください https://example.jp/path?q=1&x=2.", "https://example.jp/path?q=1&amp;x=2"),
        ("(https://example.jp/b) に詳しく", "https://example.jp/b"),
        ("「https://example.jp/c」", "https://example.jp/c"),
        ("http://localhost:8000/articles/", "http://localhost:8000/articles/"),
    ],
)
def test_sentence_punctuation_around_a_url_stays_outside_the_link(text, linked):
    assert f'<a href="{linked}" rel="nofollow ugc noopener">{linked}</a>' in plain_text_to_html(
        text
    )


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('<img src=x onerror="alert(1)">', "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"),
        ("javascript:alert(1)", "javascript:alert(1)"),
        (
            'https://example.jp/"onmouseover="alert(1)',
            '<a href="https://example.jp/" rel="nofollow ugc noopener">https://example.jp/</a>'
            "&quot;onmouseover=&quot;alert(1)",
        ),
    ],
)
def test_html_and_script_render_as_text(text, html):
    assert plain_text_to_html(text) == html


def test_line_breaks_are_kept_whatever_the_device_sent():
    assert plain_text_to_html("一行目\r\n二行目\r三行目") == "一行目<br>\n二行目<br>\n三行目"


def test_characters_that_break_or_spoof_a_page_are_removed():
    text = "A\x00B\u202eC\u2066D\ud800E\x1bF"

    assert plain_text_clean(text) == "ABCDEF"


def test_emoji_and_joiners_are_kept():
    family = "👨\u200d👩\u200d👧 マイナンバー🎉"

    assert plain_text_to_html(family) == family


@pytest.mark.parametrize("hostile", HOSTILE_INPUTS.values(), ids=HOSTILE_INPUTS.keys())
def test_hostile_input_comes_out_as_text_and_links_only(hostile):
    html = plain_text_to_html(hostile)

    without_links = re.sub(r'<a href="[^"<>]*" rel="nofollow ugc noopener">[^<>]*</a>', "", html)
    assert "<" not in without_links.replace("<br>", "")
