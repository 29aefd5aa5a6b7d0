"""Furigana over whole public pages, for readers who switched it on (readable.preferences): a
response filter (core.page_variants) that rewrites the text of every HTML page — articles,
topics, opinions and comments, surveys and their results, events, and the site's own
interface texts alike.

Ruby is computed once per text, never per request: each text node's ruby is kept under (its
digest, the grade, the dictionary's version) in this process's memory (LRU) and in the shared
pages cache (one get_many and at most one set_many per page). The anonymous page cache stores
pages filtered, so its hits do no ruby work at all."""

import hashlib
import threading
from collections import OrderedDict
from functools import cache

from django.urls import reverse

from core.page_cache import cache_call

from .dictionary import reading_dictionary
from .html_ruby import html_rewrite, kanji_text_nodes
from .preferences import furigana_grade
from .readings import ruby_html, ruby_markup_cache_clear

LRU_SIZE = 20_000
SHARED_SECONDS = 7 * 24 * 3600
_lru = OrderedDict()
_lru_lock = threading.Lock()


def furigana_response_filter(request, response):
    """Put ruby into `response` when the reader wants furigana and it is a public HTML page."""
    grade = furigana_grade(request)
    if grade is None or not _public_html(request, response):
        return
    charset = response.charset
    page = response.content.decode(charset)
    response.content = html_with_ruby(page, grade=grade).encode(charset)
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))


def _public_html(request, response):
    redirect = 300 <= response.status_code < 400
    html = response.get("Content-Type", "").startswith("text/html")
    return html and not redirect and not request.path_info.startswith(_admin_prefix())


@cache
def _admin_prefix():
    return reverse("wagtailadmin_home")


def html_with_ruby(page, *, grade):
    """`page` (HTML) with ruby over the kanji of its text (readable.readings, `grade` as there)."""
    nodes = kanji_text_nodes(page)
    if not nodes:
        return page
    texts = {page[start:end] for start, end in nodes}
    return html_rewrite(page, nodes, texts_with_ruby(texts, grade=grade))


def texts_with_ruby(texts, *, grade):
    """{text: the text with ruby} for the text nodes `texts`, from the caches where they can."""
    dictionary = reading_dictionary()
    if dictionary.version is None:  # the cache fails: compute, keep nothing
        return {text: ruby_html(text, grade=grade, dictionary=dictionary) for text in texts}
    found, missing = _lru_get(texts, grade=grade, version=dictionary.version)
    if missing:
        keys = {_shared_key(text, grade, dictionary.version): text for text in missing}
        shared = cache_call("get_many", list(keys)) or {}
        computed = {}
        for key, text in keys.items():
            if key in shared:
                found[text] = shared[key] or text
            else:
                found[text] = ruby_html(text, grade=grade, dictionary=dictionary)
                computed[key] = "" if found[text] == text else found[text]
        if computed:
            cache_call("set_many", computed, SHARED_SECONDS)
        _lru_put({text: found[text] for text in missing}, grade=grade, version=dictionary.version)
    return found


def process_caches_clear():
    """Forget what this process keeps of ruby (the shared cache is left as it is): for
    measuring a cold start, or standing in for another app server in tests."""
    with _lru_lock:
        _lru.clear()
    ruby_markup_cache_clear()


def _shared_key(text, grade, version):
    digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    return f"readable:ruby:{version}:{grade}:{digest}"


def _lru_get(texts, *, grade, version):
    found, missing = {}, []
    with _lru_lock:
        for text in texts:
            key = (text, grade, version)
            value = _lru.get(key)
            if value is None:
                missing.append(text)
            else:
                _lru.move_to_end(key)
                found[text] = value
    return found, missing


def _lru_put(values, *, grade, version):
    with _lru_lock:
        for text, value in values.items():
            _lru[(text, grade, version)] = value
        while len(_lru) > LRU_SIZE:
            _lru.popitem(last=False)
