"""{% id_url "view name" id %}: the URL of a view whose one argument is a database id (or of
one without arguments), for pages that link to hundreds of objects — a comment thread of 240
comments has about a thousand links. Django's reverse() walks the URL resolver every time
({% url %}: a fifth of such a page's rendering); this reverses once per view name, URLconf,
script prefix and language, the things reverse() depends on, and writes the id in its place.
"""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

from core.converters import MAX_ID

register = template.Library()
PLACEHOLDER = str(MAX_ID)  # an id no URL holds otherwise (19 digits)


@register.simple_tag
def id_url(view_name, pk=None):
    """reverse(view_name, args=[pk]), or reverse(view_name) without `pk`."""
    head, tail = _url_parts(
        view_name, pk is not None, get_urlconf(), get_script_prefix(), get_language()
    )
    return head if pk is None else f"{head}{pk}{tail}"


@lru_cache(maxsize=256)
def _url_parts(view_name, with_id, urlconf, script_prefix, language):
    """The URL before and after the id (the whole URL and "" without an id)."""
    if not with_id:
        return reverse(view_name, urlconf=urlconf), ""
    url = reverse(view_name, urlconf=urlconf, args=[PLACEHOLDER])
    head, found, tail = url.partition(PLACEHOLDER)
    if not found:
        raise ValueError(f"{view_name}: the id is not in its URL ({url})")
    return head, tail
