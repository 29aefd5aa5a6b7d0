"""Ruby over a whole HTML page (readable.furigana.html_with_ruby, readable.html_ruby): only text
nodes change, so the page stays valid HTML and its links, highlights and forms keep working."""

import html5lib
import pytest

from readable.furigana import html_with_ruby

PAGE = """<!DOCTYPE html>
<html lang="ja"><head><title>窓口の案内</title>
<script>var note = "<b>漢字</b>";</script><style>p::before { content: "漢"; }</style></head>
<body>
<p title="住民票の写し"><a href="/articles/窓口/">窓口の案内</a>で<mark>住民票</mark>を申請</p>
<p>東京都&amp;大阪府</p>
<form><textarea name="body">入力した意見</textarea>
<select name="city"><option value="1">一宮市</option></select>
<input type="submit" value="送信する"></form>
<pre>設定ファイル</pre><p>例：<code>申請番号</code></p>
<p translate="no">山田 <span>太郎</span></p><p>後の段落</p>
<p><ruby>寄合<rt>よりあい</rt></ruby></p>
<svg><title>地図</title><text>地図</text></svg>
<!-- 注釈 -->
</body></html>"""


@pytest.fixture
def ruby_page(db):
    return html_with_ruby(PAGE, grade=0)


def test_text_gets_ruby_inside_links_and_highlights(ruby_page):
    assert (
        '<a href="/articles/窓口/"><ruby>窓口<rt aria-hidden="true">まどぐち</rt></ruby>の'
        in ruby_page
    )
    assert (
        '<mark><ruby>住民票<rt aria-hidden="true">じゅうみんひょう</rt></ruby></mark>' in ruby_page
    )
    assert '<ruby>東京都<rt aria-hidden="true">とうきょうと</rt></ruby>&amp;' in ruby_page


def test_tags_attributes_and_text_that_must_stay_as_it_is_do_not_change(ruby_page):
    for unchanged in (
        "<title>窓口の案内</title>",
        '<script>var note = "<b>漢字</b>";</script>',
        'content: "漢"',
        'title="住民票の写し"',
        '<textarea name="body">入力した意見</textarea>',
        '<option value="1">一宮市</option>',
        'value="送信する"',
        "<pre>設定ファイル</pre>",
        "<code>申請番号</code>",
        '<p translate="no">山田 <span>太郎</span></p>',
        "<ruby>寄合<rt>よりあい</rt></ruby>",
        "<svg><title>地図</title><text>地図</text></svg>",
        "<!-- 注釈 -->",
    ):
        assert unchanged in ruby_page
    assert '<p><ruby>後<rt aria-hidden="true">あと</rt></ruby>の' in ruby_page


def test_the_page_stays_valid_html(ruby_page):
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(PAGE)  # the page itself is valid: what follows is down to ruby

    document = parser.parse(ruby_page)

    namespace = {"h": "http://www.w3.org/1999/xhtml"}
    link = document.find(".//h:a", namespace)
    assert "".join(link.itertext()) == "窓口まどぐちの案内あんない"
    assert document.find(".//h:mark/h:ruby/h:rt", namespace).text == "じゅうみんひょう"


def test_a_page_without_kanji_is_returned_as_it_is(db):
    page = "<p>ひらがなだけ</p>"

    assert html_with_ruby(page, grade=0) is page
