"""Reader preferences kept in cookies that change how a public page looks (furigana over kanji,
the やさしい日本語 version): apps register each cookie with the shape of its values, and the
anonymous page cache (core.page_cache) and page fragments (core.page_fragments) keep one copy
of a page per combination a reader has, instead of stepping aside for a reader who carries
such a cookie."""

import re

_cookies = {}


def page_variant_register(name, pattern):
    """Let the cookie `name` vary cached pages; values that do not fully match `pattern` (a
    regular expression) make the page uncacheable for that request, so made-up values never
    fill the cache."""
    _cookies[name] = re.compile(pattern)


def page_variant_cookies():
    """The names of the registered cookies."""
    return set(_cookies)


def page_variant(request):
    """This request's registered cookies as one string for cache keys ("" with none of them), or
    None when one of them holds a value of the wrong shape."""
    parts = []
    for name, pattern in sorted(_cookies.items()):
        value = request.COOKIES.get(name)
        if value is None:
            continue
        if not pattern.fullmatch(value):
            return None
        parts.append(f"{name}={value}")
    return "&".join(parts)
