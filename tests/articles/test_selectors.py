from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import PageViewRestriction

from articles.selectors import (
    article_latest_list,
    article_list,
    article_related_list,
    author_get,
    home_featured_list,
    series_get,
    series_neighbours,
    tag_get,
)
from tests.factories import (
    ArticlePageFactory,
    ArticlePageRelatedFactory,
    AuthorFactory,
    HomePageFeaturedArticleFactory,
    SeriesFactory,
)


def _days_ago(days):
    return timezone.now() - timedelta(days=days)


# --- article_list ----------------------------------------------------------------------------


def test_article_list_is_newest_first(article_index):
    old = ArticlePageFactory(parent=article_index, first_published_at=_days_ago(10))
    new = ArticlePageFactory(parent=article_index, first_published_at=_days_ago(1))
    middle = ArticlePageFactory(parent=article_index, first_published_at=_days_ago(5))

    assert list(article_list()) == [new, middle, old]


def test_article_list_breaks_ties_by_the_later_created_article(article_index):
    published = _days_ago(3)
    first = ArticlePageFactory(parent=article_index, first_published_at=published)
    second = ArticlePageFactory(parent=article_index, first_published_at=published)

    assert list(article_list()) == [second, first]


def test_article_list_leaves_out_drafts_unpublished_and_private_articles(article_index):
    published = ArticlePageFactory(parent=article_index)
    ArticlePageFactory(parent=article_index, live=False, first_published_at=None)
    unpublished = ArticlePageFactory(parent=article_index)
    unpublished.unpublish()
    private = ArticlePageFactory(parent=article_index)
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    assert list(article_list()) == [published]


def test_article_list_by_japanese_tag(article_index):
    tagged = ArticlePageFactory(parent=article_index, tags=["行政DX", "電子申請"])
    ArticlePageFactory(parent=article_index, tags=["観光"])
    ArticlePageFactory(parent=article_index)

    tag = Tag.objects.get(name="行政DX")

    assert list(article_list(tag=tag)) == [tagged]


def test_article_list_by_author_includes_co_written_articles_once(article_index):
    author, other = AuthorFactory(), AuthorFactory()
    alone = ArticlePageFactory(
        parent=article_index, authors=[author], first_published_at=_days_ago(2)
    )
    together = ArticlePageFactory(
        parent=article_index, authors=[other, author], first_published_at=_days_ago(1)
    )
    ArticlePageFactory(parent=article_index, authors=[other])

    assert list(article_list(author=author)) == [together, alone]


def test_article_list_by_series(article_index):
    series = SeriesFactory()
    part = ArticlePageFactory(parent=article_index, series=series, series_number=1)
    ArticlePageFactory(parent=article_index, series=SeriesFactory(), series_number=1)
    ArticlePageFactory(parent=article_index)

    assert list(article_list(series=series)) == [part]


def test_article_list_with_several_tags_lists_an_article_once(article_index):
    article = ArticlePageFactory(parent=article_index, tags=["行政DX", "電子申請"])

    assert list(article_list()) == [article]


def test_article_latest_list_skips_the_excluded_and_stops_at_the_limit(article_index):
    _oldest, older, newer, newest = (
        ArticlePageFactory(parent=article_index, first_published_at=_days_ago(days))
        for days in (4, 3, 2, 1)
    )

    assert article_latest_list(exclude=[newest], limit=2) == [newer, older]


# --- lookups by slug -------------------------------------------------------------------------


def test_tag_get_finds_a_japanese_tag_by_its_slug(article_index):
    ArticlePageFactory(parent=article_index, tags=["行政DX"])

    assert tag_get(slug="行政dx").name == "行政DX"


@pytest.mark.parametrize("lookup", [tag_get, author_get, series_get])
def test_unknown_slugs_are_not_found(db, lookup):
    with pytest.raises(Http404):
        lookup(slug="存在しない")


def test_author_and_series_are_found_by_slug(db):
    author, series = AuthorFactory(name="佐藤 花子"), SeriesFactory(name="窓口DX")

    assert author_get(slug="佐藤-花子") == author
    assert series_get(slug="窓口dx") == series


# --- series_neighbours -----------------------------------------------------------------------


def test_series_neighbours_are_the_closest_published_parts(article_index):
    series = SeriesFactory()
    first = ArticlePageFactory(parent=article_index, series=series, series_number=1)
    ArticlePageFactory(
        parent=article_index, series=series, series_number=2, live=False, first_published_at=None
    )
    third = ArticlePageFactory(parent=article_index, series=series, series_number=3)
    fifth = ArticlePageFactory(parent=article_index, series=series, series_number=5)
    ArticlePageFactory(parent=article_index, series=SeriesFactory(), series_number=4)

    assert series_neighbours(article=third) == (first, fifth)


def test_series_neighbours_at_the_ends_of_a_series(article_index):
    series = SeriesFactory()
    first = ArticlePageFactory(parent=article_index, series=series, series_number=1)
    second = ArticlePageFactory(parent=article_index, series=series, series_number=2)

    assert series_neighbours(article=first) == (None, second)
    assert series_neighbours(article=second) == (first, None)


def test_an_article_outside_a_series_has_no_neighbours(article_index):
    article = ArticlePageFactory(parent=article_index)
    ArticlePageFactory(parent=article_index)

    assert series_neighbours(article=article) == (None, None)


# --- article_related_list --------------------------------------------------------------------


def test_related_articles_are_the_picked_ones_first_in_the_editors_order(article_index):
    article = ArticlePageFactory(parent=article_index, tags=["行政DX"])
    picked_a, picked_b = (
        ArticlePageFactory(parent=article_index),
        ArticlePageFactory(parent=article_index),
    )
    sharing_tag = ArticlePageFactory(parent=article_index, tags=["行政DX"])
    ArticlePageRelatedFactory(page=article, article=picked_b)
    ArticlePageRelatedFactory(page=article, article=picked_a)

    assert article_related_list(article=article) == [picked_b, picked_a, sharing_tag]


def test_related_articles_fill_up_with_those_sharing_the_most_tags(article_index):
    article = ArticlePageFactory(parent=article_index, tags=["行政DX", "電子申請", "窓口"])
    one_shared = ArticlePageFactory(
        parent=article_index, tags=["行政DX"], first_published_at=_days_ago(1)
    )
    three_shared = ArticlePageFactory(
        parent=article_index, tags=["行政DX", "電子申請", "窓口"], first_published_at=_days_ago(9)
    )
    two_shared = ArticlePageFactory(
        parent=article_index, tags=["電子申請", "窓口"], first_published_at=_days_ago(5)
    )
    ArticlePageFactory(parent=article_index, tags=["観光"])

    assert article_related_list(article=article, limit=2) == [three_shared, two_shared]
    assert article_related_list(article=article) == [three_shared, two_shared, one_shared]


def test_related_articles_leave_out_unpublished_picks_and_the_article_itself(article_index):
    article = ArticlePageFactory(parent=article_index, tags=["行政DX"])
    withdrawn = ArticlePageFactory(parent=article_index, tags=["行政DX"])
    ArticlePageRelatedFactory(page=article, article=withdrawn)
    withdrawn.unpublish()

    assert article_related_list(article=article) == []


def test_a_picked_article_is_not_repeated_among_those_sharing_tags(article_index):
    article = ArticlePageFactory(parent=article_index, tags=["行政DX"])
    picked = ArticlePageFactory(parent=article_index, tags=["行政DX"])
    ArticlePageRelatedFactory(page=article, article=picked)

    assert article_related_list(article=article) == [picked]


# --- home_featured_list ----------------------------------------------------------------------


def test_home_featured_list_keeps_the_editors_order_and_skips_unpublished(home_page, article_index):
    newer = ArticlePageFactory(parent=article_index, first_published_at=_days_ago(1))
    older = ArticlePageFactory(parent=article_index, first_published_at=_days_ago(8))
    withdrawn = ArticlePageFactory(parent=article_index)
    for article in (older, withdrawn, newer):
        HomePageFeaturedArticleFactory(home=home_page, article=article)
    withdrawn.unpublish()

    assert home_featured_list(home=home_page) == [older, newer]


def test_home_featured_list_is_empty_when_nothing_is_featured(home_page, article_index):
    ArticlePageFactory(parent=article_index)

    assert home_featured_list(home=home_page) == []
