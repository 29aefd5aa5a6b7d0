"""Wagtail's routing remembered (core.page_routes): a page rendered again is found without
the site lookup and the walk down its path, and every address keeps its own page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ArticlePageFactory, established_member


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_FRAGMENT_SECONDS = 300


@pytest.fixture
def member_client(client, db):
    client.force_login(established_member())  # the page cache never answers a member
    return client


def test_a_page_read_again_is_found_without_routing(member_client, article):
    member_client.get(article.url)

    with CaptureQueriesContext(connection) as queries:
        response = member_client.get(article.url)

    assert response.status_code == 200
    assert not [q for q in queries.captured_queries if "wagtailcore_site" in q["sql"]]


def test_every_address_keeps_its_own_page(member_client, home_page, article_index, article):
    addresses = ["/", article_index.url, article.url, "/articles/tags/no-such-tag/", "/"]
    expected = [home_page.pk, article_index.pk, article.pk, None, home_page.pk]
    for _ in range(2):  # routed, then remembered
        responses = [member_client.get(address) for address in addresses]
        found = [r.context["page"].pk if r.status_code == 200 else None for r in responses]

        assert found == expected


def test_an_unpublished_page_is_not_found_once_its_route_was_remembered(member_client, article):
    member_client.get(article.url)

    article.unpublish()

    assert member_client.get(article.url).status_code == 404


def test_a_page_given_a_new_slug_leaves_its_old_address(member_client, article_index):
    article = ArticlePageFactory(parent=article_index, slug="old-slug")
    old_url = article.url
    member_client.get(old_url)

    article.slug = "new-slug"
    article.save_revision().publish()

    article.refresh_from_db()

    assert member_client.get(old_url).status_code != 200
    assert member_client.get(article.url).context["page"].pk == article.pk
