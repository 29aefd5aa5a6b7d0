"""Reads for the typed texts of a survey's staff results: the answers to free-text questions
(short_text, long_text) and the 「その他」 texts of choice questions, searchable, and the words
the free-text answers use most (AnswerWord, surveys.words)."""

import unicodedata
from functools import reduce
from operator import or_

from django.db.models import Count, Q

from ..models import Answer, AnswerWord
from ..questions.choices import OTHER
from ..questions.conditions import TYPED_ANSWER_TYPES
from .figures import CHOICE, DISPLAY_BY_TYPE

LATEST_TEXTS = 5  # the texts a question's results show (all are on its own page)
# latest_texts looks at LOOK_AHEAD times the newest responses that should hold its texts, and
# LOOK_MORE more, but never at more than LOOK_MOST.
LOOK_AHEAD, LOOK_MORE, LOOK_MOST = 4, 20, 2000
TYPED = "typed"
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

    Each question looks only at as many of the newest responses as should hold enough texts by
    how many it has (a few dozen when most answer it): one statement reads the ids of the
    newest responses (an index scan), one the answers of those responses to every question (an
    index lookup per response), whatever the number of responses. Only a question whose
    texts those did not hold (bunched in older responses, or too few to look for: under
    1/LOOK_MOST of the responses) is read over all responses, a statement of its own."""
    texts = _texts_counted(questions, tally)
    looks = {
        question_id: LATEST_TEXTS * LOOK_AHEAD * tally.total // count + LOOK_MORE
        for question_id, (_kind, count) in texts.items()
    }
    looks = {question_id: look for question_id, look in looks.items() if look < LOOK_MOST}
    newest, found = [], {}
    if looks:
        ordered = responses.order_by("-submitted_at", "-pk").values_list("pk", flat=True)
        newest = list(ordered[: max(looks.values())])
        wanted = [Q(question_id=q, response_id__in=newest[:look]) for q, look in looks.items()]
        # Not filtered on the survey as well: SQLite would then scan the survey's answers
        # (answer_by_choice) instead of looking up each response's (answer_by_response).
        for answer in _with_text(Answer.objects.filter(reduce(or_, wanted)), texts):
            found.setdefault(answer.question_id, []).append(answer)
    latest = {}
    for question_id, (_kind, count) in texts.items():
        answers = found.get(question_id, [])[:LATEST_TEXTS]
        if len(answers) < min(LATEST_TEXTS, count) and len(newest) < tally.total:
            everyone = Answer.objects.filter(
                survey=survey, question_id=question_id, response__in=responses
            )
            answers = list(_with_text(everyone, texts)[:LATEST_TEXTS])
        latest[question_id] = answers
    return latest


def _texts_counted(questions, tally):
    """{question id: (kind, answers that may have a text)} of the questions with some."""
    choice_counts = tally.choice_counts
    texts = {}
    for question in questions:
        if question.type in TYPED_ANSWER_TYPES:
            texts[question.id] = (TYPED, tally.answer_rows(question.id))
        elif DISPLAY_BY_TYPE[question.type] == CHOICE:
            other = choice_counts.get((question.id, ""), {}).get(OTHER, (0,))[0]
            texts[question.id] = (OTHER, other)
    return {question_id: counted for question_id, counted in texts.items() if counted[1]}


def _with_text(answers, texts):
    """`answers` with a text, newest first: typed answers to free-text questions, 「その他」
    texts of choice questions (`texts`: _texts_counted's)."""
    others = [question_id for question_id, (kind, _count) in texts.items() if kind == OTHER]
    return (
        answers.exclude(value_text="")
        .exclude(Q(question_id__in=others) & ~Q(choice_id=OTHER))
        .select_related("response")
        .order_by(*NEWEST)
    )


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
