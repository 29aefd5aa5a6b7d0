"""core.slugs"""

from articles.models import Author
from core.slugs import unique_slug
from tests.factories import AuthorFactory


def test_a_japanese_name_keeps_a_readable_slug(db):
    assert unique_slug(Author, "山田 花子", fallback="author") == "山田-花子"


def test_a_taken_slug_gets_the_next_free_number(db):
    AuthorFactory(name="山田 花子", slug="山田-花子")
    AuthorFactory(name="山田 花子 2", slug="山田-花子-2")

    assert unique_slug(Author, "山田 花子", fallback="author") == "山田-花子-3"


def test_text_with_nothing_to_slug_takes_the_fallback(db):
    assert unique_slug(Author, "！？", fallback="author") == "author"
