"""Wagtail's routing, remembered: the site and page at an address are found once and kept in
the page cache's store (core.page_cache) under its global generation, which every publish,
unpublish, move or delete of any page renews (core.signals; a Site saved too). A page that is
rendered (for a member, for anyone with a session) is then loaded with one query, instead of
the site lookup and a query or two for each level of its path.

Remembered are only routes that end at a live page of a class that keeps Wagtail's own
`Page.route` and serve it whole (no sub-route, no arguments), answered 200 to a GET: a
routable page's sub-pages and a page with a routing of its own (a survey) are routed every
time. The page itself is always read from the database, so what it shows is never stale; the
before_serve_page hooks (view restrictions) run as they always do.

Keys: `pageroute:<global generation>:<digest>`, the digest over the host (with its port), the
path and the language. Entries live PAGE_FRAGMENT_SECONDS (0 turns them off). The cache failing
only means routing as usual.
"""

import hashlib

from django.apps import apps
from wagtail import views as wagtail_views
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from .page_cache import cache_call, page_cache_global_generation, page_fragment_seconds


class PageRouteCacheMiddleware:
    """Give Wagtail's serve view the remembered route of the address (see the module), and
    remember the routes it finds. Place it after LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_route_key", None)
        if key is not None and response.status_code == 200:
            _route_store(request, key)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve or request.method not in ("GET", "HEAD"):
            return None
        if page_fragment_seconds() <= 0 or getattr(request, "is_preview", False):
            return None
        generation = page_cache_global_generation(request)
        if generation is None:
            return None
        address = f"{request._get_raw_host()}|{request.path_info}|{_language(request)}"
        key = f"pageroute:{generation}:{hashlib.sha256(address.encode()).hexdigest()[:32]}"
        if not _route_give(request, key):
            request._page_route_key = key  # to remember once Wagtail has routed it
        return None


def _language(request):
    return getattr(request, "LANGUAGE_CODE", "")


def _route_give(request, key):
    """Set Wagtail's per-request site and route from the remembered entry; whether there was
    one (and its page is still live)."""
    entry = cache_call("get", key)
    if entry is None:
        return False
    site, page_id, model_label = entry
    page = apps.get_model(model_label).objects.filter(pk=page_id, live=True).first()
    if page is None:
        return False
    request._wagtail_site = site
    request._wagtail_route_for_request = RouteResult(page)
    return True


def _route_store(request, key):
    route = getattr(request, "_wagtail_route_for_request", None)
    site = getattr(request, "_wagtail_site", None)
    if route is None or site is None or route.args or route.kwargs:
        return
    page = route.page
    if not page.live or type(page).route is not Page.route:
        return
    entry = (site, page.pk, page._meta.label)
    cache_call("set", key, entry, page_fragment_seconds())
