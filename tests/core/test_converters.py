"""core.converters: `<id:…>` in our URL patterns, so an id no database column can hold is a
404 and never reaches the database (on SQLite it was a 500)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from core.converters import MAX_ID, IdConverter
from tests.factories import StaffUserFactory

TWENTY_DIGITS = "9" * 20

OUR_APPS = ("articles.", "consultations.", "surveys.", "community.", "core.", "search.", "config.")


@pytest.mark.parametrize("text", ["1", "42", str(MAX_ID)])
def test_an_id_a_database_can_hold_is_taken(text):
    assert IdConverter().to_python(text) == int(text)


@pytest.mark.parametrize("text", ["0", str(MAX_ID + 1), "9" * 19])
def test_an_id_no_database_can_hold_is_refused(text):
    with pytest.raises(ValueError):
        IdConverter().to_python(text)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        f"/admin/consensus/{TWENTY_DIGITS}/",
        f"/admin/survey-results/{TWENTY_DIGITS}/",
        f"/survey-tests/{TWENTY_DIGITS}/",
        f"/comments/{TWENTY_DIGITS}/",
        f"/members/{TWENTY_DIGITS}/",
        f"/admin/moderation/comments/{TWENTY_DIGITS}/",
        f"/admin/snippets/community/region/edit/{TWENTY_DIGITS}/",
    ],
)
def test_a_twenty_digit_id_is_not_found_rather_than_a_server_error(client, url):
    # Someone allowed on every screen; before, SQLite raised OverflowError (500).
    client.force_login(StaffUserFactory(is_superuser=True))

    assert client.get(url).status_code == 404


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.lookup_str


def test_no_url_pattern_of_ours_takes_an_id_with_the_unbounded_int_converter():
    unbounded = [
        route
        for route, view in _patterns(get_resolver())
        if view.startswith(OUR_APPS) and ("<int:pk>" in route or "<int:page_id>" in route)
    ]

    assert unbounded == []
