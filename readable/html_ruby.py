"""Ruby over the text of a whole HTML page: a small tokenizer over the HTML our own templates
write, which finds the text nodes holding kanji and has them rewritten — never a tag or an
attribute, so links, `<mark>` highlights and forms keep working.

Left alone: what is not text (script, style), text that is not shown as markup or must stay as
it is (textarea, title, option and select, svg and math, code and pre), ruby that is already
there (ruby, rt, rp), and any element with translate="no" (names, addresses, codes)."""

import re
from functools import cache

from .kana import KANJI_PATTERN

_TOKEN = re.compile(
    r"<!--.*?-->|<![^>]*>|<\?[^>]*>"
    r"|<(/?)([A-Za-z][A-Za-z0-9:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.DOTALL,
)
_RAW_TEXT = {"script", "style", "textarea", "title"}
_LEFT_ALONE = {"option", "select", "svg", "math", "code", "pre", "ruby", "rt", "rp"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
_TRANSLATE_NO = re.compile(r"""\stranslate\s*=\s*(?:"no"|'no'|no(?=[\s/]|$))""", re.I)


def kanji_text_nodes(page):
    """[(start, end)] of the text nodes of `page` (HTML) that hold a kanji and may get ruby."""
    nodes, position, length = [], 0, len(page)
    while position < length:
        tag = _TOKEN.search(page, position)
        end = tag.start() if tag else length
        if end > position and KANJI_PATTERN.search(page, position, end):
            nodes.append((position, end))
        if tag is None:
            break
        position = _after(page, tag)
    return nodes


def _after(page, tag):
    """Where to go on after `tag`: past it, or past the element it opens when that element's
    content is left alone."""
    closing, name, attributes = tag.groups()
    if name is None or closing:
        return tag.end()
    name = name.lower()
    if name in _RAW_TEXT:
        close = _closing_tag(name).search(page, tag.end())
        return close.end() if close else len(page)
    if name in _VOID or attributes.rstrip().endswith("/"):
        return tag.end()
    if name in _LEFT_ALONE or _TRANSLATE_NO.search(attributes):
        return _element_end(page, tag.end(), name)
    return tag.end()


def _element_end(page, position, name):
    """The end of the element `name` whose content starts at `position` (counting elements of
    the same name nested inside it)."""
    depth = 1
    for tag in _same_tags(name).finditer(page, position):
        if tag.group(1):
            depth -= 1
        elif not tag.group().endswith("/>"):
            depth += 1
        if depth == 0:
            return tag.end()
    return len(page)


@cache
def _closing_tag(name):
    return re.compile(rf"</{name}\s*>", re.IGNORECASE)


@cache
def _same_tags(name):
    return re.compile(rf"<(/?){name}(?:\s(?:[^>\"']|\"[^\"]*\"|'[^']*')*)?>", re.IGNORECASE)


def html_rewrite(page, nodes, rewritten):
    """`page` with each text node of `nodes` ([(start, end)]) replaced by
    rewritten[its text]."""
    pieces, position = [], 0
    for start, end in nodes:
        pieces.append(page[position:start])
        pieces.append(rewritten[page[start:end]])
        position = end
    pieces.append(page[position:])
    return "".join(pieces)
