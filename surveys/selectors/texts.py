"""Reads for the typed texts of a survey's staff results: the answers to free-text questions
(short_text, long_text) and the 「その他」 texts of choice questions, searchable, and the words
the free-text answers use most (AnswerWord, surveys.words)."""

import unicodedata

from django.db.models import Count, Q

from ..models import Answer, AnswerWord
from ..questions.choices import OTHER
from ..questions.conditions import TYPED_ANSWER_TYPES
from .figures import CHOICE, DISPLAY_BY_TYPE

LATEST_TEXTS = 5  # the texts a question's results show (all are on its own page)
# latest_texts looks at LOOK_AHEAD times the newest responses that should hold its texts, and
# LOOK_MORE more.
LOOK_AHEAD, LOOK_MORE = 4, 20
NEWEST = ("-response__submitted_at", "-response_id", "-pk")  # newest first, a total order

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
        .order_by(*NEWEST)
    )
    search = unicodedata.normalize("NFKC", search or "").strip()
    if search:
        matches = Q()
        for variant in _spellings(search):
            matches |= Q(value_text__icontains=variant)
        answers = answers.filter(matches)
    return answers


def latest_texts(*, survey, responses, questions, tally):
    """{question id: [Answer]}: the LATEST_TEXTS latest non-empty answers to each free-text
    question and 「その他」 texts of each choice question among `responses` (whose Tally is
    `tally`), with their response, newest first (as text_answers orders them).

    One statement a question, looking only at as many of the newest responses as should hold
    enough texts by how many the question has (a few dozen when most answer it): an index scan
    of the newest responses and a lookup of their answers, whatever the number of responses.
    Only when those held too few (the texts bunched in older responses) are all read."""
    choice_counts = tally.choice_counts()
    newest = responses.order_by("-submitted_at", "-pk").values("pk")
    latest = {}
    for question in questions:
        texts = Answer.objects.filter(survey=survey, question_id=question.id)
        if question.type in TYPED_ANSWER_TYPES:
            count = tally.answer_rows(question.id)
        elif DISPLAY_BY_TYPE[question.type] == CHOICE:
            count = choice_counts.get((question.id, ""), {}).get(OTHER, (0,))[0]
            texts = texts.filter(choice_id=OTHER)
        else:
            continue
        if count:
            texts = texts.exclude(value_text="").select_related("response").order_by(*NEWEST)
            look = LATEST_TEXTS * LOOK_AHEAD * tally.total // count + LOOK_MORE
            found = []
            if look < tally.total:
                found = list(texts.filter(response__in=newest[:look])[:LATEST_TEXTS])
            if len(found) < min(LATEST_TEXTS, count):
                found = list(texts.filter(response__in=responses)[:LATEST_TEXTS])
            latest[question.id] = found
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
