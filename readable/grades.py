"""The school grade at which a kanji is taught: 学年別漢字配当表 (the 2020 revision,
from the kanji-lists package) — grade 1 to 6 for the 1,026 kanji of primary school,
JUNIOR_HIGH for the other 常用漢字, BEYOND_JOYO for every other kanji."""

from functools import cache

from kanji_lists import JOYO, KYOIKU

from .kana import is_kanji

PRIMARY_GRADES = range(1, 7)
JUNIOR_HIGH = 7
BEYOND_JOYO = 8


@cache
def _grade_of():
    grades = dict.fromkeys(JOYO, JUNIOR_HIGH)
    for grade in PRIMARY_GRADES:
        grades.update(dict.fromkeys(getattr(KYOIKU.REIWA2, f"GRADE{grade}"), grade))
    return grades


def kanji_grade(char):
    """1–6, JUNIOR_HIGH or BEYOND_JOYO for a kanji (readable.kana.is_kanji)."""
    return _grade_of().get(char, BEYOND_JOYO)


def above_grade(text, grade):
    """Whether `text` holds a kanji taught after `grade` (0: any kanji at all)."""
    return any(is_kanji(char) and kanji_grade(char) > grade for char in text)
