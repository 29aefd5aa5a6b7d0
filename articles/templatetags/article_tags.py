"""Template tags for the public article site: navigation, language links, meta and sharing.

Every tag that needs the request reads it from the template context (the `request` context
processor is on), so the tags work in any page template without extra view code.
"""

import json
from functools import partial
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info
from wagtail.embeds import embeds
from wagtail.embeds.exceptions import EmbedException
from wagtail.models import Page, Site

from articles.models import ArticleIndexPage
from core.page_cache import page_cache_remember
from core.site_sections import site_nav, site_sections_find

register = template.Library()

# A failed embed lookup is remembered this long, so an offline or slow provider costs one
# request per URL every few minutes instead of one per page view.
EMBED_FAILURE_CACHE_SECONDS = 600

# Characters that could end a <script> element or start an HTML entity inside JSON-LD.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _request(context):
    return context.get("request")


@register.simple_tag(takes_context=True)
def site_nav_pages(context):
    """The current site's sections (core.site_sections): `{key: Page or None}` for each
    registered section (article_index, event_index, topic_index, survey_index, contact …), and
    under "header" and "footer" the NavLinks (page, label) each shows, in order.

    One query, remembered until a page changes anywhere (core.page_cache.page_cache_remember),
    and kept on the request for the header, footer and route tags to share.
    """
    request = _request(context)
    cached = getattr(request, "_yoriai_nav_pages", None)
    if cached is not None:
        return cached
    site = Site.find_for_request(request) if request else None
    if site is None:
        pages = site_sections_find(None)
    else:
        pages = page_cache_remember(
            f"site-sections:{site.pk}", partial(site_sections_find, site), request=request
        )
    found = site_nav(pages)
    if request is not None:
        request._yoriai_nav_pages = found
    return found


@register.simple_tag(takes_context=True)
def article_route_url(context, route_name, slug):
    """The URL of an article-index route ("tag", "author" or "series") for `slug`, or "".

    Non-ASCII slugs (Japanese tags) come back percent-encoded, ready for an href.
    """
    index = site_nav_pages(context)["article_index"]
    if index is None or not slug:
        return ""
    base = index.get_url(request=_request(context)) or ""
    if not base.endswith("/"):
        base += "/"
    return base + ArticleIndexPage.get_resolver().reverse(route_name, slug)


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per language in LANGUAGES, for the switcher and hreflang links.

    Each entry is a dict: `code`, `name` (in its own language), `url` (this page in that
    language, query string kept), `absolute_url` and `is_current`.
    """
    request = _request(context)
    current = get_language()
    path = request.get_full_path() if request else "/"
    links = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url) if request else url,
                "is_current": code == current,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """`url` (a path or an already absolute URL) as an absolute URL for the current request."""
    request = _request(context)
    if not url or request is None:
        return url or ""
    return request.build_absolute_uri(url)


@register.simple_tag
def json_ld(data):
    """`data` as a `<script type="application/ld+json">` element, safe inside HTML.

    `<`, `>` and `&` are written as \\u escapes, so no string in the data can close the
    script element early.
    """
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_JSON_SCRIPT_ESCAPES)),  # noqa: S308 - escaped above
    )


@register.simple_tag(takes_context=True)
def share_urls(context, page):
    """Share links for `page`: a dict with `url` (absolute) and `x`, `facebook`, `line`."""
    url = page.get_full_url(request=_request(context)) or ""
    title = page.seo_title or page.title
    return {
        "url": url,
        "x": "https://x.com/intent/post?" + urlencode({"url": url, "text": title}),
        "facebook": "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        "line": "https://social-plugins.line.me/lineit/share?" + urlencode({"url": url}),
    }


@register.filter
def initials(name):
    """Up to two letters standing for `name`: "山田 太郎" → "山", "Hanako Sato" → "HS"."""
    words = str(name or "").split()
    if not words:
        return ""
    if words[0][0].isascii():
        return "".join(word[0] for word in words[:2]).upper()
    return words[0][0]


@register.simple_tag
def embed_or_none(url):
    """The `Embed` for `url`, or None when the provider cannot be reached or does not know it.

    Templates use None to fall back to a plain link instead of an empty space.
    """
    if not url:
        return None
    failure_key = "yoriai:embed-failed:" + embeds.get_embed_hash(url)
    if cache.get(failure_key):
        return None
    try:
        return embeds.get_embed(url)
    except EmbedException:
        cache.set(failure_key, True, EMBED_FAILURE_CACHE_SECONDS)
        return None


@register.simple_tag(takes_context=True)
def nav_current(context, nav_page):
    """` aria-current="page"` on `nav_page` itself, ` aria-current="true"` below it, else ""."""
    page = context.get("page")
    if nav_page is None or not isinstance(page, Page):
        return ""
    if page.pk == nav_page.pk:
        return mark_safe(' aria-current="page"')
    if page.path.startswith(nav_page.path):
        return mark_safe(' aria-current="true"')
    return ""


@register.simple_tag
def page_summary(page, image=None):
    """What meta tags say about `page`: a dict with `description` (plain text) and `image`.

    The description is the SEO description, else the page's lead; the image is `image`, else
    the page's header image. Pages without a lead or header image simply give "" / None.
    """
    return {
        "description": page.search_description or getattr(page, "lead", "") or "",
        "image": image or getattr(page, "header_image", None),
    }
