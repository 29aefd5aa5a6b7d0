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


# --- Response filters --------------------------------------------------------------------------
# An app that rewrites whole pages for a reader preference (such as ruby over kanji) registers a
# filter here instead of touching each view: the anonymous page cache applies the filters to a
# page before storing it, so a cache hit does no work, and ResponseFilterMiddleware applies them
# to every other answer. Each answer is filtered exactly once.

_response_filters = []


def response_filter_register(function):
    """Have `function(request, response)` rewrite every answer (it decides which it changes and
    changes `response.content` in place). Call it from an AppConfig.ready()."""
    if function not in _response_filters:
        _response_filters.append(function)


def response_filters_apply(request, response):
    """Apply the registered filters to `response` unless they were applied already (a page
    cache entry was stored filtered); returns `response`."""
    if getattr(response, "_filtered", False):
        return response
    response._filtered = True
    if getattr(response, "streaming", False):
        return response
    for function in _response_filters:
        function(request, response)
    return response


def response_filtered_mark(response):
    """Mark `response` as filtered already (an answer made from a stored, filtered copy)."""
    response._filtered = True
    return response


class ResponseFilterMiddleware:
    """Apply the response filters to every answer that the page cache did not filter. Place it
    last in MIDDLEWARE, after core.page_cache.PageCacheMiddleware, whose hits were filtered when
    they were stored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return response_filters_apply(request, self.get_response(request))
