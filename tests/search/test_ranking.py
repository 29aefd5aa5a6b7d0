"""The matches summarised by the database (search/ranking.py): the counts, the total and every page
of results are those of the whole ranking, within the head read with the counts and beyond it."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from search import ranking
from search.selectors import kind_counts, site_search
from tests.factories import (
    ArticlePageFactory,
    InformationPageFactory,
    SurveyIndexPageFactory,
    SurveyPageFactory,
)

HEAD = 3


def _body(text):
    return [("paragraph", f"<p>{text}</p>")]


@pytest.fixture
def short_head(monkeypatch):
    monkeypatch.setattr(ranking, "RANKED_HEAD", HEAD)


@pytest.fixture
def kominkan_pages(home_page, article_index):
    """Eight pages with 公民館 (three of them in the title), ranked as a reader sees them: title
    hits first, then newer; one draft and one page without the word, which never count."""
    now = timezone.now()
    articles = [
        ArticlePageFactory(
            parent=article_index,
            title=f"記事{number}",
            body=_body("公民館の話です。"),
            first_published_at=now - timedelta(days=number),
        )
        for number in range(5)
    ]
    titled = ArticlePageFactory(
        parent=article_index, title="公民館の記事", first_published_at=now - timedelta(days=30)
    )
    information = InformationPageFactory(
        parent=home_page, title="公民館の受付時間", first_published_at=now - timedelta(days=40)
    )
    survey = SurveyPageFactory(
        parent=SurveyIndexPageFactory(parent=home_page),
        title="公民館についてのアンケート",
        first_published_at=now - timedelta(days=50),
    )
    ArticlePageFactory(parent=article_index, title="公民館の下書き", live=False)
    ArticlePageFactory(parent=article_index, title="別の話", body=_body("電子申請の話です。"))
    return [titled.title, information.title, survey.title] + [page.title for page in articles]


def _titles(results):
    return [page.title for page in results]


@pytest.mark.parametrize("in_database", [True, False])
def test_the_counts_and_every_page_are_those_of_the_whole_ranking(
    short_head, kominkan_pages, monkeypatch, in_database
):
    if not in_database:  # a database without MATERIALIZED: every match read into Python
        monkeypatch.setattr(ranking, "_materialises", lambda connection: False)
    results = site_search("公民館")

    counts = kind_counts(results)
    pages = [_titles(results[start : start + 2]) for start in range(0, 10, 2)]

    assert counts == {"article": 6, "survey": 1, "information": 1, "topic": 0, "event": 0}
    assert results.count() == 8
    assert [title for page in pages for title in page] == kominkan_pages
    assert _titles(site_search("公民館")) == kominkan_pages  # ranked without the summary


def test_a_page_within_the_head_needs_no_further_pass_and_one_beyond_it_does(
    short_head, kominkan_pages
):
    results = site_search("公民館")
    results.count()

    with CaptureQueriesContext(connection) as within:
        first = _titles(results[0:HEAD])
    with CaptureQueriesContext(connection) as beyond:
        second = _titles(results[HEAD : 2 * HEAD])

    assert first + second == kominkan_pages[: 2 * HEAD]
    assert not [query for query in within if "search_searchdocument" in query["sql"]]
    assert [query for query in beyond if "search_searchdocument" in query["sql"]]


def test_a_count_of_a_slice_is_cut_to_the_matches(short_head, kominkan_pages):
    results = site_search("公民館")

    assert results[2:5].count() == 3
    assert results[6:20].count() == 2
    assert results[20:].count() == 0
