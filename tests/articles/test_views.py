"""The public article pages over HTTP: home, index and its routes, an article, 404.

Visible interface text comes from templates wrapped for translation. Where a test needs a
template string it requests the English URL (/en/…); assertions that only hold once the ja
catalog is compiled are marked "needs the ja catalog".
"""

import json
import re
from datetime import datetime, timedelta
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from articles.models import ArticleIndexPage, ArticlePageAuthor
from tests.factories import (
    ArticlePageFactory,
    AuthorFactory,
    HomePageFeaturedArticleFactory,
    InformationPageFactory,
    SeriesFactory,
)

TOKYO = ZoneInfo("Asia/Tokyo")


def _days_ago(days):
    return timezone.now() - timedelta(days=days)


def _html(response):
    return response.content.decode()


def _json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD in the page"
    return json.loads(match.group(1))


# --- home page -------------------------------------------------------------------------------


def test_home_page_shows_featured_articles_then_the_latest(client, home_page, article_index):
    featured = ArticlePageFactory(parent=article_index, title="特集:電子申請の現場")
    latest = ArticlePageFactory(parent=article_index, title="新着:窓口のDX")
    withdrawn = ArticlePageFactory(parent=article_index, title="取り下げた記事")
    HomePageFeaturedArticleFactory(home=home_page, article=featured)
    withdrawn.unpublish()

    response = client.get("/")

    html = _html(response)
    assert response.status_code == 200
    assert html.index("特集:電子申請の現場") < html.index("新着:窓口のDX")
    assert html.count("特集:電子申請の現場") == 1  # not repeated among the latest
    assert "取り下げた記事" not in html
    assert f'href="{article_index.url}"' in html
    assert f'href="{latest.url}"' in html


def test_home_page_without_articles_still_renders(client, home_page):
    response = client.get("/en/")

    assert response.status_code == 200
    assert "No articles have been published yet." in _html(response)


def test_the_home_page_costs_the_same_queries_however_much_it_shows(
    client, settings, home_page, article_index
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import (
        EventIndexPageFactory,
        EventPageFactory,
        TopicIndexPageFactory,
        TopicPageFactory,
    )

    settings.PAGE_CACHE_SECONDS = 0  # every request renders the page
    topics = TopicIndexPageFactory(parent=home_page)
    events = EventIndexPageFactory(parent=home_page)

    def content(count):
        for _ in range(count):
            HomePageFeaturedArticleFactory(
                home=home_page, article=ArticlePageFactory(parent=article_index)
            )
            ArticlePageFactory(parent=article_index)
            TopicPageFactory(parent=topics)
            EventPageFactory(parent=events, capacity=5)

    content(1)
    client.get("/")  # warm caches (site, content types)
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    content(2)
    with CaptureQueriesContext(connection) as more:
        html = _html(client.get("/"))

    assert html.count('class="card event-card') == 3
    assert "近日開催のイベント" in html and "受付中の意見交換" in html
    assert len(more) == len(few)


# --- article index and its routes ------------------------------------------------------------


@pytest.fixture
def five_articles(article_index, monkeypatch):
    """Five articles, newest first, listed two to a page."""
    monkeypatch.setattr(ArticleIndexPage, "paginate_by", 2)
    return [
        ArticlePageFactory(
            parent=article_index, title=f"記事その{n}", first_published_at=_days_ago(n)
        )
        for n in range(1, 6)
    ]


def test_article_index_lists_the_newest_articles_first(client, five_articles):
    response = client.get("/articles/")

    html = _html(response)
    assert response.status_code == 200
    assert html.index("記事その1") < html.index("記事その2")
    assert "記事その3" not in html
    assert 'href="?page=2"' in html


@pytest.mark.parametrize(
    ("query", "shown"),
    [("?page=2", ["記事その3", "記事その4"]), ("?page=abc", ["記事その1", "記事その2"])],
)
def test_article_index_pages(client, five_articles, query, shown):
    response = client.get(f"/articles/{query}")

    html = _html(response)
    assert response.status_code == 200
    assert all(title in html for title in shown)
    assert sum(a.title in html for a in five_articles) == 2


def test_article_index_past_the_last_page_shows_the_last_page(client, five_articles):
    response = client.get("/articles/?page=999")

    html = _html(response)
    assert response.status_code == 200
    assert "記事その5" in html
    assert "記事その4" not in html


def test_article_index_leaves_out_drafts_and_private_articles(client, article_index):
    ArticlePageFactory(parent=article_index, title="公開中の記事")
    ArticlePageFactory(parent=article_index, title="下書きの記事", live=False)
    private = ArticlePageFactory(parent=article_index, title="限定公開の記事")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    html = _html(client.get("/articles/"))

    assert "公開中の記事" in html
    assert "下書きの記事" not in html
    assert "限定公開の記事" not in html


def test_tag_route_with_a_japanese_tag(client, article_index):
    ArticlePageFactory(parent=article_index, title="電子申請の記事", tags=["行政DX"])
    ArticlePageFactory(parent=article_index, title="観光の記事", tags=["観光"])

    response = client.get("/articles/tags/%E8%A1%8C%E6%94%BFdx/")

    html = _html(response)
    assert response.status_code == 200
    assert "電子申請の記事" in html
    assert "観光の記事" not in html
    assert "#行政DX" in html
    assert 'href="/feeds/tags/%E8%A1%8C%E6%94%BFdx/"' in html


def test_tag_route_canonical_url_is_the_route(client, article_index):
    ArticlePageFactory(parent=article_index, tags=["行政DX"])

    html = _html(client.get("/articles/tags/%E8%A1%8C%E6%94%BFdx/"))

    assert '<link rel="canonical" href="http://testserver/articles/tags/' in html


def test_author_route_lists_the_authors_articles(client, article_index):
    author = AuthorFactory(name="佐藤 花子")
    ArticlePageFactory(parent=article_index, title="佐藤さんの記事", authors=[author])
    ArticlePageFactory(parent=article_index, title="他の人の記事")

    response = client.get(f"/articles/authors/{quote(author.slug)}/")

    html = _html(response)
    assert response.status_code == 200
    assert "佐藤 花子" in html
    assert "佐藤さんの記事" in html
    assert "他の人の記事" not in html


def test_series_route_lists_the_parts(client, article_index):
    series = SeriesFactory(name="地域DXの現場から", description="全5回の連載です。")
    ArticlePageFactory(parent=article_index, title="第1回", series=series, series_number=1)
    ArticlePageFactory(parent=article_index, title="連載外の記事")

    response = client.get(f"/articles/series/{quote(series.slug)}/")

    html = _html(response)
    assert response.status_code == 200
    assert "地域DXの現場から" in html
    assert "全5回の連載です。" in html
    assert "第1回" in html
    assert "連載外の記事" not in html


@pytest.mark.parametrize(
    "path",
    [
        "/articles/tags/%E5%AD%98%E5%9C%A8%E3%81%97%E3%81%AA%E3%81%84/",
        "/articles/authors/nobody/",
        "/articles/series/no-such-series/",
        "/en/articles/tags/nothing/",
    ],
)
def test_unknown_tag_author_or_series_is_not_found(client, article_index, path):
    ArticlePageFactory(parent=article_index, tags=["行政DX"])

    assert client.get(path).status_code == 404


# --- an article ------------------------------------------------------------------------------


@pytest.fixture
def article(article_index):
    return ArticlePageFactory(
        parent=article_index,
        title="マイナンバーカードの普及が進まない理由",
        lead="窓口で聞いた声から考えます。",
        first_published_at=datetime(2026, 3, 5, 9, 30, tzinfo=TOKYO),
        body=[("paragraph", "<p>" + "字" * 1200 + "</p>")],
        authors=[AuthorFactory(name="佐藤 花子"), AuthorFactory(name="鈴木 一郎")],
        tags=["行政DX", "マイナンバー"],
    )


def test_article_shows_title_lead_authors_date_and_tags(client, article):
    response = client.get(article.url)

    html = _html(response)
    assert response.status_code == 200
    assert "<h1" in html
    assert "マイナンバーカードの普及が進まない理由</h1>" in html
    assert "窓口で聞いた声から考えます。" in html
    for author in article.authors:
        assert f'<a href="/articles/authors/{quote(author.slug)}/">{author.name}</a>' in html
    assert '<time datetime="2026-03-05T09:30:00+09:00">2026年3月5日</time>' in html
    assert f'href="/articles/tags/{quote("行政dx")}/">#行政DX</a>' in html
    assert "#マイナンバー" in html


def test_under_en_a_japanese_title_keeps_lang_ja_for_phrase_breaking(client, article):
    """The English page shows the title as written: lang="ja" lets it wrap at phrases."""
    url = article.url  # the Japanese URL, read before a request under /en/ switches language
    html = _html(client.get(f"/en{url}"))

    assert (
        '<h1 class="article__title" lang="ja">マイナンバーカードの普及が進まない理由</h1>' in html
    )
    assert '<h1 class="article__title">マイナンバー' in _html(client.get(url))


def _breadcrumbs(html):
    """[(href, text)] of the breadcrumb trail."""
    nav = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    return re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', nav)


def test_an_article_and_an_information_page_share_one_breadcrumb_trail(client, home_page, article):
    information = InformationPageFactory(parent=home_page)

    article_response = client.get(article.url)
    information_response = client.get(information.url)

    for response in (article_response, information_response):
        assert "includes/breadcrumbs.html" in [t.name for t in response.templates]
    assert _breadcrumbs(_html(article_response)) == [
        ("/", "ホーム"),
        ("/articles/", "記事一覧"),
        (article.url, article.title),
    ]
    assert _breadcrumbs(_html(information_response)) == [
        ("/", "ホーム"),
        ("/privacy/", "プライバシーポリシー"),
    ]
    assert f'<a href="{article.url}" aria-current="page">' in _html(article_response)


def test_article_date_is_the_japanese_calendar_day(client, article_index):
    # 23:30 in UTC is already the next day in Tokyo.
    late = ArticlePageFactory(
        parent=article_index,
        first_published_at=datetime(2026, 3, 5, 23, 30, tzinfo=ZoneInfo("UTC")),
    )

    html = _html(client.get(late.url))

    assert "2026年3月6日" in html


def test_article_shows_reading_time(client, article):
    # English URL: the Japanese wording needs the ja catalog.
    html = _html(client.get(f"/en{article.url}"))

    assert "This article takes about 3 minutes to read." in html


def test_article_links_to_series_neighbours(client, article_index):
    series = SeriesFactory(name="地域DXの現場から")
    first = ArticlePageFactory(
        parent=article_index, title="第1回 窓口", series=series, series_number=1
    )
    second = ArticlePageFactory(
        parent=article_index,
        title="第2回 電子申請",
        series=series,
        series_number=2,
        next_part_teaser="第3回では費用を取り上げます",
    )
    third = ArticlePageFactory(
        parent=article_index, title="第3回 費用", series=series, series_number=3
    )

    html = _html(client.get(second.url))

    assert f'<a href="{first.url}">第1回 窓口</a>' in html
    assert f'<a href="{third.url}">第3回 費用</a>' in html
    assert "第3回では費用を取り上げます" not in html  # the next part is out: no teaser


def test_article_teases_the_next_part_until_it_is_published(client, article_index):
    series = SeriesFactory()
    latest = ArticlePageFactory(
        parent=article_index,
        series=series,
        series_number=1,
        next_part_teaser="次回は窓口のDXを取り上げます",
    )
    ArticlePageFactory(
        parent=article_index, series=series, series_number=2, live=False, first_published_at=None
    )

    html = _html(client.get(f"/en{latest.url}"))

    assert "次回は窓口のDXを取り上げます" in html
    assert "Coming next" in html  # 次回予告 under ja: needs the ja catalog


def test_article_has_canonical_link_and_open_graph_meta(client, article):
    html = _html(client.get(article.url))

    full_url = article.get_full_url()
    assert f'<link rel="canonical" href="{full_url}">' in html
    assert f'<meta property="og:title" content="{article.title}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:url" content="{full_url}">' in html
    assert '<meta property="og:description" content="窓口で聞いた声から考えます。">' in html
    assert '<meta property="og:locale" content="ja_JP">' in html


def test_article_describes_itself_in_json_ld(client, article):
    html = _html(client.get(article.url))

    data = _json_ld(html)
    assert data["@type"] == "Article"
    assert data["headline"] == "マイナンバーカードの普及が進まない理由"
    assert [a["name"] for a in data["author"]] == ["佐藤 花子", "鈴木 一郎"]
    assert data["datePublished"].startswith("2026-03-05")


def test_json_ld_cannot_close_its_script_element(client, article_index):
    sneaky = ArticlePageFactory(parent=article_index, title="</script><script>alert(1)</script>")

    html = _html(client.get(sneaky.url))

    assert "<script>alert(1)" not in html
    assert _json_ld(html)["headline"] == "</script><script>alert(1)</script>"


def test_article_shows_related_articles(client, article_index):
    article = ArticlePageFactory(parent=article_index, tags=["行政DX"])
    ArticlePageFactory(parent=article_index, title="同じタグの記事", tags=["行政DX"])

    html = _html(client.get(article.url))

    assert "同じタグの記事" in html


def test_draft_article_is_not_found(client, article_index):
    draft = ArticlePageFactory(parent=article_index, live=False, first_published_at=None)

    assert client.get(f"/articles/{draft.slug}/").status_code == 404


def test_private_article_asks_to_log_in(client, article_index):
    private = ArticlePageFactory(parent=article_index)
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    response = client.get(private.url)

    assert response.status_code == 302
    assert "login" in response["Location"]


# --- 404 -------------------------------------------------------------------------------------


def test_not_found_page_is_japanese(client, home_page):
    response = client.get("/no-such-page/")

    html = _html(response)
    assert response.status_code == 404
    assert '<html lang="ja">' in html
    assert '<meta name="robots" content="noindex">' in html


def test_not_found_page_under_en_is_english(client, home_page):
    response = client.get("/en/no-such-page/")

    assert response.status_code == 404
    assert '<html lang="en">' in _html(response)
    assert "Page not found" in _html(response)


def test_a_tag_typed_in_capitals_or_full_width_redirects_to_its_page(article_index, client):
    ArticlePageFactory(parent=article_index, tags=["行政DX"])

    response = client.get(article_index.url + "tags/行政ＤＸ/")

    assert response.status_code == 302
    assert response["Location"] == article_index.url + "tags/%E8%A1%8C%E6%94%BFdx/"


def test_a_preview_shows_the_unsaved_authors(article_index):
    article = ArticlePageFactory(parent=article_index, authors=[AuthorFactory(name="佐藤 美咲")])
    article.article_authors = [ArticlePageAuthor(author=AuthorFactory(name="田中 健一"))]

    response = article.make_preview_request()

    assert "田中 健一" in response.content.decode()
    assert "佐藤 美咲" not in response.content.decode()


def test_the_article_ends_with_who_wrote_it(article_index, client):
    author = AuthorFactory(name="佐藤 美咲", job_title="課長", department="地方創生推進部")
    article = ArticlePageFactory(parent=article_index, authors=[author])

    html = _html(client.get(article.url))

    assert '<p class="author-box__label">記事を書いた人</p>' in html
    assert "地方創生推進部 課長" in html


def test_article_cards_show_comment_counts_without_a_query_each(client, article_index, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from community.models import CommentStatus
    from tests.factories import CommentFactory

    settings.PAGE_CACHE_SECONDS = 0  # both requests render the page

    commented = ArticlePageFactory(parent=article_index, title="話題の記事")
    CommentFactory(page=commented)
    CommentFactory(page=commented)
    CommentFactory(page=commented, status=CommentStatus.HIDDEN)
    ArticlePageFactory(parent=article_index)
    client.get(article_index.url)
    with CaptureQueriesContext(connection) as few:
        html = client.get(article_index.url).content.decode()
    for _ in range(5):
        CommentFactory(page=ArticlePageFactory(parent=article_index))
    with CaptureQueriesContext(connection) as more:
        client.get(article_index.url)

    assert "コメント 2件" in html
    assert len(few) == len(more)
