"""Markdown as Wagtail rich text (paragraphs) or plain text (headings, quotes, table cells),
cleaned to the article editor's features: raw HTML is removed."""

import html
import re
import threading

import markdown

from core.sanitising import bleach_cleaner

# What the article editor's rich-text features (articles.blocks.RICH_TEXT_FEATURES) store.
RICH_TEXT_TAGS = {"p", "br", "b", "i", "a", "ul", "ol", "li", "h3", "h4", "sup", "sub"}
_cleaner = bleach_cleaner(tags=RICH_TEXT_TAGS, attributes={"a": ["href"]})
_text_only = bleach_cleaner(tags=(), attributes={})
# Elements whose content is code or chrome, never prose: dropped whole, not just untagged.
_DROPPED_ELEMENTS_RE = re.compile(
    r"<(script|style|iframe|object|embed|noscript|template|textarea|title)\b.*?(?:</\1\s*>|\Z)",
    re.I | re.S,
)
# Markdown's tags renamed to the ones the editor stores (its bold is <b>, its headings h3/h4).
# Code blocks become plain paragraphs: the editor has no code feature.
_TAG_RENAMES = {
    "strong": "b",
    "em": "i",
    "h1": "h3",
    "h2": "h3",
    "h5": "h4",
    "h6": "h4",
    "pre": "p",
}
_TAG_RENAME_RE = re.compile(r"<(/?)(strong|em|h1|h2|h5|h6|pre)\b", re.I)
_CJK = "\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
# A line break inside Japanese text would render as a stray space between characters.
_CJK_LINE_BREAK_RE = re.compile(rf"(?<=[{_CJK}])\n(?=[{_CJK}])")
_EMPTY_PARAGRAPH_RE = re.compile(r"<p>\s*</p>")


_converters = threading.local()


def _markdown_html(text):
    # One converter per thread: building one compiles dozens of patterns; sharing is unsafe.
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = markdown.Markdown(
            extensions=["fenced_code", "sane_lists"]
        )
    rendered = converter.reset().convert(_CJK_LINE_BREAK_RE.sub("", text.strip()))
    return _DROPPED_ELEMENTS_RE.sub("", rendered)


def rich_text_from_markdown(text):
    """Markdown → HTML in Wagtail's rich-text format; anything outside its features is removed."""
    rendered = _markdown_html(text)
    rendered = _TAG_RENAME_RE.sub(lambda m: f"<{m[1]}{_TAG_RENAMES[m[2].lower()]}", rendered)
    cleaned = _EMPTY_PARAGRAPH_RE.sub("", _cleaner.clean(rendered))
    return re.sub(r"\n{2,}", "\n", cleaned).strip()


def plain_text_from_markdown(text):
    """Markdown → plain text (for headings, quotes and table cells), markup and HTML removed."""
    rendered = re.sub(r"</p>\s*<p>", "\n\n", _markdown_html(text))
    return html.unescape(_text_only.clean(rendered)).strip()
