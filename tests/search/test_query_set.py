"""The query set of issue 7 (tests/search/query_set.py) over the demo site: the public search
and the admin's page search find exactly the expected pages, in the expected order."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import translation
from wagtail.models import Page

from articles.models import ArticleIndexPage
from search.selectors import KINDS, searchable_pages, site_search

from .query_set import QUERIES, extra_articles_build


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The slugs of the searchable pages of the demo site and the extra articles, built once for
    the module in a transaction that is rolled back at its end (each test runs in a savepoint
    inside it); its pictures in a temporary directory."""
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock(), transaction.atomic():
        with translation.override("ja"):
            call_command("seed_demo", stdout=StringIO())
            extra_articles_build(parent=ArticleIndexPage.objects.get(slug="articles"))
        yield {page.slug for page in searchable_pages()}
        transaction.set_rollback(True)


def _text(query):
    return query.text


def _admin_pages():
    """Live pages of the kinds the public search covers, as the admin's search sees them."""
    return Page.objects.live().type(*(kind.model for kind in KINDS))


@pytest.mark.parametrize("query", QUERIES, ids=_text)
def test_site_search_finds_exactly_the_expected_pages(demo_site, db, query):
    query = query.on_site(demo_site)
    slugs = [page.slug for page in site_search(query.text)]

    assert set(slugs) == query.expected
    assert len(slugs) == len(set(slugs))
    if query.order:
        assert tuple(slugs) == query.order


@pytest.mark.parametrize("query", QUERIES, ids=_text)
def test_admin_page_search_finds_the_same_pages(demo_site, db, query):
    query = query.on_site(demo_site)
    slugs = [page.slug for page in _admin_pages().search(query.text)]

    assert set(slugs) == query.expected
    if query.order:
        assert tuple(slugs) == query.order


@pytest.mark.parametrize("query", QUERIES, ids=_text)
def test_admin_autocomplete_finds_the_expected_pages(demo_site, db, query):
    query = query.on_site(demo_site)
    slugs = {page.slug for page in _admin_pages().autocomplete(query.text)}

    assert slugs == query.expected_autocomplete
