"""`{{ text|lang_attribute }}`: ` lang="ja"` on an element whose text is Japanese while the page
is in another language (the English pages under /en/ show Japanese titles as written), so the
browser breaks the line at phrases (`word-break: auto-phrase`) and reads it in Japanese."""

import re

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

KANA_OR_KANJI = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


def is_japanese(text):
    """Whether `text` holds kana or kanji."""
    return bool(KANA_OR_KANJI.search(str(text or "")))


@register.filter
def lang_attribute(text):
    """' lang="ja"' for Japanese text on a page in another language, else ''."""
    if is_japanese(text) and (get_language() or "ja").split("-")[0] != "ja":
        return mark_safe(' lang="ja"')
    return ""
