"""The search page (/search/?q=, /en/search/) and the header's search box, over HTTP.

Japanese is what a visitor sees at the plain URLs, so most assertions are on the Japanese text
(the compiled ja catalog is part of the repository).
"""

from datetime import datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.factories import (
    ArticlePageFactory,
    InformationPageFactory,
    SurveyIndexPageFactory,
    SurveyPageFactory,
)

TOKYO = ZoneInfo("Asia/Tokyo")
GYOSEI_DX = quote("行政DX")


def _body(text):
    return [("paragraph", f"<p>{text}</p>")]


def _article(parent, title, text="地域の窓口についての記事です。", **kwargs):
    return ArticlePageFactory(parent=parent, title=title, body=_body(text), **kwargs)


def _search(client, query_string, *, language=""):
    response = client.get(f"{language}/search/?{query_string}")
    assert response.status_code == 200
    return response.content.decode()


def _result_count(html):
    return html.count('<article class="card search-result">')


# --- what a result shows ---------------------------------------------------------------------


def test_a_result_shows_its_kind_title_date_and_snippet_with_the_words_marked(
    client, article_index
):
    article = _article(
        article_index,
        "行政DXの第一歩は電子申請から",
        "「行政DX」という言葉を聞かない日はなくなりました。",
        first_published_at=datetime(2026, 6, 10, 10, 0, tzinfo=TOKYO),
    )

    html = _search(client, f"q={GYOSEI_DX}")

    assert "「行政DX」の検索結果 1件" in html
    assert '<span class="search-result__kind">記事</span>' in html
    assert (
        f'<a class="card__link" href="{article.url}"><mark>行政DX</mark>の第一歩は電子申請から</a>'
    ) in html
    assert '<time datetime="2026-06-10T10:00:00+09:00">2026年6月10日</time>' in html
    assert "「<mark>行政DX</mark>」という言葉を聞かない日はなくなりました。" in html


def test_a_page_found_by_its_tag_shows_the_tag_marked(client, article_index):
    article = _article(article_index, "窓口の一日", "職員の一日を追いました。")
    article.tags.add("ふるさと納税", "窓口")
    article.save_revision().publish()

    html = _search(client, "q=" + quote("ふるさと納税"))

    assert _result_count(html) == 1
    assert (
        '<span class="search-result__tag">#<mark>ふるさと納税</mark></span> '
        '<span class="search-result__tag">#窓口</span>'
    ) in html


def test_the_page_title_names_the_query_and_search_engines_are_told_not_to_index_it(
    client, article_index
):
    _article(article_index, "行政DXの第一歩")

    html = _search(client, f"q={GYOSEI_DX}")

    assert "<title>「行政DX」の検索結果 | 寄り合い Yoriai</title>" in html
    assert '<meta name="robots" content="noindex">' in html


def test_full_width_and_half_width_queries_find_and_mark_the_normal_forms(client, article_index):
    _article(article_index, "マイナンバーカードと行政DX")

    full_width = _search(client, f"q={quote('ＤＸ')}")
    half_width_kana = _search(client, f"q={quote('ﾏｲﾅﾝﾊﾞｰ')}")

    assert "マイナンバーカードと行政<mark>DX</mark>" in full_width
    assert "<mark>マイナンバー</mark>カードと行政DX" in half_width_kana


def test_a_survey_and_an_information_page_are_labelled_with_their_kind(client, home_page):
    surveys = SurveyIndexPageFactory(parent=home_page)
    SurveyPageFactory(parent=surveys, title="電子申請についてのアンケート")
    InformationPageFactory(parent=home_page, title="電子申請の受付時間のお知らせ")

    html = _search(client, f"q={quote('電子申請')}")

    assert '<span class="search-result__kind">アンケート</span>' in html
    assert '<span class="search-result__kind">お知らせ</span>' in html


# --- narrowing and pages ---------------------------------------------------------------------


@pytest.fixture
def one_of_each_kind(home_page, article_index):
    surveys = SurveyIndexPageFactory(parent=home_page)
    return {
        "article": _article(article_index, "電子申請の始め方"),
        "survey": SurveyPageFactory(parent=surveys, title="電子申請についてのアンケート"),
        "information": InformationPageFactory(parent=home_page, title="電子申請の受付時間"),
    }


def test_the_kind_links_show_how_many_pages_of_each_kind_match(client, one_of_each_kind):
    html = _search(client, f"q={quote('電子申請')}")

    assert 'aria-current="page">すべて <span class="search-kinds__count">3</span></a>' in html
    assert '&amp;kind=article">記事 <span class="search-kinds__count">1</span></a>' in html
    assert '&amp;kind=survey">アンケート <span class="search-kinds__count">1</span></a>' in html
    assert '&amp;kind=information">お知らせ <span class="search-kinds__count">1</span></a>' in html


def test_the_kind_filter_narrows_the_results_to_that_kind(client, one_of_each_kind):
    html = _search(client, f"q={quote('電子申請')}&kind=survey")

    assert _result_count(html) == 1
    assert "「電子申請」の検索結果 1件" in html
    assert "<mark>電子申請</mark>についてのアンケート" in html
    assert "の始め方" not in html
    assert 'kind=survey" aria-current="page">アンケート' in html


def test_the_tag_filter_narrows_the_results_to_articles_with_that_tag(client, article_index):
    _article(article_index, "電子申請と行政DX", tags=["行政DX"])
    _article(article_index, "電子申請と観光", tags=["観光"])

    html = _search(client, f"q={quote('電子申請')}&tag={quote('行政dx')}")

    assert _result_count(html) == 1
    assert "<mark>電子申請</mark>と行政DX" in html
    assert "と観光" not in html
    assert "タグで絞り込む（選択中：#行政DX）" in html


def test_an_unknown_tag_is_named_in_a_message_and_does_not_narrow(client, article_index):
    _article(article_index, "電子申請の始め方")

    html = _search(client, f"q={quote('電子申請')}&tag={quote('存在しないタグ')}")

    assert "「存在しないタグ」というタグはありません。タグで絞り込まずに表示しています。" in html
    assert _result_count(html) == 1


def test_an_unknown_kind_is_named_in_a_message_and_does_not_narrow(client, article_index):
    _article(article_index, "電子申請の始め方")

    html = _search(client, f"q={quote('電子申請')}&kind=forum")

    assert "「forum」という種類はありません。すべての種類から表示しています。" in html
    assert _result_count(html) == 1


def test_ten_results_to_a_page_and_the_page_links_keep_the_query_and_kind(client, article_index):
    for number in range(12):
        _article(article_index, f"行政DXの現場から 第{number + 1}回")

    first = _search(client, f"q={GYOSEI_DX}&kind=article")
    second = _search(client, f"q={GYOSEI_DX}&kind=article&page=2")

    assert _result_count(first) == 10
    assert "「行政DX」の検索結果 12件" in first
    assert f'href="?q={GYOSEI_DX}&amp;kind=article&amp;page=2"' in first
    assert _result_count(second) == 2
    assert f'href="?q={GYOSEI_DX}&amp;kind=article&amp;page=1"' in second
    assert "<title>「行政DX」の検索結果 (2ページ目) | 寄り合い Yoriai</title>" in second


def test_a_page_of_results_costs_the_same_queries_however_many_results_it_shows(
    client, article_index
):
    _article(article_index, "行政DXの現場から")
    _search(client, f"q={GYOSEI_DX}")  # fills the caches of sites and content types
    with CaptureQueriesContext(connection) as one_result:
        _search(client, f"q={GYOSEI_DX}")
    for number in range(9):
        _article(article_index, f"行政DXの現場から 第{number + 2}回", tags=[f"タグ{number}"])

    with CaptureQueriesContext(connection) as ten_results:
        html = _search(client, f"q={GYOSEI_DX}")

    assert _result_count(html) == 10
    assert len(ten_results) == len(one_result)


# --- empty states and bad input --------------------------------------------------------------


def test_without_a_query_the_page_introduces_search_and_offers_popular_tags(client, article_index):
    _article(article_index, "電子申請と行政DX", tags=["行政DX"])

    html = _search(client, "")

    assert "<title>サイト内検索 | 寄り合い Yoriai</title>" in html
    assert "記事・アンケート・意見交換・お知らせを、含まれている言葉で探せます。" in html
    assert "よく使われているタグ" in html
    assert f'<a class="tag" href="/search/?q={GYOSEI_DX}">#行政DX</a>' in html
    assert _result_count(html) == 0
    assert "検索結果" not in html


def test_no_results_says_so_and_suggests_what_to_try(client, article_index):
    _article(article_index, "電子申請の始め方")

    html = _search(client, f"q={quote('存在しない言葉')}")

    assert "「存在しない言葉」に一致するページは見つかりませんでした。" in html
    assert "言葉の表記に誤りがないか確かめてください。" in html
    assert "言葉の数を減らしてみてください" in html
    assert "似た意味の別の言葉で検索してみてください。" in html
    assert 'class="search-kinds"' not in html  # nothing to narrow


def test_no_results_under_a_filter_offers_to_search_without_it(client, article_index):
    _article(article_index, "電子申請の始め方", tags=["行政DX"])
    q, tag = quote("電子申請"), quote("行政dx")

    html = _search(client, f"q={q}&kind=information&tag={tag}")

    assert "「電子申請」に一致するページは見つかりませんでした。" in html
    assert "「お知らせ」の中だけを検索しました。" in html
    assert f'<a href="?q={q}&amp;tag={tag}">すべての種類から検索する</a>' in html
    assert "タグ #行政DX の付いたページの中だけを検索しました。" in html
    assert f'<a href="?q={q}&amp;kind=information">タグを外して検索する</a>' in html


def test_a_query_of_more_than_200_characters_is_refused_in_japanese(client, article_index):
    _article(article_index, "行政DXの第一歩")

    just_right = "行政DX " + " 行政DX" * 39  # 200 characters: the same word repeated
    too_long = just_right + "あ"

    too_long_html = _search(client, f"q={quote(too_long)}")
    just_right_html = _search(client, f"q={quote(just_right)}")

    assert len(just_right) == 200
    assert "検索語は200文字以内で入力してください。" in too_long_html
    assert 'aria-invalid="true"' in too_long_html
    assert "検索結果" not in too_long_html
    assert _result_count(too_long_html) == 0
    assert "検索語は200文字以内で入力してください。" not in just_right_html
    assert _result_count(just_right_html) == 1


def test_markup_in_the_query_is_shown_as_text(client, article_index):
    html = _search(client, f"q={quote('<script>alert(1)</script>')}")

    assert "<script>alert(1)</script>" not in html
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert f"「{escaped}」に一致するページは見つかりませんでした。" in html
    assert f'id="site-search-q" name="q" value="{escaped}"' in html


@pytest.mark.parametrize(
    "query",
    [
        "ＤＸ",
        "ｷﾞｮｳｾｲ",
        "🏯🙏",
        "\u200b",
        "行政\u200bDX",
        "e\u0301",
        "C++ (DX) [a-z]* 100% _ \\",
        "'; DROP TABLE search_searchdocument; --",
        "\x00",
        "あ" * 10_000,
        "a " * 50,
    ],
    ids=[
        "full-width",
        "half-width-kana",
        "emoji",
        "zero-width-space",
        "zero-width-inside",
        "combining-mark",
        "regex-and-like-characters",
        "sql",
        "null",
        "10000-characters",
        "many-terms",
    ],
)
def test_odd_queries_never_fail(client, article_index, query):
    _article(article_index, "行政DXとマイナンバー")

    html = _search(client, f"q={quote(query)}")

    assert "サイト内検索" in html


# --- who sees what ---------------------------------------------------------------------------


def test_private_draft_and_unpublished_pages_never_appear(client, article_index):
    _article(article_index, "秘密の会議の記録 公開版")
    private = _article(article_index, "秘密の会議の記録 限定公開")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    _article(article_index, "秘密の会議の記録 下書き", live=False)
    withdrawn = _article(article_index, "秘密の会議の記録 非公開にした記事")
    withdrawn.unpublish()
    edited = _article(article_index, "公開中の題名", "公開中の本文です。")
    edited.title = "秘密の会議の記録 編集中の題名"
    edited.body = _body("秘密の会議の記録 編集中の本文")
    edited.save_revision()

    html = _search(client, f"q={quote('秘密の会議')}")

    assert "「秘密の会議」の検索結果 1件" in html
    assert "公開版" in html
    for hidden in ("限定公開", "下書き", "非公開にした記事", "編集中"):
        assert hidden not in html


def test_the_english_page_is_in_english(client, article_index):
    article = _article(article_index, "行政DXの第一歩")

    html = _search(client, f"q={GYOSEI_DX}", language="/en")

    assert '<html lang="en">' in html
    assert "<title>Search results for “行政DX” | 寄り合い Yoriai</title>" in html
    assert "Results for “行政DX”: 1 page" in html
    assert '<span class="search-result__kind">Article</span>' in html
    assert f'href="/en/articles/{article.slug}/"' in html
    assert 'aria-current="page">All <span class="search-kinds__count">1</span>' in html


def test_the_english_page_says_when_nothing_matches(client, home_page):
    html = _search(client, f"q={quote('存在しない言葉')}", language="/en")

    assert "No pages match “存在しない言葉”." in html
    assert "Check the spelling of the words." in html


def test_search_answers_get_only(client, home_page):
    response = client.post("/search/", {"q": "行政DX"})

    assert response.status_code == 405


# --- the header's search box -----------------------------------------------------------------


def _header(html):
    return html[html.index('<header class="site-header">') : html.index("</header>")]


@pytest.mark.parametrize("where", ["home", "article"])
def test_every_page_has_a_search_box_in_its_header(client, article_index, where):
    article = _article(article_index, "電子申請の始め方")
    url = "/" if where == "home" else article.url

    header = _header(client.get(url).content.decode())

    assert '<form class="site-search" role="search" action="/search/" method="get">' in header
    assert '<label class="visually-hidden" for="site-search-q">サイト内検索</label>' in header
    assert 'type="search" id="site-search-q" name="q" value=""' in header
    assert '<span class="visually-hidden">検索</span></button>' in header


def test_the_english_header_searches_in_english(client, home_page):
    header = _header(client.get("/en/").content.decode())

    assert 'action="/en/search/"' in header
    assert ">Search this site</label>" in header


def test_the_header_box_holds_the_query_on_the_search_page(client, article_index):
    header = _header(_search(client, f"q={GYOSEI_DX}"))

    assert 'id="site-search-q" name="q" value="行政DX"' in header


def _matching_queries(queries):
    # The bigram tokens, or on SQLite the trigram index of the text (ADR 0017, amendment 2).
    return [
        captured
        for captured in queries
        if "search_searchtoken" in captured["sql"] or "search_fts" in captured["sql"]
    ]


def test_a_page_of_results_matches_the_query_once_for_the_counts_and_the_page_shown(
    client, article_index
):
    for number in range(12):
        _article(article_index, f"行政DXの現場から 第{number + 1}回")

    with CaptureQueriesContext(connection) as every_kind:
        _search(client, f"q={GYOSEI_DX}")
    with CaptureQueriesContext(connection) as one_kind:
        _search(client, f"q={GYOSEI_DX}&kind=article")

    # One pass gives the kind counts, the total and the page shown (ADR 0017, amendment 2).
    assert len(_matching_queries(every_kind)) == 1
    assert len(_matching_queries(one_kind)) == 2  # and one for that kind's total and page


def test_the_popular_tags_are_those_of_live_public_articles(client, article_index):
    _article(article_index, "公開中の記事", tags=["行政DX"])
    _article(article_index, "下書きの記事", tags=["下書きのタグ"], live=False)
    private = _article(article_index, "限定公開の記事", tags=["限定のタグ"])
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    html = _search(client, "")

    assert "#行政DX" in html
    assert "#下書きのタグ" not in html
    assert "#限定のタグ" not in html
