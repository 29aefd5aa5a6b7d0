"""The anonymous page cache: readers who are not signed in get public pages (articles, topics,
the home page and the index pages) from the "pages" cache (Redis, shared by every app server;
each process's memory without Redis); everyone else gets them fresh. It is not the default
cache: however many pages are stored, they can never push sessions or rate-limit counters out.

What is cached: the HTML of a 200 answer to a GET or HEAD by a visitor who carries no cookie but
the CSRF and language ones and the reader preferences of core.page_variants (so no session, no
survey answered from this browser, no pending message), outside previews. Anything else is
served fresh with `Cache-Control: private, no-store`, as is any answer that set a cookie, varies
or wrote to the session.
Restricted pages (Wagtail view restrictions) never reach this code for a visitor without a
session, and one with a session is never served from the cache.

Keys: `pagecache:page:<page id>:<page generation>:<global generation>:<digest>`, the digest over
scheme, host, language, full path with its query string (comment sort, page numbers) and the
reader preferences (core.page_variants: one copy per combination). Purging is one cache write:
`page_cache_purge(page_id=…)` gives the page a new generation, `page_cache_purge_all()` gives
every page one (any publish, unpublish, move or delete, since lists and the site navigation
appear on many pages). Entries live PAGE_CACHE_SECONDS (default 300; 0 turns the cache off),
which bounds what no purge reaches: a topic's open/closed status changing with the clock, a
member's renamed display name.

CSRF: the page is rendered with a placeholder in place of the token (`csrf_token` in the
template context), stored so, and every answer, cached or not, gets the visitor's own fresh
token (`get_token`, which also sets the CSRF cookie). A page whose rendering asked for a real
token by another way is not stored.

Headers: `X-Page-Cache: hit|miss|bypass`; cacheable answers say `Cache-Control: public,
max-age=0, s-maxage=0, must-revalidate` (`private` instead of `public` when they carry a
token): a CDN or browser must come back every time, because a purge cannot reach them.

Two places answer hits: Page.serve (AnonymousPageCacheMixin, after Wagtail's routing: about
8 queries) and, when it is in MIDDLEWARE, PageCacheMiddleware before any routing (no query;
`pagecache:url:<digest>` names the page of an address).

Only addresses whose query string holds nothing but the pages' own parameters (page numbers,
the comment sort) are cached, so made-up query strings cannot fill the cache.

The cache failing (Redis down) never breaks a page: the page is rendered. Purges made while it
failed are lost, so the first call that succeeds afterwards renews the global generation.
"""

import hashlib
import logging
import re
import secrets
from functools import partial

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.connection import ConnectionProxy
from django.utils.translation import get_language

from .page_variants import (
    page_variant,
    page_variant_cookies,
    response_filtered_mark,
    response_filters_apply,
)

logger = logging.getLogger(__name__)

DEFAULT_SECONDS = 300
# Generations outlive the entries they name; one that is evicted is replaced by a fresh
# random one, which only costs a miss.
GENERATION_SECONDS = 7 * 24 * 3600
GLOBAL_GENERATION_KEY = "pagecache:gen:all"
cache = ConnectionProxy(caches, "pages")
# The query parameters the cached pages read (comment sort and page, list page); with any other
# parameter, or a value that is not one of these shapes, the page is rendered and not stored.
CACHEABLE_PARAMETERS = {
    "page": re.compile(r"\d{1,4}"),
    "comments_page": re.compile(r"\d{1,4}"),
    "sort": re.compile(r"[a-z]{1,12}"),
}
# Whether a cache call of this process failed since its last success (purges may be lost).
_cache_failed = {"since_last_success": False}
HEADER = "X-Page-Cache"
# Headers of the page's own answer that are not kept with the HTML.
UNSTORED_HEADERS = {"set-cookie", "cache-control", "expires", "vary", HEADER.lower()}


def page_cache_seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", DEFAULT_SECONDS)


def page_fragment_seconds():
    """How long what rendered pages reuse lives (core.page_fragments, core.page_routes,
    page_cache_remember): PAGE_FRAGMENT_SECONDS, else PAGE_CACHE_SECONDS; 0 is off."""
    seconds = getattr(settings, "PAGE_FRAGMENT_SECONDS", None)
    return page_cache_seconds() if seconds is None else seconds


def page_generation_key(page_id):
    return f"pagecache:gen:{page_id}"


def page_cache_purge(*, page_id):
    """Forget every cached copy of page `page_id` (all languages and query strings)."""
    _generation_renew(page_generation_key(page_id))


def page_cache_purge_all():
    """Forget every cached copy of every page."""
    _generation_renew(GLOBAL_GENERATION_KEY)


def page_cache_purge_on_commit(*, page_id):
    """Purge page `page_id` now and again once the current transaction commits: a reader
    rendering the page in between still saw the old rows and may have stored them."""
    page_cache_purge(page_id=page_id)
    transaction.on_commit(partial(page_cache_purge, page_id=page_id))


def page_cache_purge_all_on_commit():
    """page_cache_purge_all() now and again once the current transaction commits."""
    page_cache_purge_all()
    transaction.on_commit(page_cache_purge_all)


def scope_generation_key(scope):
    return f"pagecache:gen:scope:{scope}"


def page_cache_scope_generation(scope):
    """The generation of `scope`, which page_cache_scope_purge_on_commit(scope) renews, for
    keys of what a scope's writes make stale; None when the cache fails."""
    return _generations_get([scope_generation_key(scope)])


def page_cache_scope_purge_on_commit(scope):
    """Forget what page_cache_remember(…, scope=`scope`) kept, now and again once the current
    transaction commits (as page_cache_purge_on_commit)."""
    purge = partial(_generation_renew, scope_generation_key(scope))
    purge()
    transaction.on_commit(purge)


def _generation_renew(key):
    try:
        cache.set(key, secrets.token_hex(8), GENERATION_SECONDS)
    except Exception:
        # Entries expire after PAGE_CACHE_SECONDS anyway; the write that failed must not.
        logger.exception("Page cache: could not purge %s", key)


class AnonymousPageCacheMixin:
    """Serve the page from the anonymous page cache when the request allows it. Put it
    first among a Page class's bases."""

    def serve(self, request, *args, **kwargs):
        def render():
            return super(AnonymousPageCacheMixin, self).serve(request, *args, **kwargs)

        return page_cache_serve(request, page_id=self.pk, render=render)


def page_cache_serve(request, *, page_id, render):
    """The answer to `request` for page `page_id`: from the cache when an anonymous visitor
    may have it, else `render()`'s answer (stored when it may be)."""
    if not _request_cacheable(request):
        return _fresh(render(), request)
    key = _entry_key(request, page_id=page_id)
    entry = cache_call("get", key) if key else None
    if entry is not None:
        return _hit(entry, request)
    response = render()
    if not (isinstance(response, TemplateResponse) and response.status_code == 200):
        return _fresh(response, request)
    placeholder, personal = _render_with_placeholder(response, request)
    # Stored as readers see it: a hit does no work (core.page_variants, response filters).
    response_filters_apply(request, response)
    if personal:
        return _fresh(_token_fill(response, request, placeholder=placeholder), request)
    if placeholder.encode() not in response.content:
        placeholder = ""
    if key:
        stored = {key: _entry(response, placeholder), _url_key(request): page_id}
        cache_call("set_many", stored, page_cache_seconds())
    return _shared(response, request, placeholder=placeholder, state="miss")


class PageCacheMiddleware:
    """Answer a cache hit before URL routing, without a query: the address names the page
    (stored with each entry), the page's generations name the entry. Place it last in
    MIDDLEWARE but for core.page_variants.ResponseFilterMiddleware (config/settings/base.py).
    Without it, hits would be answered in Page.serve, after Wagtail's routing.

    Wagtail's before_serve_page hooks (view restrictions) do not run for these hits: entries
    exist only of pages an anonymous visitor was served, and restricting, unpublishing,
    moving or deleting a page purges every entry (community.signals)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _request_cacheable(request):
            page_id = cache_call("get", _url_key(request))
            key = _entry_key(request, page_id=page_id) if page_id is not None else None
            entry = cache_call("get", key) if key else None
            if entry is not None:
                return _hit(entry, request)
        return self.get_response(request)


def _hit(entry, request):
    response = response_filtered_mark(HttpResponse(entry["content"]))
    for name, value in entry["headers"]:
        response[name] = value
    return _shared(response, request, placeholder=entry["placeholder"], state="hit")


def _request_cacheable(request):
    if page_cache_seconds() <= 0 or request.method not in ("GET", "HEAD"):
        return False
    if getattr(request, "is_preview", False):
        return False
    if not _parameters_cacheable(request.GET):
        return False
    ignored = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME, *page_variant_cookies()}
    if set(request.COOKIES) - ignored:  # a session, a survey's browser cookie, messages…
        return False
    if page_variant(request) is None:  # a reader preference of a made-up value
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    messages = getattr(request, "_messages", None)
    return not (messages is not None and len(messages))


def _parameters_cacheable(query):
    return all(
        name in CACHEABLE_PARAMETERS
        and len(values) == 1
        and CACHEABLE_PARAMETERS[name].fullmatch(values[0])
        for name, values in query.lists()
    )


def _entry_key(request, *, page_id):
    """The cache key of this request's copy of the page, or None when the cache fails."""
    generations = page_cache_generations(page_id=page_id)
    if generations is None:
        return None
    digest = _address_digest(request)
    return f"pagecache:page:{page_id}:{generations}:{digest}"


def page_cache_generations(*, page_id, request=None):
    """The "<page generation>:<global generation>" of page `page_id`, which every purge of the
    page changes (core.page_fragments keys its fragments with it too), or None when the cache
    fails. With `request`, the global generation is read once per request."""
    global_generation = getattr(request, "_page_cache_global_generation", None)
    if global_generation is None:
        return _generations_get([page_generation_key(page_id), GLOBAL_GENERATION_KEY])
    page_generation = _generations_get([page_generation_key(page_id)])
    return None if page_generation is None else f"{page_generation}:{global_generation}"


def page_cache_global_generation(request=None):
    """The global generation, which every purge of every page changes (core.page_routes keys
    the routes with it), or None when the cache fails; read once per `request` when given."""
    generation = getattr(request, "_page_cache_global_generation", None)
    if generation is None:
        generation = _generations_get([GLOBAL_GENERATION_KEY])
        if request is not None:
            request._page_cache_global_generation = generation
    return generation


def page_cache_remember(name, compute, *, request=None, page_id=None, scope=None):
    """`compute()`'s value, kept in the pages cache under `name` until any page is purged
    (the global generation) or PAGE_FRAGMENT_SECONDS pass: what every page shows of other pages,
    such as the site's navigation. With `page_id`, also until that page is purged: what it
    shows of itself, such as its number of comments. With `scope` (instead of `page_id`), also
    until page_cache_scope_purge_on_commit(scope): facts that other writes than pages' change,
    such as members' accounts. Computed every time when the cache is off or fails."""
    seconds = page_fragment_seconds()
    generation = None
    if seconds > 0 and scope is not None:
        generation = _generations_get([GLOBAL_GENERATION_KEY, scope_generation_key(scope)])
    elif seconds > 0:
        generation = (
            page_cache_global_generation(request)
            if page_id is None
            else page_cache_generations(page_id=page_id, request=request)
        )
    if generation is None:
        return compute()
    key = f"pagecache:remember:{generation}:{name}"
    value = cache_call("get", key)
    if value is None:
        value = compute()
        cache_call("set", key, value, seconds)
    return value


def _generations_get(keys):
    generations = cache_call("get_many", keys)
    if generations is None:
        return None
    for key in keys:
        if key not in generations:
            generations[key] = _generation_start(key)
    values = [generations[key] for key in keys]
    return None if None in values else ":".join(values)


def _url_key(request):
    """The key under which the id of the page at this address is kept."""
    return f"pagecache:url:{_address_digest(request)}"


def _address_digest(request):
    address = (
        f"{request.scheme}://{request.get_host()}{request.get_full_path()}|{get_language()}"
        f"|{page_variant(request)}"
    )
    return hashlib.sha256(address.encode()).hexdigest()[:32]


def _generation_start(key):
    """A generation for `key`, which has none: a new random one, or a parallel request's."""
    generation = secrets.token_hex(8)
    if cache_call("add", key, generation, GENERATION_SECONDS):
        return generation
    return cache_call("get", key)


def _render_with_placeholder(response, request):
    """Render `response` with a placeholder for the CSRF token. Returns the placeholder and
    whether the answer belongs to this visitor alone (it set a cookie, varies, wrote to the
    session, or asked for a real token some other way than the template context)."""
    placeholder = f"pagecachecsrf{secrets.token_hex(16)}"
    response.context_data = {**(response.context_data or {}), "csrf_token": placeholder}
    # get_token() raises this flag; CsrfViewMiddleware then sets the cookie.
    token_flag_before = request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False
    response.render()
    token_asked = request.META["CSRF_COOKIE_NEEDS_UPDATE"]
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = token_flag_before or token_asked
    session = getattr(request, "session", None)
    personal = bool(
        response.cookies
        or response.has_header("Vary")
        or (session is not None and session.modified)
        or token_asked
    )
    return placeholder, personal


def _entry(response, placeholder):
    headers = [(k, v) for k, v in response.items() if k.lower() not in UNSTORED_HEADERS]
    return {"content": response.content, "headers": headers, "placeholder": placeholder}


def _shared(response, request, *, placeholder, state):
    """The answer every anonymous visitor gets, with this visitor's own CSRF token."""
    _token_fill(response, request, placeholder=placeholder)
    visibility = {"private": True} if placeholder else {"public": True, "s_maxage": 0}
    patch_cache_control(response, **visibility, max_age=0, must_revalidate=True)
    response[HEADER] = state
    return response


def _token_fill(response, request, *, placeholder):
    """Put this visitor's own CSRF token where the placeholder is."""
    if placeholder:
        response.content = response.content.replace(
            placeholder.encode(), get_token(request).encode()
        )
    return response


def _fresh(response, request):
    """An answer rendered for this request alone: never stored by a browser or CDN."""
    if not response.has_header("Cache-Control"):
        add_never_cache_headers(response)
    response[HEADER] = "bypass"
    return response


def cache_call(method, *args):
    """cache.<method>(*args), or None when the cache fails: a page never breaks on it."""
    try:
        if _cache_failed["since_last_success"]:
            # Purges made while the cache could not be reached were lost: forget every copy
            # before reading any.
            cache.set(GLOBAL_GENERATION_KEY, secrets.token_hex(8), GENERATION_SECONDS)
            _cache_failed["since_last_success"] = False
        return getattr(cache, method)(*args)
    except Exception:
        logger.warning("Page cache: %s failed", method, exc_info=True)
        _cache_failed["since_last_success"] = True
        return None


class SignedInNoStoreMiddleware:
    """Answers to a signed-in member that say nothing of caching get `Cache-Control: private,
    no-store`: allauth's account pages and anything else made for one member. Place it after
    AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
