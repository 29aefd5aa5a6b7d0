"""The words of a free-text answer, for "the most frequent words" of a question (AnswerWord).

Japanese is written without spaces, so the text is segmented by SudachiPy with its core
dictionary in split mode C, which keeps compounds such as マイナンバーカード and 電子申請 whole
(docs/decisions/0007-japanese-word-segmentation.md). Only content words count: nouns, verbs
and adjectives (verbs and adjectives in their dictionary form), minus the stop words below.
"""

import unicodedata

from core.segmenting import morphemes

WORD_MAX = 100  # AnswerWord.word's max_length

CONTENT_POS = {"名詞", "動詞", "形容詞", "形状詞"}
INFLECTING_POS = {"動詞", "形容詞"}
# Nouns that are numbers or the stem of an auxiliary (よう, そう); verbs and adjectives that
# mostly serve as auxiliaries (して・いる, ほしい, できる, くださる).
FUNCTION_SUBTYPES = {"数詞", "助動詞語幹", "非自立可能"}
COUNTER = "助数詞可能"  # 年, 回, 件: only a unit after a number (2024年, 3回)

# Words too common in answers to tell them apart, as they come out of _word().
JAPANESE_STOP_WORDS = """
    する ある いる なる こと もの よう ため これ それ 思う できる 方 等
    言う 考える 感じる 感じ 気 ところ とき 時 場合 点 他 ほか 以上 中 上 前 後 今 今回 一度
    結局 全部 すべて 一番 たび 人 私 自分 皆 みんな さん 様 何 そこ ここ はず わけ つもり まま
"""
ENGLISH_STOP_WORDS = """
    a an and are as at be but by for from has have i if in is it its me my not of on or our
    so that the their there they this to was we were will with you your
"""
STOP_WORDS = frozenset((JAPANESE_STOP_WORDS + ENGLISH_STOP_WORDS).split())


def answer_words(text):
    """The distinct content words of `text`, in order of first appearance: NFKC-normalised,
    Latin lower-cased, none longer than WORD_MAX characters. Empty text gives []."""
    return list(dict.fromkeys(_content_words(morphemes(_normalised(text)))))


def _normalised(text):
    """NFKC (ＤＸ → DX, ﾏｲﾅﾝﾊﾞｰ → マイナンバー), without invisible format characters (zero-width
    spaces, BOMs pasted from other programs), which would otherwise split or become words."""
    text = unicodedata.normalize("NFKC", text or "")
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def _content_words(morphemes):
    after_number = False
    for morpheme in morphemes:
        pos, subtype, detail = morpheme.part_of_speech()[:3]
        counter = after_number and detail == COUNTER
        after_number = subtype == "数詞"
        if pos in CONTENT_POS and subtype not in FUNCTION_SUBTYPES and not counter:
            word = _word(morpheme, pos)
            if _is_content_word(word):
                yield word


def _word(morpheme, pos):
    """Verbs and adjectives in Sudachi's normalised dictionary form, which unifies spellings
    (わかる → 分かる) and keeps the modern form (感じ → 感じる, not 感ずる). Nouns as written:
    their normalised form turns English into katakana (script → スクリプト), ところ into 所."""
    form = morpheme.normalized_form() if pos in INFLECTING_POS else morpheme.dictionary_form()
    return form.lower()


def _is_content_word(word):
    return (
        len(word) <= WORD_MAX
        and word not in STOP_WORDS
        and any(unicodedata.category(char).startswith("L") for char in word)
        and (len(word) > 1 or _is_kanji(word))
    )


def _is_kanji(char):
    return unicodedata.name(char, "").startswith("CJK UNIFIED IDEOGRAPH")
