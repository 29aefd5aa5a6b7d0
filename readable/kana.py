"""What kind of character a character is, for readings and checks: kanji (CJK unified
ideographs, with 々 and 〆 which stand for one), hiragana, katakana (with the prolonged sound
mark ー); and katakana turned into hiragana."""

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


def has_kanji(text):
    return any(is_kanji(char) for char in text)


def hiragana(text):
    """`text` with its katakana as hiragana (ー and everything else left as it is)."""
    return text.translate(_KATAKANA_TO_HIRAGANA)
