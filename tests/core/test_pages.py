"""core.pages: set-up code gets a live child page once, however often it runs."""

from articles.models import ArticleIndexPage
from core.pages import child_page_get_or_create


def test_a_missing_child_is_created_live_and_published(home_page):
    index = child_page_get_or_create(
        parent=home_page, page_class=ArticleIndexPage, slug="articles", defaults={"title": "記事"}
    )

    index.refresh_from_db()
    assert index.live and index.get_parent().pk == home_page.pk
    assert index.live_revision is not None


def test_an_existing_child_is_returned_unchanged(home_page):
    first = child_page_get_or_create(
        parent=home_page, page_class=ArticleIndexPage, slug="articles", defaults={"title": "記事"}
    )

    again = child_page_get_or_create(
        parent=home_page, page_class=ArticleIndexPage, slug="articles", defaults={"title": "別名"}
    )

    assert again.pk == first.pk and again.title == "記事"
    assert ArticleIndexPage.objects.child_of(home_page).count() == 1
