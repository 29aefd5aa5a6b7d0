"""How the backend asks the database: which terms need the text read, how the results are
ranked and paged, and what a facet counts (tests/search/test_index.py has what it indexes)."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from search.selectors import site_search
from tests.factories import ArticlePageFactory


def _body(text):
    return [("paragraph", f"<p>{text}</p>")]


def _sql(query):
    with CaptureQueriesContext(connection) as queries:
        list(site_search(query))
    return " ".join(captured["sql"] for captured in queries)


def test_a_two_character_term_is_answered_by_its_bigram_without_reading_the_text(article_index):
    ArticlePageFactory(parent=article_index, title="普及率の推移", body=_body("説明です。"))
    ArticlePageFactory(parent=article_index, title="普、及", body=_body("普 及の話。"))

    assert [page.title for page in site_search("普及")] == ["普及率の推移"]
    assert "body_norm" not in _sql("普及")
    assert "body_norm" in _sql("普及率")  # three characters: their two bigrams prove nothing


def test_pages_of_ranked_results_follow_one_another_without_repeats(article_index):
    now = timezone.now()
    for number in range(7):
        ArticlePageFactory(
            parent=article_index,
            title=f"記事{number}",
            body=_body("窓口の話です。"),
            first_published_at=now - timedelta(days=number),
        )
    ArticlePageFactory(
        parent=article_index, title="窓口の記事", first_published_at=now - timedelta(days=30)
    )

    everything = [page.title for page in site_search("窓口")]
    paged = [page.title for start in (0, 3, 6) for page in site_search("窓口")[start : start + 3]]

    assert everything == ["窓口の記事"] + [f"記事{number}" for number in range(7)]
    assert paged == everything


def test_the_score_is_the_number_of_terms_in_the_title(article_index):
    ArticlePageFactory(parent=article_index, title="窓口と電子申請", body=_body("窓口と電子申請。"))
    ArticlePageFactory(parent=article_index, title="別の題名", body=_body("窓口と電子申請。"))

    scored = site_search("窓口 電子申請").annotate_score("score")

    assert [(page.title, page.score) for page in scored] == [("窓口と電子申請", 2), ("別の題名", 0)]


def test_a_facet_counts_the_results_too(article_index):
    for number in range(3):
        ArticlePageFactory(parent=article_index, title=f"窓口の記事{number}")
    results = site_search("窓口")

    facet = results.facet("content_type_id")
    with CaptureQueriesContext(connection) as queries:
        count = results.count()

    assert list(facet.values()) == [3]
    assert count == 3
    assert len(queries) == 0


def test_once_counted_the_pages_of_results_are_taken_from_the_same_pass(article_index):
    now = timezone.now()
    for number in range(5):
        ArticlePageFactory(
            parent=article_index,
            title=f"記事{number}",
            body=_body("窓口の話です。"),
            first_published_at=now - timedelta(days=number),
        )
    ArticlePageFactory(parent=article_index, title="窓口の記事", first_published_at=now)
    results = site_search("窓口")

    assert results.count() == 6
    with CaptureQueriesContext(connection) as queries:
        paged = [page.title for start in (0, 4) for page in results[start : start + 4]]

    assert paged == ["窓口の記事"] + [f"記事{number}" for number in range(5)]
    assert not [captured for captured in queries if "search_searchtoken" in captured["sql"]]
