"""Journey 8: a reader on a phone and on a desktop searches in Japanese from the header's search
box and finds the article. The word typed (マイナンバーカード) sits inside a longer compound in the
article's title (マイナンバーカードの普及), with no space around it; an article without it is not
found. The result shows the match marked, and leads to the article.
"""

from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.journeys import assert_fits, ja

pytestmark = pytest.mark.e2e

QUERY = "マイナンバーカード"
TITLE = "マイナンバーカードの普及に向けた窓口の工夫"


@pytest.fixture
def articles(live_server, transactional_db, django_db_serialized_rollback):
    from tests.factories import ArticleIndexPageFactory, ArticlePageFactory, HomePageFactory

    index = ArticleIndexPageFactory(parent=HomePageFactory())
    found = ArticlePageFactory(
        parent=index,
        title=TITLE,
        body=[{"type": "paragraph", "value": "<p>交付の予約を夜間にも受け付けます。</p>"}],
    )
    ArticlePageFactory(
        parent=index,
        title="書かない窓口の一年",
        body=[{"type": "paragraph", "value": "<p>申請書を書かずに済む窓口です。</p>"}],
    )
    return found


def test_a_reader_searches_in_japanese_from_the_header_and_finds_the_article(
    page, articles, viewport, console_errors, screenshot
):
    page.goto("/")
    box = page.locator("header.site-header").get_by_role("searchbox", name=ja("Search this site"))
    expect(box).to_be_visible()
    box.fill(QUERY)
    with page.expect_navigation():
        box.press("Enter")

    assert urlsplit(page.url).path == "/search/"
    assert parse_qs(urlsplit(page.url).query)["q"] == [QUERY]
    expect(page).to_have_title(f"「{QUERY}」の検索結果 | 寄り合い Yoriai")
    expect(page.locator(".search-summary")).to_have_text(f"「{QUERY}」の検索結果 1件")
    result = page.locator(".search-results .search-result")
    expect(result).to_have_count(1)
    link = result.get_by_role("link", name=TITLE)
    expect(link.locator("mark")).to_have_text(QUERY)
    expect(box).to_have_value(QUERY)  # the header's box keeps what was searched
    screenshot("search-results")
    assert_fits(page, viewport, console_errors, "search results")

    with page.expect_navigation():
        link.click()
    assert unquote(urlsplit(page.url).path) == unquote(articles.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert_fits(page, viewport, console_errors, "the article found")
