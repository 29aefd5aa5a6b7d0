"""Ruby over the text of a whole HTML page: a small tokenizer over the HTML our own templates
write, which finds the text nodes holding kanji and has them rewritten — never a tag or an
attribute, so links, `<mark>` highlights and forms keep working.

Left alone: what is not text (script, style), text that is not shown as markup or must stay as
it is (textarea, title, option and select, svg and math, code and pre), ruby that is already
there (ruby, rt, rp), and any element with translate="no" (names, addresses, codes)."""

import re
from functools import cache

from .kana import KANJI_PATTERN

_KANJI = KANJI_PATTERN.pattern[1:-1]  # the characters of the class
# A text node holding a kanji: what lies between the end of one tag and the start of the next
# (our templates escape ">" in attribute values, so a match never starts inside a tag).
# Possessive, so a text without kanji is read once, never again from each of its characters.
_KANJI_TEXT = re.compile(rf">([^<>{_KANJI}]*+[{_KANJI}][^<>]*+)<")
# What starts a part of the page whose text is left alone: a comment, or the opening tag of an
# element named here; and translate="no" in an opening tag. Lowercase only, as our templates
# and the sanitiser (core.sanitising) write tags: case-blind patterns are slower to search.
_LEFT_ALONE_START = re.compile(
    r"<(!--|script|style|textarea|title|option|select|svg|math|code|pre|ruby|rt|rp)[\s>/-]"
)
_TRANSLATE_NO = re.compile(r"translate=[\"']?no\b")
_TAG_NAME = re.compile(r"<([a-z][a-z0-9-]*)")
_RAW_TEXT = {"script", "style", "textarea", "title"}
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


def kanji_text_nodes(page):
    """[(start, end)] of the text nodes of `page` (HTML) that hold a kanji and may get ruby."""
    left_alone, skip, nodes = _left_alone(page), 0, []
    for text in _KANJI_TEXT.finditer(page):
        start, end = text.span(1)
        while skip < len(left_alone) and left_alone[skip][1] <= start:
            skip += 1
        if skip == len(left_alone) or left_alone[skip][0] > start:
            nodes.append((start, end))
    return nodes


def _left_alone(page):
    """[(start, end)] of the parts of `page` whose text is left alone, in order."""
    starts = [(match.start(), match.group(1).lower()) for match in _LEFT_ALONE_START.finditer(page)]
    for match in _TRANSLATE_NO.finditer(page):
        start = page.rfind("<", 0, match.start())
        name = _TAG_NAME.match(page, start)
        if name:
            starts.append((start, name.group(1).lower()))
    spans = []
    for start, name in sorted(starts):
        if not spans or start >= spans[-1][1]:
            spans.append((start, _part_end(page, start, name)))
    return spans


def _part_end(page, start, name):
    """Where the part of `page` left alone that starts at `start` with `name` ends."""
    tag_end = page.find(">", start) + 1 or len(page)
    if name == "!--":
        end = page.find("-->", start + 4)
        return len(page) if end < 0 else end + 3
    if name in _RAW_TEXT:
        close = _closing_tag(name).search(page, tag_end)
        return close.end() if close else len(page)
    if name in _VOID or page[tag_end - 2] == "/":
        return tag_end
    return _element_end(page, start, name)


def _element_end(page, start, name):
    """The end of the element `name` whose opening tag is at `start` (counting elements of the
    same name nested inside it)."""
    depth = 0
    for tag in _same_tags(name).finditer(page, start):
        if tag.group(1):
            depth -= 1
        elif not tag.group().endswith("/>"):
            depth += 1
        if depth == 0:
            return tag.end()
    return len(page)


@cache
def _closing_tag(name):
    return re.compile(rf"</{name}\s*>")


@cache
def _same_tags(name):
    return re.compile(rf"<(/?){name}(?:\s(?:[^>\"']|\"[^\"]*\"|'[^']*')*)?>")


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
