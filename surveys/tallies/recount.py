"""Recounting a survey's tallies from its raw answers, with GROUP BY statements written apart
from surveys.tallies.keys (so that each checks the other), and repairing any difference.

`manage.py survey_tallies_check [--fix]` runs these; the migration that created the tallies
filled them with survey_recount.
"""

from collections import Counter
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Q, Sum

from ..models import Answer, Response
from . import keys
from .store import delta_append, tally_counts


def survey_recount(survey_id, *, answer_model=Answer, response_model=Response):
    """{key: count} of the survey's real responses, counted from its Answer rows now (the
    models can be a migration's historical ones). Keys that count nothing are left out."""
    counts = Counter()
    responses = response_model.objects.filter(survey_id=survey_id, is_test=False)
    counts[keys.key(keys.RESPONSES)] = responses.count()
    answers = answer_model.objects.filter(survey_id=survey_id, response__is_test=False)
    for question_id, rows, respondents, first in (
        answers.values_list("question_id")
        .annotate(
            rows=Count("id"),
            respondents=Count("response_id", distinct=True),
            first=Count("id", filter=Q(rank=1)),
        )
        .order_by()
    ):
        counts[keys.key(keys.ROWS, question_id)] = rows
        counts[keys.key(keys.RESPONDENTS, question_id)] = respondents
        counts[keys.key(keys.FIRST, question_id)] = first
    _add(counts, keys.STATEMENT, answers.exclude(row_id="").values_list("question_id", "row_id"))
    choices = answers.exclude(choice_id="").exclude(question_type="ranking")
    labels = choices.values_list("question_id", "row_id", "choice_id", "choice_label")
    _add(counts, keys.CHOICE, labels)
    _points_add(counts, answers)
    _sums_add(counts, answers)
    return Counter({name: count for name, count in counts.items() if count})


def _add(counts, family, grouped):
    for *parts, count in grouped.annotate(rows=Count("id")).order_by():
        counts[keys.key(family, *parts)] += count


def _points_add(counts, answers):
    scales = answers.filter(question_type__in=keys.SCALE_TYPES, value_number__isnull=False)
    for question_id, number, count in (
        scales.values_list("question_id", "value_number").annotate(rows=Count("id")).order_by()
    ):
        counts[keys.key(keys.POINT, question_id, int(Decimal(number)))] += count


def _sums_add(counts, answers):
    matrices = answers.filter(question_type="matrix", value_number__isnull=False)
    for question_id, row_id, total, count in (
        matrices.values_list("question_id", "row_id")
        .annotate(total=Sum("value_number"), rows=Count("id"))
        .order_by()
    ):
        counts[keys.key(keys.MATRIX_SUM, question_id, row_id)] += int(Decimal(total))
        counts[keys.key(keys.MATRIX_VALUES, question_id, row_id)] += count
    rankings = answers.filter(question_type="ranking", rank__isnull=False)
    for question_id, choice_id, total, count, first in (
        rankings.values_list("question_id", "choice_id")
        .annotate(total=Sum("rank"), rows=Count("id"), first=Count("id", filter=Q(rank=1)))
        .order_by()
    ):
        counts[keys.key(keys.RANK_SUM, question_id, choice_id)] += total
        counts[keys.key(keys.RANK_ROWS, question_id, choice_id)] += count
        counts[keys.key(keys.RANK_FIRST, question_id, choice_id)] += first


def tallies_difference(*, survey_id):
    """{key: recounted − kept} for every key whose kept count (tallies plus unmerged deltas)
    differs from the recount; empty when they agree."""
    kept, recounted = tally_counts(survey_id=survey_id), survey_recount(survey_id)
    return {
        name: recounted[name] - kept[name]
        for name in sorted(set(kept) | set(recounted))
        if recounted[name] != kept[name]
    }


def tallies_fix(*, survey_id):
    """Append the delta that makes the kept counts equal the recount; returns the difference
    it repaired. On PostgreSQL the recount and the kept counts are read from one snapshot
    (REPEATABLE READ), so responses arriving meanwhile are neither lost nor counted twice."""
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        difference = tallies_difference(survey_id=survey_id)
        delta_append(survey_id=survey_id, counts=difference)
    return difference
