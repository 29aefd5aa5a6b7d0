"""core.redirects: a `next` from the request is followed only when it is a path on this site."""

import pytest

from core.redirects import safe_next_url

FALLBACK = "/fallback/"


@pytest.mark.parametrize("wanted", ["/", "/articles/?page=2", "/en/accounts/profile/#top"])
def test_a_local_path_is_followed(rf, wanted):
    assert safe_next_url(rf.get("/"), wanted, fallback=FALLBACK) == wanted


@pytest.mark.parametrize(
    "wanted",
    [
        None,
        "",
        "foo",  # once read by redirect() as a URL pattern name: a 500
        "articles/",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example/",
        "http://testserver/",  # same host, but not a path: callers only ever need paths
        "javascript:alert(1)",
    ],
)
def test_anything_else_gives_the_fallback(rf, wanted):
    assert safe_next_url(rf.get("/"), wanted, fallback=FALLBACK) == FALLBACK
