"""What search engines read: /sitemap.xml and /robots.txt."""

import xml.etree.ElementTree as ET

from tests.factories import ArticlePageFactory

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _locations(response):
    root = ET.fromstring(response.content)  # noqa: S314 - our own sitemap, not untrusted input
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def test_sitemap_lists_live_articles_with_absolute_urls(client, article_index):
    live = ArticlePageFactory(parent=article_index)
    draft = ArticlePageFactory(parent=article_index, live=False, first_published_at=None)
    withdrawn = ArticlePageFactory(parent=article_index)
    withdrawn.unpublish()

    response = client.get("/sitemap.xml")

    locations = _locations(response)
    assert response.status_code == 200
    assert live.get_full_url() in locations
    assert all(location.startswith("http") for location in locations)
    assert not any(draft.slug in location for location in locations)
    assert not any(withdrawn.slug in location for location in locations)
    assert article_index.get_full_url() in locations


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_names_the_sitemap(client):
    response = client.get("/robots.txt")

    lines = response.content.decode().splitlines()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
