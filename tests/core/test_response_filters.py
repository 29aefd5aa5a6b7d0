"""Response filters (core.page_variants): what an app registers rewrites every answer exactly
once — a page before the anonymous page cache stores it (so a hit is not rewritten again), and
every other answer in ResponseFilterMiddleware."""

import pytest

from core import page_variants
from tests.factories import ArticlePageFactory

MARK = b"<!-- filtered -->"


@pytest.fixture
def calls(monkeypatch, settings):
    settings.PAGE_CACHE_SECONDS = 300
    made = []

    def mark(request, response):
        made.append(request.path)
        response.content = response.content + MARK

    monkeypatch.setattr(page_variants, "_response_filters", [mark])
    return made


@pytest.fixture
def fast_path(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "core.page_cache.PageCacheMiddleware"]


def test_a_page_is_stored_filtered_and_its_hits_are_not_filtered_again(
    client, article_index, calls
):
    article = ArticlePageFactory(parent=article_index)

    miss, hit = client.get(article.url), client.get(article.url)

    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert miss.content.count(MARK) == hit.content.count(MARK) == 1
    assert calls == [article.url]


def test_hits_before_routing_are_not_filtered_again(client, article_index, calls, fast_path):
    article = ArticlePageFactory(parent=article_index)
    client.get(article.url)

    hit = client.get(article.url)

    assert hit["X-Page-Cache"] == "hit" and hit.content.count(MARK) == 1
    assert calls == [article.url]


def test_every_other_answer_is_filtered_once(client, db, calls):
    response = client.get("/reading/")

    assert response.content.count(MARK) == 1
    assert calls == ["/reading/"]
