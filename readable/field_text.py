"""The text the やさしい日本語 checker reads from an editor's field, saved or being edited:
plain text, rich text (HTML as stored, or the Draftail editor's JSON as its form sends it) and
StreamField values (saved: the blocks' data; being edited: one form value per block field).
Values with no Japanese in them — links, numbers, ids, block types — are left out, so that
only what readers read is checked. With a key prefix, a StreamField's data gives only the texts
of the block children so named (a survey's questions: their `easy_…` texts, not the originals
beside them); static/js/easy-japanese-check.js reads the form's controls the same way."""

import json

from wagtail.blocks.list_block import ListValue
from wagtail.fields import StreamValue
from wagtail.rich_text import RichText

from core.plain_text import plain_text_from_html

from .kana import has_kanji, is_hiragana, is_katakana


def field_text(value, *, key_prefix=""):
    """The text of `value` (a string, RichText, StreamValue, or lists and dicts of them as a
    StreamField's data holds them): one line per paragraph or block. With `key_prefix`, only
    the strings under a dict key starting with it, at any depth (a struct block's children
    named so)."""
    return "\n".join(_texts(value, key_prefix, taken=not key_prefix))


def _texts(value, key_prefix, *, taken):
    if isinstance(value, StreamValue):
        # The blocks' values, each struct's children in the order its block defines them (the
        # stored JSON's key order is the database's: PostgreSQL's jsonb sorts keys).
        value = [child.value for child in value]
    elif isinstance(value, ListValue):
        value = list(value)
    if isinstance(value, RichText):
        value = value.source
    if isinstance(value, dict):  # a block's type and id have no Japanese: left out below
        for key, item in value.items():
            yield from _texts(item, key_prefix, taken=taken or key.startswith(key_prefix))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item, key_prefix, taken=taken)
    elif taken and isinstance(value, str) and _is_japanese(value):
        yield _text_of_string(value.strip())


def _text_of_string(value):
    if value.startswith("{"):
        try:
            content = json.loads(value)
        except ValueError:
            return value
        if isinstance(content, dict) and isinstance(content.get("blocks"), list):
            return "\n".join(block.get("text", "") for block in content["blocks"])
    if value.startswith("<"):
        return plain_text_from_html(value)
    return value


def _is_japanese(text):
    return has_kanji(text) or any(is_hiragana(char) or is_katakana(char) for char in text)
