"""Words a reader of やさしい日本語 may not know: kanji taught after a chosen school grade
(readable.grades) — the easy version shows no furigana by itself —, numbers written in kanji
(the guidelines ask for 算用数字: 3月15日, not 三月十五日), and the loanwords and
abbreviations on the list staff keep (readable.models.PlainWordEntry)."""

import re
import unicodedata

from django.utils.translation import gettext as _

from ..grades import kanji_grade
from ..kana import is_kanji
from . import Finding

KANJI_DIGITS = set("〇一二三四五六七八九十百千万億兆")
# A reading written after the word: 市役所（しやくしょ）.
READING_AFTER = re.compile(r"[（(][ぁ-ゖァ-ヺー]+[）)]")
LATIN = re.compile(r"[a-z0-9]")


def kanji_above_grade(sentence, tokens, *, grade, **options):
    for token in tokens:
        above = [char for char in token.surface if is_kanji(char) and kanji_grade(char) > grade]
        if not above or _reading_follows(sentence, token):
            continue
        values = {"word": token.surface, "reading": token.reading, "grade": grade}
        if grade:
            message = _(
                "「%(word)s」 has kanji taught after year %(grade)d of primary school "
                "(%(kanji)s). Write it in hiragana (「%(reading)s」) or add furigana."
            ) % {**values, "kanji": "、".join(dict.fromkeys(above))}
        else:
            message = (
                _(
                    "「%(word)s」 is written in kanji. Write it in hiragana (「%(reading)s」) or "
                    "add furigana."
                )
                % values
            )
        yield Finding(token.start, token.end, "kanji", message)


def _reading_follows(sentence, token):
    """Whether a reading in brackets follows the word (SudachiPy sometimes takes it in:
    書類（しょるい） as one morpheme), after any kanji of the same word."""
    if READING_AFTER.search(token.surface):
        return True
    end = token.end
    while end < len(sentence) and is_kanji(sentence[end]):
        end += 1
    return READING_AFTER.match(sentence, end) is not None


def kanji_numbers(sentence, tokens, **options):
    for token in tokens:
        if token.is_("名詞", "数詞") and set(token.surface) <= KANJI_DIGITS:
            message = _(
                "「%(number)s」 is a number written in kanji. Write it in digits: 「%(digits)s」."
            ) % {"number": token.surface, "digits": token.normal}
            yield Finding(token.start, token.end, "kanji_number", message)


def plain_words(sentence, tokens, *, plain_words, **options):
    """The words of `plain_words` (objects with word, plain and kind) found in the sentence,
    compared ignoring full/half width and case, the longest first; a Latin abbreviation only
    as a whole word (DX, not the DX of DXF)."""
    folded = _folded(sentence)
    taken = {}  # (start, end) → entry
    for entry in sorted(plain_words, key=lambda entry: -len(entry.word)):
        word = _folded(entry.word)
        for match in re.finditer(re.escape(word), folded) if word else ():
            start, end = match.span()
            if not _inside_latin_word(folded, start, end) and not any(
                start < other_end and other_start < end for other_start, other_end in taken
            ):
                taken[start, end] = entry
    for (start, end), entry in sorted(taken.items()):
        yield Finding(start, end, "plain_word", _plain_word_message(entry, sentence[start:end]))


def _plain_word_message(entry, found):
    values = {"word": found, "plain": entry.plain}
    if entry.kind == "abbreviation":
        return _("「%(word)s」 is an abbreviation. Say 「%(plain)s」 instead.") % values
    return _("「%(word)s」 is a loanword readers may not know. Say 「%(plain)s」 instead.") % values


def _folded(text):
    """`text` with each character NFKC-normalised and case-folded where that keeps it one
    character, so that offsets stay those of the text."""
    folded = (unicodedata.normalize("NFKC", char).casefold() for char in text)
    return "".join(new if len(new) == 1 else old for new, old in zip(folded, text, strict=True))


def _inside_latin_word(text, start, end):
    if not LATIN.match(text, start):
        return False
    before = start > 0 and LATIN.match(text, start - 1)
    after = end < len(text) and LATIN.match(text, end)
    return bool(before or after)
