"""URL slugs: unique ones for rows, and short romanised ones for pages with Japanese titles."""

import re
import unicodedata

import jaconv
from django.utils.text import slugify

from .segmenting import morphemes

PAGE_SLUG_MAX = 50
# Words a slug leaves out, by Sudachi's part of speech: particles, auxiliaries, symbols and
# spaces; the stems of auxiliaries (よう, そう) and verbs that only serve as auxiliaries (し in
# 公表しました); and a verb or adjective followed by one of those (つい in について, 向け in
# 向けた), which is grammar, while one in a compound (待ち in 待ち時間) is kept.
_SKIPPED_POS = {"助詞", "助動詞", "補助記号", "空白"}
_SKIPPED_SUBTYPES = {"非自立可能", "助動詞語幹"}
_PREDICATES = {"動詞", "形容詞"}
# Long vowels written as passports and station signs write them (Tōkyō → tokyo).
_LONG_VOWELS = re.compile(r"(?<=o)[ou]|(?<=u)u")


def unique_slug(model, text, *, fallback):
    """A URL slug for `text` (Japanese kept readable) that no other `model` row uses."""
    base = slugify(text, allow_unicode=True) or fallback
    taken = model.objects.filter(slug__startswith=base).values_list("slug", flat=True)
    return first_free_slug(base, set(taken))


def first_free_slug(base, taken):
    """`base`, or `base-2`, `base-3`…: the first not in the set `taken`."""
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def romanised_slug(text, *, max_length=PAGE_SLUG_MAX):
    """A short ASCII slug for `text` written in Japanese: its content words in Hepburn
    romanisation without long-vowel marks, Latin words and numbers as written, joined by
    hyphens and cut at a word boundary within `max_length`.
    「マイナンバーカードの普及に向けた取り組み」 → "mainanbakado-fukyu-torikumi";
    「窓口の待ち時間についてのアンケート」 → "madoguchi-machi-jikan-anketo".
    Empty when `text` has no word to spell."""
    slug = ""
    for word in _romanised_words(unicodedata.normalize("NFKC", text or "")):
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > max_length:
            return slug or word[:max_length]
        slug = longer
    return slug


def _romanised_words(text):
    words = list(morphemes(text))
    for morpheme, following in zip(words, [*words[1:], None], strict=True):
        if _is_grammar(morpheme) or (
            morpheme.part_of_speech()[0] in _PREDICATES
            and following is not None
            and _is_grammar(following)
        ):
            continue
        surface = morpheme.surface()
        if surface.isascii():
            word = slugify(surface)
        else:
            kana = jaconv.kata2hira(morpheme.reading_form()).replace("ー", "")
            word = _LONG_VOWELS.sub("", jaconv.kana2alphabet(kana))
            word = re.sub(r"[^a-z0-9]+", "", word.lower())
        if word:
            yield word


def _is_grammar(morpheme):
    pos, subtype = morpheme.part_of_speech()[:2]
    return pos in _SKIPPED_POS or subtype in _SKIPPED_SUBTYPES
