"""The readings of a plain text, as ruby over its kanji (issue 24, docs/decisions/0023).

Words come from the reading dictionary first (readable.dictionary: staff's own readings, the
longest word at each place), the rest from SudachiPy (core.segmenting), whose reading forms are
katakana turned into hiragana. A word's reading is laid over its kanji runs only: the kana of the
word anchor the reading, so 申し込み is 申(もう)し込(こ)み and okurigana never sit under ruby.
Kana, Latin letters, digits and symbols never get ruby; a word whose reading is unknown (not in
Sudachi's dictionary, or not matching its own kana) gets none.
"""

import html
import re
from functools import lru_cache

from core.segmenting import morphemes

from .grades import above_grade
from .kana import has_kanji, hiragana, is_hiragana, is_kanji, is_katakana

# ケ read が or か between kanji (霞ヶ関, 関ケ原, 一ヵ月) belongs to the kanji around it.
_KANJI_LIKE = "ヶヵケ"
_READING = re.compile(r"[ぁ-ゖーゝゞ]+")


def ruby_parts(surface, reading):
    """[(text, reading or None)] of one word: its kanji runs with their share of `reading`
    (hiragana), its other characters with None; None when the reading does not fit the word."""
    runs = _runs(surface)
    if runs is None:
        return None
    pattern = "".join("(.+?)" if kanji else f"({re.escape(hiragana(run))})" for run, kanji in runs)
    match = re.fullmatch(pattern, reading)
    if match is None:
        return None
    return [
        (run, part if kanji else None)
        for (run, kanji), part in zip(runs, match.groups(), strict=True)
    ]


def _runs(surface):
    """[(run, is kanji)] of `surface`, or None when it holds more than kanji and kana."""
    runs = []
    for index, char in enumerate(surface):
        if is_kanji(char) or (char in _KANJI_LIKE and _between_kanji(surface, index)):
            kind = True
        elif is_hiragana(char) or is_katakana(char):
            kind = False
        else:
            return None
        if runs and runs[-1][1] == kind:
            runs[-1] = (runs[-1][0] + char, kind)
        else:
            runs.append((char, kind))
    return runs


def _between_kanji(surface, index):
    return (
        0 < index < len(surface) - 1
        and is_kanji(surface[index - 1])
        and is_kanji(surface[index + 1])
    )


def words(text, dictionary):
    """[(surface, hiragana reading or None)] of `text`, the words of `dictionary`
    (readable.dictionary.ReadingDictionary) found first, the rest through Sudachi."""
    found, start = [], 0
    for match in dictionary.finditer(text):
        found += _sudachi_words(text[start : match.start()])
        found.append((match.group(), dictionary.readings[match.group()]))
        start = match.end()
    return found + _sudachi_words(text[start:])


def _sudachi_words(text):
    """Sudachi's words of `text`. A counter right after a number has no reading: it changes
    with the number (一歩 いっぽ, 2人 ふたり, 3本 さんぼん) and Sudachi reads the counter alone."""
    if not has_kanji(text):
        return [(text, None)] if text else []
    found, after_number = [], False
    for morpheme in morphemes(text):
        reading = hiragana(morpheme.reading_form())
        known = not (morpheme.is_oov() or after_number) and _READING.fullmatch(reading)
        found.append((morpheme.surface(), reading if known else None))
        after_number = morpheme.part_of_speech()[1] == "数詞"
    return found


def ruby_html(text, *, grade, dictionary):
    """`text` (HTML-escaped text, as in a text node) with ruby over its kanji: every word with a
    kanji (grade 0), or only words holding a kanji taught after `grade` (readable.grades).
    Character references stay as they are, outside any ruby."""
    pieces = []
    for index, piece in enumerate(_REFERENCE.split(text)):
        if index % 2 or not has_kanji(piece):
            pieces.append(piece)
            continue
        for surface, reading in words(piece, dictionary):
            wanted = reading and (grade == 0 or above_grade(surface, grade))
            parts = ruby_parts(surface, reading) if wanted else None
            pieces.append(surface if parts is None else "".join(map(_ruby, parts)))
    return "".join(pieces)


_REFERENCE = re.compile(r"(&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)")


@lru_cache(maxsize=4096)
def _ruby(part):
    """One run as markup. The reading is hidden from assistive technology, which reads the kanji
    once, and static/css/site.css keeps it out of a copy. No <rp>: every browser we support
    shows ruby (docs/decisions/0023-readable-japanese.md)."""
    text, reading = part
    if reading is None:
        return text
    return f'<ruby>{text}<rt aria-hidden="true">{html.escape(reading)}</rt></ruby>'


def ruby_markup_cache_clear():
    _ruby.cache_clear()
