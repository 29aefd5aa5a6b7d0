"""What kind of character a character is, for readings and checks: kanji (CJK unified
ideographs, with 々 and 〆 which stand for one), hiragana, katakana (with the prolonged sound
mark ー); and katakana turned into hiragana."""

import re

_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(ord("ァ"), ord("ヶ") + 1)}


def is_hiragana(char):
    return "ぁ" <= char <= "ゖ" or char in "ゝゞ"


def is_katakana(char):
    return "ァ" <= char <= "ヺ" or char in "ーヽヾ" or "ｦ" <= char <= "ﾟ"


# CJK unified ideographs, extension A, compatibility ideographs, extensions B–G, 々 and 〆.
KANJI_PATTERN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0003134f々〆]")


def is_kanji(char):
    return KANJI_PATTERN.fullmatch(char) is not None


def has_kanji(text):
    return KANJI_PATTERN.search(text) is not None


def hiragana(text):
    """`text` with its katakana as hiragana (ー and everything else left as it is)."""
    return text.translate(_KATAKANA_TO_HIRAGANA)
