"""The やさしい日本語 checker staff write with (issue 24): what the published guidelines —
出入国在留管理庁・文化庁「在留支援のためのやさしい日本語ガイドライン」 and the work of 弘前大学's
やさしい日本語 group — warn against, found in a text and pointed at its sentence.
docs/decisions/0023-readable-japanese.md says what each rule looks for and why.

`easy_japanese_check(text)` gives a list of `SentenceWarning`s; the rules are in readable.checks."""

import re
from dataclasses import asdict, dataclass

from .checks import tokens
from .checks.forms import double_negatives, honorifics
from .checks.structure import chained_clauses, long_sentence
from .checks.words import kanji_above_grade, kanji_numbers, plain_words
from .models import PlainWordEntry

DEFAULT_GRADE = 3  # kanji of 小学1〜3年 need no furigana; the demo's notices read well with it
MAX_LENGTH = 30
MAX_CLAUSES = 2

# The rules in the order their warnings come within a sentence.
RULES = (
    long_sentence,
    chained_clauses,
    double_negatives,
    honorifics,
    plain_words,
    kanji_numbers,
    kanji_above_grade,
)
SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]*")


@dataclass(frozen=True)
class SentenceWarning:
    """One problem: the sentence it is in (its text, its index among the text's sentences and
    where it starts in the text), where the problem is in the text (start, end), the rule
    (long_sentence, clauses, double_negative, honorific, plain_word, kanji_number, kanji) and
    what to do, in the editor's language."""

    sentence: str
    sentence_index: int
    sentence_start: int
    start: int
    end: int
    rule: str
    message: str

    def as_dict(self):
        return asdict(self)


def sentences(text):
    """(start, sentence) for each sentence of `text`: cut after 。！？ and at line breaks,
    white space around each left out, empty ones skipped."""
    for match in SENTENCE.finditer(text):
        sentence = match.group().strip()
        if sentence:
            yield match.start() + match.group().index(sentence), sentence


def easy_japanese_check(
    text, *, grade=DEFAULT_GRADE, max_length=MAX_LENGTH, max_clauses=MAX_CLAUSES, words=None
):
    """The warnings on `text`, sentence by sentence. `grade` (0–6): kanji taught after it are
    flagged (0: every kanji); `words`: the loanwords and abbreviations to flag (objects with
    word, plain and kind), by default the staff's list (readable.models.PlainWordEntry)."""
    if words is None:
        words = list(PlainWordEntry.objects.all())
    options = {
        "grade": grade,
        "max_length": max_length,
        "max_clauses": max_clauses,
        "plain_words": words,
    }
    warnings = []
    for index, (offset, sentence) in enumerate(sentences(text)):
        sentence_tokens = tokens(sentence)
        for rule in RULES:
            warnings.extend(
                SentenceWarning(
                    sentence=sentence,
                    sentence_index=index,
                    sentence_start=offset,
                    start=offset + finding.start,
                    end=offset + finding.end,
                    rule=finding.rule,
                    message=finding.message,
                )
                for finding in rule(sentence, sentence_tokens, **options)
            )
    return warnings
