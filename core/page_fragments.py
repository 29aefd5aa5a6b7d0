"""Fragments of a page rendered once and served to every reader they fit: the parts of a page
that are the same for everyone who reads one revision of it (an article's header, body,
related articles, meta tags). The anonymous page cache (core.page_cache) steps aside for
members and for anyone with a session; their pages are rendered, and these fragments are what
such a render reuses.

A template marks a fragment with `{% page_fragment "name" %}…{% endpage_fragment %}`
(core/templatetags/page_fragments.py). The page's get_context looks its fragments up first,
in one cache read (page_fragments_get), puts the answer in the context as `page_fragments`,
and builds what the fragments need only when one of them is missing.

Keys: `pagefrag:<page id>:<live revision>:<page generation>:<global generation>:<digest>`, the
digest over the fragment's name, language, scheme, host, the reader preferences
(core.page_variants) and variant (a comment sort and page, say). The generations are the page
cache's, so every purge of the page cache (a publish anywhere, a comment or like on the page, an
author edited, …) purges the fragments too; entries live PAGE_FRAGMENT_SECONDS (unset:
PAGE_CACHE_SECONDS, as the pages; 0 turns them off), which bounds what no purge reaches (a
topic's status changing with the clock, a member's renamed display name) as it does there.

What goes in a fragment must be the same for every reader it is served to: never the viewer's
name or rights, or anything the key does not carry. The one per-request part a fragment may
hold is the CSRF token of a form, and only in a fragment marked for it
(`{% page_fragment "name" csrf %}`, PageFragments.html_with_token): it is stored with a
placeholder where the token goes, and each request's own token is put there when it is served.
A fragment that fits some readers only (the comment section as visitors who are not signed in
see it) is simply not looked up for the others: they get it rendered, as are all fragments
outside get_context's lookup (a preview, a page that is not live) and when the cache fails.
"""

import hashlib
import secrets
from dataclasses import dataclass

from django.utils.translation import get_language

from .page_cache import (
    CACHEABLE_PARAMETERS,
    cache_call,
    page_cache_generations,
    page_fragment_seconds,
)
from .page_variants import page_variant


@dataclass
class PageFragments:
    """The fragments of one page for one request: `keys` {name: cache key} of those looked up,
    `found` {name: HTML} of those the cache had (and those rendered since); a fragment with
    CSRF tokens is found as (placeholder, HTML)."""

    keys: dict
    found: dict

    def have(self, names):
        """Whether the cache had every one of the fragments `names` (none left to render)."""
        return all(name in self.found for name in names)

    def html(self, name, render):
        """Fragment `name`: the cached HTML, else `render()`'s, which is stored. A fragment
        that was not looked up is rendered and never stored."""
        if name not in self.keys:
            return render()
        if name not in self.found:
            self.found[name] = render()
            cache_call("set", self.keys[name], self.found[name], page_fragment_seconds())
        return self.found[name]

    def html_with_token(self, name, render, token):
        """Fragment `name`, which holds CSRF tokens: `render(placeholder)` renders it with
        `placeholder` as the token; the HTML is stored with the placeholder (the pair), served
        with `token`, this request's token, in its place. Not looked up: `render(token)`."""
        if name not in self.keys:
            return render(token)
        if name not in self.found:
            placeholder = f"pagefragcsrf{secrets.token_hex(16)}"
            self.found[name] = (placeholder, render(placeholder))
            cache_call("set", self.keys[name], self.found[name], page_fragment_seconds())
        placeholder, html = self.found[name]
        return html.replace(placeholder, token)


def page_fragments_get(request, *, page, names):
    """The fragments `names` ({name: variant}, the variant a string or None for "do not look
    this one up") of `page` for this request, read in one cache call: a PageFragments, or None
    when fragments are off (PAGE_FRAGMENT_SECONDS 0, a preview, a page that is not live) or the
    cache fails."""
    if page_fragment_seconds() <= 0 or getattr(request, "is_preview", False) or not page.live:
        return None
    generations = page_cache_generations(page_id=page.pk, request=request)
    if generations is None:
        return None
    prefix = f"pagefrag:{page.pk}:{page.live_revision_id}:{generations}"
    address = f"{request.scheme}://{request.get_host()}|{get_language()}|{page_variant(request)}"
    keys = {
        name: f"{prefix}:{_digest(f'{name}|{variant}|{address}')}"
        for name, variant in names.items()
        if variant is not None
    }
    found = cache_call("get_many", list(keys.values()))
    if found is None:
        return None
    return PageFragments(keys=keys, found={n: found[k] for n, k in keys.items() if k in found})


def query_variant(request, parameters):
    """The values of the query `parameters` this request carries, as a fragment variant; None
    when one is not of a shape the page cache accepts (made-up values never fill the cache)."""
    values = []
    for name in parameters:
        value = request.GET.get(name)
        if value is not None and not CACHEABLE_PARAMETERS[name].fullmatch(value):
            return None
        values.append(value or "")
    return "&".join(values)


def _digest(text):
    return hashlib.sha256(text.encode()).hexdigest()[:32]
