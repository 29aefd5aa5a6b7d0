"""Recounting a survey's tallies from its raw answers, with GROUP BY statements written apart
from surveys.tallies.keys (so that each checks the other), and repairing any difference.

`manage.py survey_tallies_check [--fix]` runs these; the migration that created the tallies
filled them with survey_recount.
"""

from collections import Counter
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, F, FilteredRelation, Q, Sum

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
    counts = Counter()
    responses = response_model.objects.filter(survey_id=survey_id, is_test=False)
    answers = answer_model.objects.filter(survey_id=survey_id, response__is_test=False)
    words = word_model.objects.filter(survey_id=survey_id, response__is_test=False)
    _family_recount(counts, responses, answers, words, named=lambda *parts: keys.key(*parts))
    grouping = (
        answers.filter(question_type__in=keys.GROUPING_TYPES)
        .exclude(choice_id="")
        .values_list("question_id", flat=True)
        .distinct()
        .order_by()
    )
    for question_id in sorted(grouping):
        _family_recount(
            counts,
            _grouped(responses, "answers", question_id),
            _grouped(answers, "response__answers", question_id),
            _grouped(words, "response__answers", question_id),
            named=lambda group, *parts, by=question_id: (
                keys.pair_prefix(by, group) + keys.key(*parts)
            ),
            group=("group",),
        )
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


def _family_recount(counts, responses, answers, words, *, named, group=()):
    """Count every key among `responses`, their `answers` and their AnswerWord rows `words`,
    each statement grouped by the `group` fields first (named(*group values, family, *parts)
    names the key)."""
    days = responses.annotate(day=JapanDate("submitted_at")).values_list(*group, "day")
    for *by, day, number in days.annotate(rows=Count("id")).order_by():
        counts[named(*by, keys.RESPONSES)] += number
        counts[named(*by, keys.DAY, day.isoformat())] += number
    for *by, question_id, rows, respondents, first in (
        answers.values_list(*group, "question_id")
        .annotate(
            rows=Count("id"),
            respondents=Count("response_id", distinct=True),
            first=Count("id", filter=Q(rank=1)),
        )
        .order_by()
    ):
        counts[named(*by, keys.ROWS, question_id)] += rows
        counts[named(*by, keys.RESPONDENTS, question_id)] += respondents
        counts[named(*by, keys.FIRST, question_id)] += first
    statements = answers.exclude(row_id="").values_list(*group, "question_id", "row_id")
    _add(counts, keys.STATEMENT, statements, named, group)
    choices = answers.exclude(choice_id="").exclude(question_type="ranking")
    labels = choices.values_list(*group, "question_id", "row_id", "choice_id", "choice_label")
    _add(counts, keys.CHOICE, labels, named, group)
    _points_add(counts, answers, named, group)
    _sums_add(counts, answers, named, group)
    numbers = answers.filter(question_type="number", value_number__isnull=False)
    for *by, question_id, number, count in (
        numbers.values_list(*group, "question_id", "value_number")
        .annotate(rows=Count("id"))
        .order_by()
    ):  # 3.5 and 3.500000 are one key (a database may give back either)
        counts[named(*by, keys.NUMBER, question_id, keys.number_text(number))] += count
    dates = answers.filter(value_date__isnull=False)
    for *by, question_id, day, count in (
        dates.values_list(*group, "question_id", "value_date").annotate(rows=Count("id")).order_by()
    ):
        counts[named(*by, keys.DATE, question_id, day.isoformat())] += count
    _add(counts, keys.WORD, words.values_list(*group, "question_id", "word"), named, group)


def _add(counts, family, grouped, named, group):
    for *parts, count in grouped.annotate(rows=Count("id")).order_by():
        by, rest = parts[: len(group)], parts[len(group) :]
        counts[named(*by, family, *rest)] += count


def _points_add(counts, answers, named, group):
    scales = answers.filter(question_type__in=keys.SCALE_TYPES, value_number__isnull=False)
    for *by, question_id, number, count in (
        scales.values_list(*group, "question_id", "value_number")
        .annotate(rows=Count("id"))
        .order_by()
    ):
        counts[named(*by, keys.POINT, question_id, int(Decimal(number)))] += count


def _sums_add(counts, answers, named, group):
    matrices = answers.filter(question_type="matrix", value_number__isnull=False)
    for *by, question_id, row_id, total, count in (
        matrices.values_list(*group, "question_id", "row_id")
        .annotate(total=Sum("value_number"), rows=Count("id"))
        .order_by()
    ):
        counts[named(*by, keys.MATRIX_SUM, question_id, row_id)] += int(Decimal(total))
        counts[named(*by, keys.MATRIX_VALUES, question_id, row_id)] += count
    rankings = answers.filter(question_type="ranking", rank__isnull=False)
    for *by, question_id, choice_id, total, count, first in (
        rankings.values_list(*group, "question_id", "choice_id")
        .annotate(total=Sum("rank"), rows=Count("id"), first=Count("id", filter=Q(rank=1)))
        .order_by()
    ):
        counts[named(*by, keys.RANK_SUM, question_id, choice_id)] += total
        counts[named(*by, keys.RANK_ROWS, question_id, choice_id)] += count
        counts[named(*by, keys.RANK_FIRST, question_id, choice_id)] += first


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
