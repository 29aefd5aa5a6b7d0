"""The one module that turns what members write into HTML. Only its output is marked safe.

Members write plain text. It is cleaned of characters that break or spoof a page, web
addresses become links with rel="nofollow ugc noopener", everything else is escaped, and line
breaks become `<br>`. No HTML parser ever reads what a member typed, so its cost is linear:
bleach's parser takes quadratic time on nested formatting tags (a 19 KB comment of nested tags
took 20 s) and even its Linker costs ~0.2 ms per address (docs/decisions/0003-sanitising.md).

Web addresses are found with an ASCII-only pattern that needs the scheme, so a URL written
straight after Japanese text (詳細はhttps://example.jp/aをご覧ください) links exactly the URL.
The pattern admits no quote or angle bracket, and the address is escaped again when written
into the attribute.
"""

import re
import unicodedata

import bleach
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

LINK_REL = "nofollow ugc noopener"

# Scheme, host, optional port, then path/query/fragment characters of RFC 3986 (ASCII only).
# Trailing punctuation that usually ends a sentence is left out of the link.
URL_RE = re.compile(
    r"""(?<![A-Za-z0-9+.-])https?://
        [A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*
        (?::[0-9]{1,5})?
        (?:[/?#](?:[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]*[A-Za-z0-9\-_~/#=&+%])?)?""",
    re.ASCII | re.VERBOSE,
)

# Control characters (but tab and newline), bidirectional overrides and isolates (they can
# make text read backwards, e.g. to disguise a link), and lone surrogates (invalid Unicode).
_UNSAFE_CHARACTERS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def plain_text_clean(text):
    """`text` with line breaks unified (\\n), NFC-normalised, without unsafe characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _UNSAFE_CHARACTERS.sub("", unicodedata.normalize("NFC", text))


def plain_text_to_html(text):
    """Safe HTML for a member's plain `text`: escaped, web addresses linked, line breaks kept.

    Call it once, when the text is written, and store the result next to the source text.
    """
    text = plain_text_clean(text)
    parts, position = [], 0
    for match in URL_RE.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(format_html('<a href="{0}" rel="{1}">{0}</a>', match.group(), LINK_REL))
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts).replace("\n", "<br>\n"))  # noqa: S308 - all escaped


def bleach_cleaner(*, tags, attributes, protocols=("http", "https", "mailto")):
    """A bleach Cleaner for HTML written by staff (imported Markdown), with the given allow-list."""
    return bleach.Cleaner(
        tags=set(tags),
        attributes=attributes,
        protocols=set(protocols),
        strip=True,
        strip_comments=True,
    )


# The worst 5,000-character inputs we know for this module (and for HTML parsers in general):
# `make bench` times them, the tests check they come out inert.
HOSTILE_INPUTS = {
    name: text[:5000]
    for name, text in {
        "nested formatting tags": "<b><i>" * 833,
        "unclosed tags": "<b>" * 1250 + "</b>" * 250,
        "ampersands": "&" * 5000,
        "angle brackets": "<" * 5000,
        "many links": "https://a.jp/ " * 385,
        "link of ampersands": "https://a.jp/?" + "&" * 4986,
        "hyphenated host": "https://a" + "-" * 4991,
        "dotted host": "https://a" + ".a" * 2496,
        "links after Japanese": "詳細はhttps://example.jp/aを" * 209,
    }.items()
}
