"""RSS (/feeds/) and Atom (/feeds/atom/) feeds of published articles, all or by tag."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ArticlePageFactory

ATOM = "{http://www.w3.org/2005/Atom}"


def _days_ago(days):
    return timezone.now() - timedelta(days=days)


def _parse(response):
    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314 - our own feed, not untrusted input


def _rss_titles(response):
    return [item.findtext("title") for item in _parse(response).iter("item")]


def _atom_titles(response):
    return [entry.findtext(f"{ATOM}title") for entry in _parse(response).iter(f"{ATOM}entry")]


@pytest.fixture
def articles(article_index):
    """Two published articles (the newer tagged 行政DX) and a draft."""
    older = ArticlePageFactory(
        parent=article_index, title="古い記事:窓口の今", first_published_at=_days_ago(3)
    )
    newer = ArticlePageFactory(
        parent=article_index,
        title="新しい記事:電子申請",
        first_published_at=_days_ago(1),
        tags=["行政DX"],
    )
    ArticlePageFactory(parent=article_index, title="下書き", live=False, first_published_at=None)
    return newer, older


def test_rss_lists_published_articles_newest_first(client, articles):
    response = client.get("/feeds/")

    assert response["Content-Type"].startswith("application/rss+xml")
    assert _rss_titles(response) == ["新しい記事:電子申請", "古い記事:窓口の今"]


def test_rss_items_link_to_the_articles_with_absolute_urls(client, articles):
    channel = _parse(client.get("/feeds/")).find("channel")

    newer = articles[0]
    item = channel.find("item")
    # The site's address (Settings → Sites), like the canonical link and the sitemap.
    assert item.findtext("link") == newer.full_url
    assert item.findtext("description") == newer.lead
    assert item.findtext("category") == "行政DX"


def test_atom_lists_published_articles_newest_first(client, articles):
    response = client.get("/feeds/atom/")

    assert response["Content-Type"].startswith("application/atom+xml")
    assert _atom_titles(response) == ["新しい記事:電子申請", "古い記事:窓口の今"]


def test_atom_entries_name_their_authors(client, articles):
    feed = _parse(client.get("/feeds/atom/"))

    entry = feed.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == articles[0].authors[0].name


@pytest.mark.parametrize(
    ("path", "titles"),
    [
        ("/feeds/tags/%E8%A1%8C%E6%94%BFdx/", _rss_titles),
        ("/feeds/tags/%E8%A1%8C%E6%94%BFdx/atom/", _atom_titles),
    ],
)
def test_tag_feeds_list_only_articles_with_the_tag(client, articles, path, titles):
    assert titles(client.get(path)) == ["新しい記事:電子申請"]


def test_tag_feed_title_names_the_tag(client, articles):
    channel = _parse(client.get("/feeds/tags/%E8%A1%8C%E6%94%BFdx/")).find("channel")

    assert "行政DX" in channel.findtext("title")
    assert channel.findtext("link").endswith("/articles/tags/%E8%A1%8C%E6%94%BFdx/")


@pytest.mark.parametrize("path", ["/feeds/tags/no-such-tag/", "/feeds/tags/no-such-tag/atom/"])
def test_unknown_tag_feed_is_not_found(client, articles, path):
    assert client.get(path).status_code == 404


def test_feeds_leave_out_unpublished_articles(client, articles):
    newer, older = articles
    older.unpublish()

    assert _rss_titles(client.get("/feeds/")) == [newer.title]
