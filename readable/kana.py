"""What kind of character a character is, for readings and checks: kanji (CJK unified
ideographs, with 々 and 〆 which stand for one), hiragana, katakana (with the prolonged sound
mark ー); and katakana turned into hiragana."""

import re

_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(ord("ァ"), ord("ヶ") + 1)}


def is_kanji(char):
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0x3400 <= code <= 0x4DBF  # extension A
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0x20000 <= code <= 0x3134F  # extensions B–G
        or char in "々〆"
    )


def is_hiragana(char):
    return "ぁ" <= char <= "ゖ" or char in "ゝゞ"


def is_katakana(char):
    return "ァ" <= char <= "ヺ" or char in "ーヽヾ" or "ｦ" <= char <= "ﾟ"


# The characters of is_kanji, for searching long texts quickly.
KANJI_PATTERN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0003134f々〆]")


def has_kanji(text):
    return KANJI_PATTERN.search(text) is not None


def hiragana(text):
    """`text` with its katakana as hiragana (ー and everything else left as it is)."""
    return text.translate(_KATAKANA_TO_HIRAGANA)
