"""The rules of the やさしい日本語 checker (readable.checker), one module per family:
`structure` (long sentences, chained clauses), `words` (kanji above a grade, numbers in kanji,
words on the staff's list) and `forms` (double negatives, honorific and humble forms).

Each rule takes one sentence as `Token`s and yields `Finding`s whose offsets are within the
sentence; the checker turns them into warnings on the whole text."""

from typing import NamedTuple

from core.segmenting import morphemes

from ..kana import hiragana


class Token(NamedTuple):
    """One SudachiPy morpheme of a sentence, with what the rules read of it."""

    surface: str
    lemma: str  # dictionary form (いらっしゃい → いらっしゃる)
    normal: str  # normalized form (いたし → 致す, 十五 → 15)
    reading: str  # in hiragana
    pos: tuple  # part of speech, six levels (名詞, 数詞, *, …, conjugation form)
    start: int
    end: int

    def is_(self, *levels):
        """Whether the part of speech starts with `levels` (「*」 matches any level)."""
        return all(want in ("*", have) for want, have in zip(levels, self.pos, strict=False))

    @property
    def conjugation(self):
        return self.pos[5]


class Finding(NamedTuple):
    """A problem in a sentence: its span there, the rule (a short name) and what to do."""

    start: int
    end: int
    rule: str
    message: str


def tokens(sentence):
    """The morphemes of `sentence` without the spaces between phrases (分かち書き)."""
    return [
        Token(
            m.surface(),
            m.dictionary_form(),
            m.normalized_form(),
            hiragana(m.reading_form()),
            tuple(m.part_of_speech()),
            m.begin(),
            m.end(),
        )
        for m in morphemes(sentence)
        if m.part_of_speech()[0] != "空白" and m.surface().strip()
    ]
