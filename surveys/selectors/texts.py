"""Reads for the typed texts of a survey's staff results: the answers to free-text questions
(short_text, long_text) and the 「その他」 texts of choice questions, searchable, and the words
the free-text answers use most (AnswerWord, surveys.words)."""

import unicodedata

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber

from ..models import Answer, AnswerWord
from ..questions.choices import OTHER
from ..questions.conditions import TYPED_ANSWER_TYPES
from .figures import CHOICE, DISPLAY_BY_TYPE

LATEST_TEXTS = 5  # the texts a question's results show (all are on its own page)

# ASCII "!"…"~" and their full-width forms "！"…"～", which NFKC folds into ASCII.
HALF_TO_FULL_WIDTH = {code: code + 0xFEE0 for code in range(0x21, 0x7F)}


def text_answers(*, survey, question_id, responses, search=""):
    """The answers with a non-empty text to question `question_id` of `survey` among
    `responses` (a Response queryset), with their response, newest response first: the
    answers of a free-text question, the 「その他」 texts of a choice question.

    `search` (NFKC-normalised, so ＤＸ finds DX) keeps the answers that contain it, ignoring
    case; an answer typed in full-width letters (ＤＸ) is found by DX as well."""
    answers = (
        Answer.objects.filter(
            survey=survey,
            question_id=question_id,
            response__in=responses,
        )
        .exclude(value_text="")
        .select_related("response")
        .order_by("-response__submitted_at", "-pk")
    )
    search = unicodedata.normalize("NFKC", search or "").strip()
    if search:
        matches = Q()
        for variant in _spellings(search):
            matches |= Q(value_text__icontains=variant)
        answers = answers.filter(matches)
    return answers


def latest_texts(*, survey, responses, questions):
    """{question id: [Answer]}: the LATEST_TEXTS latest non-empty answers to each free-text
    question and 「その他」 texts of each choice question among `responses`, with their
    response, newest response first (as text_answers orders them), in one statement."""
    texts = [q.id for q in questions if q.type in TYPED_ANSWER_TYPES]
    others = [q.id for q in questions if DISPLAY_BY_TYPE[q.type] == CHOICE]
    if not texts and not others:
        return {}
    newest = [F("response__submitted_at").desc(), F("pk").desc()]
    ranked = (
        Answer.objects.filter(survey=survey, response__in=responses)
        .filter(Q(question_id__in=texts) | Q(question_id__in=others, choice_id=OTHER))
        .exclude(value_text="")
        .annotate(place=Window(RowNumber(), partition_by=F("question_id"), order_by=newest))
        .filter(place__lte=LATEST_TEXTS)
        .select_related("response")
    )
    latest = {}
    for answer in sorted(ranked, key=lambda answer: answer.place):
        latest.setdefault(answer.question_id, []).append(answer)
    return latest


def _spellings(search):
    """The normalised search and its full-width spellings: answers are stored as typed, and
    the database ignores the case of ASCII letters only (SQLite), not of ＤＸ."""
    full_width = [
        variant.translate(HALF_TO_FULL_WIDTH) for variant in (search.lower(), search.upper())
    ]
    return list(dict.fromkeys([search, *full_width]))


def top_words(*, survey, question_id, responses, limit):
    """The `limit` words most used in the answers to free-text question `question_id` of
    `survey` among `responses` (a Response queryset): a list of (word, number of answers that
    contain it), most answers first, ties by word. One GROUP BY query."""
    rows = (
        AnswerWord.objects.filter(survey=survey, question_id=question_id, response__in=responses)
        .values("word")
        .annotate(answers=Count("pk"))
        .order_by("-answers", "word")
        .values_list("word", "answers")
    )
    return list(rows[:limit])
