"""Counting a survey's figures from its raw answers with GROUP BY statements (answers_counted:
what a filter's view reads when the tallies cannot answer it), recounting its tallies that way,
and repairing any difference: the recount checks what the deltas, their merges and the word
indexing kept against counting everything again (keys.row_counts says what each row counts,
for both).

`manage.py survey_tallies_check [--fix]` runs these; the migration that created the tallies
filled them with survey_recount.
"""

from collections import Counter, defaultdict

from django.db import connection, transaction
from django.db.models import Count, F, FilteredRelation, Q

from core.japan import JapanDate

from ..models import Answer, AnswerWord, Response
from . import keys
from .store import delta_append, tally_counts


def survey_recount(
    survey_id, *, answer_model=Answer, response_model=Response, word_model=AnswerWord
):
    """{key: count} of the survey's real responses, counted from its Answer and AnswerWord
    rows now (the models can be a migration's historical ones), PAIR keys included. Keys that
    count nothing are left out."""
    responses = response_model.objects.filter(survey_id=survey_id, is_test=False)
    answers = answer_model.objects.filter(survey_id=survey_id, response__is_test=False)
    words = word_model.objects.filter(survey_id=survey_id, response__is_test=False)
    counts = answers_counted(responses, answers, words)[None]
    grouping = (
        answers.filter(question_type__in=keys.GROUPING_TYPES)
        .exclude(choice_id="")
        .values_list("question_id", flat=True)
        .distinct()
        .order_by()
    )
    for question_id in sorted(grouping):
        paired = answers_counted(
            _grouped(responses, "answers", question_id),
            _grouped(answers, "response__answers", question_id),
            _grouped(words, "response__answers", question_id),
            group="group",
        )
        for choice_id, counted in paired.items():
            prefix = keys.pair_prefix(question_id, choice_id)
            counts.update({prefix + name: count for name, count in counted.items()})
    return Counter({name: count for name, count in counts.items() if count})


def _grouped(rows, answers_path, question_id):
    """`rows` (responses or answers) of respondents who answered the grouping question, with
    their choice as `group`: a response has one such answer at most, so no row is doubled."""
    answered = Q(**{f"{answers_path}__question_id": question_id}) & ~Q(
        **{f"{answers_path}__choice_id": ""}
    )
    return rows.annotate(
        by_answer=FilteredRelation(answers_path, condition=answered),
        group=F("by_answer__choice_id"),
    ).filter(group__isnull=False)


def answers_counted(responses, answers, words, *, group=None):
    """{group: Counter {key: count}} of `responses`, their `answers` and their AnswerWord rows
    `words` (querysets of the same respondents), in four GROUP BY statements: the responses per
    day; the answers per distinct row (what each counts is keys.row_counts'); the respondents of
    questions answered with several rows; the words. Grouped first by the field `group` when
    given (the respondents' choice to a grouping question), else all under None."""
    fields = (group,) if group else ()
    counts = defaultdict(Counter)

    def of(values):
        return counts[values[0] if group else None]

    per_day = responses.annotate(day=JapanDate("submitted_at")).values_list(*fields, "day")
    for *by, day, number in per_day.annotate(rows=Count("id")).order_by():
        of(by)[keys.key(keys.RESPONSES)] += number
        of(by)[keys.key(keys.DAY, day.isoformat())] += number
    for row in answers.values(*fields, *keys.ANSWER_FIELDS).annotate(rows=Count("id")).order_by():
        counted = of([row.get(group)])
        keys.row_counts(counted, row, times=row["rows"])
        if row["question_type"] not in keys.MULTI_ROW_TYPES:  # a row per respondent
            counted[keys.key(keys.RESPONDENTS, row["question_id"])] += row["rows"]
    for *by, question_id, respondents in _respondents_of_multi_row(answers, fields):
        of(by)[keys.key(keys.RESPONDENTS, question_id)] += respondents
    for *by, question_id, word, number in (
        words.values_list(*fields, "question_id", "word").annotate(rows=Count("id")).order_by()
    ):
        of(by)[keys.key(keys.WORD, question_id, word)] += number
    return counts


def _respondents_of_multi_row(answers, fields):
    """(*fields, question id, respondents) of the questions answered with several rows: the
    distinct (question, response) pairs grouped again, which PostgreSQL can hash where
    COUNT(DISTINCT) sorts every group's rows."""
    answered = (
        answers.filter(question_type__in=keys.MULTI_ROW_TYPES)
        .values(*fields, "question_id", "response_id")
        .distinct()
        .order_by()
    )
    sql, params = answered.query.sql_with_params()
    columns = ", ".join(connection.ops.quote_name(name) for name in (*fields, "question_id"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns}, COUNT(*) FROM ({sql}) answered GROUP BY {columns}",  # noqa: S608
            params,
        )
        return cursor.fetchall()


def tallies_difference(*, survey_id, **models):
    """{key: recounted − kept} for every key whose kept count (tallies plus unmerged deltas)
    differs from the recount; empty when they agree. `models`: survey_recount's."""
    kept, recounted = tally_counts(survey_id=survey_id), survey_recount(survey_id, **models)
    return {
        name: recounted[name] - kept[name]
        for name in sorted(set(kept) | set(recounted))
        if recounted[name] != kept[name]
    }


def tallies_fix(*, survey_id, **models):
    """Append the delta that makes the kept counts equal the recount; returns the difference
    it repaired. On PostgreSQL the recount and the kept counts are read from one snapshot
    (REPEATABLE READ), so responses arriving meanwhile are neither lost nor counted twice.
    `models`: survey_recount's (a migration's historical Answer and Response)."""
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        difference = tallies_difference(survey_id=survey_id, **models)
        delta_append(survey_id=survey_id, counts=difference)
    return difference
