"""Reads for a survey's breakdowns (クロス集計): how the answers to a question differ between
the groups of respondents a grouping question (or how responses reached us: filters.CHANNEL)
makes, with small groups hidden.

Privacy (docs/decisions/0008-results-privacy.md): each group row with fewer respondents than
the survey's `min_group_size`, or whose filter leaves out fewer than that, is shown as 「—」,
and further rows are hidden until the hidden rows add up to at least that many respondents, so
that no hidden row can be worked out from the totals.
"""

from dataclasses import dataclass

from django.db.models import Avg, Count, F, FilteredRelation, FloatField, Q
from django.utils.translation import gettext as _

from core.figures import percent_of

from ..models import Answer
from ..questions.stream import Question
from ..tallies.figures import survey_tally
from ..tallies.keys import pair_prefix
from .figures import (
    CHOICE,
    DISPLAY_BY_TYPE,
    MANY_ROWS_TYPES,
    MATRIX,
    NUMBER,
    RANKING,
    SCALE,
    Option,
    rounded,
)
from .filters import CHANNEL, options_of

NO_ANSWER = "__none__"


@dataclass
class BreakdownRow:
    """One group (a choice of the grouping question, or 無回答): its respondents to the
    question and its cells in the order of `Breakdown.columns`. `hidden` rows show 「—」."""

    key: str
    label: str
    respondents: int
    cells: list  # [Option]; counts and row percentages
    mean: float | None = None
    hidden: bool = False


@dataclass
class Breakdown:
    question: Question
    by: Question
    columns: list  # [(key, label)]
    rows: list  # [BreakdownRow]
    measure: str  # "choice": counts and row %; "mean": a mean per group (and matrix row)


BREAKDOWN_TYPES = {
    CHOICE: "choice",
    SCALE: "choice",
    NUMBER: "mean",
    MATRIX: "mean",
    RANKING: "mean",
}


def breakdown_available(question):
    return DISPLAY_BY_TYPE[question.type] in BREAKDOWN_TYPES


def survey_breakdown(*, survey, results_filter, question, by):
    """`question`'s answers among the filtered respondents, one row per answer to the
    single-choice question `by` (plus 無回答), with small groups hidden (see module doc)."""
    breakdowns = survey_breakdowns(
        survey=survey, results_filter=results_filter, questions=[question], by=by
    )
    return breakdowns[question.id]


def survey_breakdowns(*, survey, results_filter, questions, by):
    """{question id: Breakdown by `by`} for each of `questions` that can be broken down (not
    `by` itself), in a few queries whatever their number: without a filter, one read of the
    survey's tallies paired with `by` (surveys.tallies); else, or when answers were rewritten
    in place, grouped from the answers."""
    questions = [q for q in questions if q.id != by.id and breakdown_available(q)]
    if not questions:
        return {}
    tally = None
    # Without a filter the tallies' pairs with a grouping question hold every figure; they
    # are not paired with channels, which are grouped from the answers like a filtered view.
    if not results_filter.active and by.type != CHANNEL:
        tally = survey_tally(survey_id=survey.pk, pairs=[pair_prefix(by.id)])
    figures = _tally_figures(tally, by, questions) if tally else None
    if figures is None:
        figures = _answer_figures(survey, results_filter, questions, by)
    return {
        question.id: _breakdown(question, by, figures, minimum=survey.min_group_size)
        for question in questions
    }


def _answer_figures(survey, results_filter, questions, by):
    """The _GroupFigures grouped from the answers: every answer is joined once to its
    response's answer to `by` and grouped by question, group and choice."""
    everyone = Answer.objects.filter(
        survey=survey, question_id__in=[q.id for q in questions], response__is_test=False
    )
    if by.type == CHANNEL:
        everyone = everyone.annotate(group=F("response__channel"))
    else:
        everyone = everyone.annotate(
            # a response's answer to a grouping question is one row at most
            by_answer=FilteredRelation(
                "response__answers", condition=Q(response__answers__question_id=by.id)
            ),
            group=F("by_answer__choice_id"),
        )
    answers = everyone.filter(response__in=results_filter.responses(survey))
    figures = _GroupFigures(
        sizes=_group_sizes(answers, questions),
        counts=_group_counts(answers, questions),
        means=_group_means(answers, questions),
    )
    figures.unfiltered = (
        _group_sizes(everyone, questions) if results_filter.active else figures.sizes
    )
    return figures


def _tally_figures(tally, by, questions):
    """The same _GroupFigures (unfiltered) from the tallies paired with `by`'s choices; the
    group None (no answer to `by`) is everyone's counts less the choices'."""
    figures = _GroupFigures(sizes={}, counts={}, means={})
    for group, counted in tally.by_group(by.id).items():
        per_question = counted.respondents_per_question(questions)
        choice_counts = counted.choice_counts
        for question in questions:
            if per_question.get((question.id, "rows")):
                figures.sizes[(question.id, group)] = per_question[(question.id, "")]
            _tally_cells(figures, counted, question, group, choice_counts)
    figures.unfiltered = figures.sizes
    return figures


def _tally_cells(figures, counted, question, group, choice_counts):
    display = DISPLAY_BY_TYPE[question.type]
    if display == CHOICE:
        for key, (count, _label) in choice_counts.get((question.id, ""), {}).items():
            figures.counts[(question.id, group, key)] = count
    elif display == SCALE:
        for key, (count, _label) in counted.scale_points(question.id).items():
            figures.counts[(question.id, group, key)] = count
    elif display == NUMBER and counted.number_mean(question.id) is not None:
        figures.means[(question.id, group, "")] = counted.number_mean(question.id)
    elif display == MATRIX:
        for key, row in counted.matrix_rows(question.id).items():
            figures.means[(question.id, group, key)] = row["mean"]
    elif display == RANKING:
        for key, rank in counted.ranks(question.id).items():
            figures.means[(question.id, group, key)] = rank["mean"]


@dataclass
class _GroupFigures:
    """The aggregates breakdowns are built from, keyed (question id, group, …); a group is a
    choice id of the grouping question, None for no answer."""

    sizes: dict  # (question, group): respondents to the question
    counts: dict  # (question, group, choice or scale point): answers
    means: dict  # (question, group, matrix row, ranking choice or ""): mean
    unfiltered: dict = None  # sizes without the filter


def _group_sizes(answers, questions):
    """Respondents per (question, group), counting distinct responses only where a response
    has several rows (MANY_ROWS_TYPES)."""
    kinds = {question.id: question.type for question in questions}
    many = [question_id for question_id, kind in kinds.items() if kind in MANY_ROWS_TYPES]
    rows = answers.values_list("question_id", "group").annotate(
        rows=Count("id"), first=Count("id", filter=Q(rank=1))
    )
    sizes = {
        (question_id, group): first if kinds[question_id] == "ranking" else count
        for question_id, group, count, first in rows.order_by()
    }
    if many:
        distinct = answers.filter(question_id__in=many).values_list("question_id", "group")
        distinct = distinct.annotate(n=Count("response_id", distinct=True)).order_by()
        sizes.update({(question_id, group): n for question_id, group, n in distinct})
    return sizes


def _group_counts(answers, questions):
    """Answers per (question, group, choice) of choice questions, and per scale point of
    ratings and NPS."""
    counts = {}
    choice = [q.id for q in questions if DISPLAY_BY_TYPE[q.type] == CHOICE]
    scale = [q.id for q in questions if DISPLAY_BY_TYPE[q.type] == SCALE]
    if choice:
        rows = answers.filter(question_id__in=choice).values_list(
            "question_id", "group", "choice_id"
        )
        counts.update({key[:3]: key[3] for key in rows.annotate(n=Count("id")).order_by()})
    if scale:
        rows = answers.filter(question_id__in=scale).values_list(
            "question_id", "group", "value_number"
        )
        for question_id, group, point, n in rows.annotate(n=Count("id")).order_by():
            counts[(question_id, group, str(int(point)))] = n
    return counts


def _group_means(answers, questions):
    """Means per (question, group, key): numbers (key ""), matrix statements (key the row) and
    ranking choices (the mean rank)."""
    means = {}
    valued = [q.id for q in questions if q.type in ("number", "matrix")]
    ranked = [q.id for q in questions if q.type == "ranking"]
    mean = Avg("value_number", output_field=FloatField())
    if valued:
        rows = answers.filter(question_id__in=valued).values_list("question_id", "group", "row_id")
        means.update({key[:3]: key[3] for key in rows.annotate(mean=mean).order_by()})
    if ranked:
        rows = answers.filter(question_id__in=ranked).values_list(
            "question_id", "group", "choice_id"
        )
        mean_rank = Avg("rank", output_field=FloatField())
        means.update({key[:3]: key[3] for key in rows.annotate(mean=mean_rank).order_by()})
    return means


def _breakdown(question, by, figures, *, minimum):
    sizes = {group: n for (q, group), n in figures.sizes.items() if q == question.id}
    offered = options_of(by)
    if by.type == "prefecture":
        offered = [(key, label) for key, label in offered if sizes.get(key)]
    removed = [(key, _("(choice removed)")) for key in sizes if key and key not in dict(offered)]
    groups = offered + removed + [(NO_ANSWER, _("No answer"))]
    measure = BREAKDOWN_TYPES[DISPLAY_BY_TYPE[question.type]]
    columns = _breakdown_columns(question, figures, measure)
    rows = [
        BreakdownRow(
            key=key,
            label=label,
            respondents=sizes.get(_group_key(key), 0),
            cells=_breakdown_cells(question, _group_key(key), columns, figures, measure),
        )
        for key, label in groups
    ]
    rows = [row for row in rows if row.respondents or row.key != NO_ANSWER]
    left_out = {
        row.key: figures.unfiltered.get((question.id, _group_key(row.key)), 0) - row.respondents
        for row in rows
    }
    _hide_small_groups(rows, minimum, left_out=left_out)
    return Breakdown(question=question, by=by, columns=columns, rows=rows, measure=measure)


def _group_key(key):
    return None if key == NO_ANSWER else key


def _breakdown_columns(question, figures, measure):
    if measure == "choice":
        columns = options_of(question)
        if question.type == "prefecture":  # the 47 would make a table nobody can read
            answered = {key for q, _group, key in figures.counts if q == question.id}
            columns = [(key, label) for key, label in columns if key in answered]
        return columns
    if question.type == "matrix":
        return question.items("rows")
    if question.type == "ranking":
        return question.items()
    return [("", _("Mean"))]


def _breakdown_cells(question, group, columns, figures, measure):
    """Counts with row percentages (of the group's respondents), or means."""
    if measure == "choice":
        respondents = figures.sizes.get((question.id, group), 0)
        counts = [figures.counts.get((question.id, group, key), 0) for key, _label in columns]
        return [
            Option(key=key, label=label, count=count, percent=percent_of(count, respondents))
            for (key, label), count in zip(columns, counts, strict=True)
        ]
    return [
        Option(
            key=key,
            label=label,
            count=None,
            percent=rounded(figures.means.get((question.id, group, key))),
        )
        for key, label in columns
    ]


def _hide_small_groups(rows, minimum, *, left_out):
    """Hide rows with fewer than `minimum` respondents, or whose filter leaves out fewer than
    `minimum` of the group (`left_out` by row key), then the smallest others until the hidden
    rows hold at least `minimum` respondents between them (or every row is hidden)."""

    def small(row):
        return 0 < row.respondents < minimum or (
            row.respondents and 0 < left_out[row.key] < minimum
        )

    hidden = [row for row in rows if small(row)]
    shown = sorted(
        (row for row in rows if row.respondents and not small(row)),
        key=lambda row: row.respondents,
    )
    while hidden and sum(row.respondents for row in hidden) < minimum and shown:
        hidden.append(shown.pop(0))
    for row in hidden:
        row.hidden = True
        row.cells = [Option(key=cell.key, label=cell.label, count=None) for cell in row.cells]
