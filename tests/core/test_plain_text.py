"""core.plain_text: rich text as a spreadsheet cell shows it."""

import pytest

from core.plain_text import plain_text_from_html


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>一つ目</p><p>二つ目&amp;三つ目</p>", "一つ目\n二つ目&三つ目"),
        ("<ul><li>窓口</li><li>電子申請</li></ul>", "・窓口\n・電子申請"),
        ("<p>手順:</p><ol><li>予約</li><li>来庁</li></ol>", "手順:\n1. 予約\n2. 来庁"),
        ('<p>行<br/>替え <a linktype="page" id="3">案内</a></p>', "行\n替え 案内"),
        ("", ""),
    ],
)
def test_the_view_is_plain_text_a_line_per_paragraph(html, text):
    assert plain_text_from_html(html) == text
