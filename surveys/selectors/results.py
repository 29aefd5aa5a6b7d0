"""Reads for the staff results of a survey: what the respondents a ResultsFilter counts
(surveys.selectors.filters) answered, question by question (survey_results), with responses per
day and the multi-step funnel. How answers differ between groups is surveys.selectors.breakdowns.

Every figure is a SQL aggregate over Answer rows (GROUP BY question, choice, row, value); Python
only arranges the aggregated rows (surveys.selectors.builders). Without a filter, or with one
on one grouping question's choices and no days, the counts of choices, scale points, matrices
and rankings and the respondents per question are read from the survey's tallies instead
(surveys.tallies: the same figures, kept as answers arrive, and paired with each grouping
answer); any filter reads everyone's respondents per question from them. The
number of queries grows with the number of questions of some types (numbers, texts, 「その他」),
never with the number of responses.

Privacy (docs/decisions/0008-results-privacy.md): a set of respondents smaller than the survey's
`min_group_size` is never described. A filtered view is withheld when the respondents it counts,
or the respondents it leaves out, are fewer than that (the second would follow by subtracting
it from the unfiltered view).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Q

from core.japan import JapanDate

from ..models import Answer, Response, ResponseDraft
from ..questions.stream import survey_steps
from ..tallies.figures import survey_tally
from ..tallies.keys import pair_prefix
from .builders import BUILDERS
from .figures import DISPLAY_BY_TYPE, MANY_ROWS_TYPES, QuestionResult, day_options
from .filters import ResultsFilter, view_withheld


@dataclass
class Funnel:
    """Multi-step surveys: how many began and how many submitted (drafts left are the rest),
    and how far those who stopped got."""

    started: int
    finished: int
    stopped_at: list  # [(step number from 1, how many stopped there)]


@dataclass
class Results:
    survey: object
    filter: ResultsFilter
    questions: list  # [QuestionResult]; empty when withheld
    respondents: int  # counted by the filter
    total: int  # all real responses
    min_group_size: int
    withheld: bool  # too few respondents (or too few left out) to describe
    per_day: list = field(default_factory=list)  # [Option] by Japan-time day
    funnel: Funnel | None = None


def results_questions(survey):
    """The survey's questions in order, as results show them (every step, no conditions)."""
    return [question for step in survey_steps(survey.questions) for question in step.questions]


def survey_results(*, survey, results_filter, question_ids=None):
    """The aggregated answers of the respondents `results_filter` keeps, question by question
    (only those in `question_ids` when given), with responses per day and, for multi-step
    surveys without answer filters, the start/finish funnel."""
    questions = results_questions(survey)
    if question_ids is not None:
        questions = [question for question in questions if question.id in question_ids]
    responses = results_filter.responses(survey)
    # Figures kept as answers arrive (surveys.tallies): everyone's, and those of the kept
    # respondents when the filter is one grouping question's choices; None: answers rewritten.
    tally = survey_tally(survey_id=survey.pk, pairs=_pairs_read(results_filter))
    kept = _kept_tally(tally, results_filter)
    total = tally.total if tally else Response.objects.real().filter(survey=survey).count()
    respondents = kept.total if kept else total
    if results_filter.active and not kept:
        respondents = responses.count()
    results = Results(
        survey=survey,
        filter=results_filter,
        questions=[],
        respondents=respondents,
        total=total,
        min_group_size=survey.min_group_size,
        withheld=view_withheld(respondents, total, survey.min_group_size),
    )
    if results.withheld:
        return results
    answers = Answer.objects.filter(survey=survey, response__in=responses)
    totals = None
    if results_filter.active and tally:
        totals = tally.respondents_per_question(questions)
    elif results_filter.active:
        everyone = Response.objects.real().filter(survey=survey)
        totals = _respondents_per_question(everyone, questions)
    scope = _Scope(
        survey=survey,
        responses=responses,
        choice_counts=kept.choice_counts() if kept else _choice_counts(answers),
        minimum=survey.min_group_size,
        totals=totals,
        tally=kept,
    )
    results.questions = _question_results(questions, answers, scope)
    results.per_day = day_options(kept.days()) if kept else _per_day(responses)
    if len(survey_steps(survey.questions)) > 1 and not results_filter.answers:
        results.funnel = _funnel(survey, results_filter, finished=respondents)
    return results


def _one_answer(results_filter):
    """(question id, choice ids) of a filter on one grouping question's choices and no days,
    which the tallies' pairs answer; None for any other filter."""
    if results_filter.date_from or results_filter.date_to or len(results_filter.answers) != 1:
        return None
    return results_filter.answers[0]


def _pairs_read(results_filter):
    one = _one_answer(results_filter)
    return [pair_prefix(one[0], choice_id) for choice_id in one[1]] if one else []


def _kept_tally(tally, results_filter):
    """The Tally of the respondents the filter keeps, when the tallies have it."""
    if tally is None or not results_filter.active:
        return tally
    one = _one_answer(results_filter)
    return tally.group(*one) if one else None


@dataclass
class _Scope:
    """What every question's builder shares: the survey, the counted responses, the choice
    counts of all questions (read in one query), the minimum group size and, when a filter is
    on, each question's (and matrix row's) respondents without it; without a filter, the
    tallies of the respondents counted, when there are (no filter, or one grouping
    question's choices), which builders read instead of grouping the answers."""

    survey: object
    responses: object
    choice_counts: dict
    minimum: int
    totals: dict | None  # {(question id, row id or ""): respondents}; None: no filter
    tally: object = None  # surveys.tallies.figures.Tally of the counted respondents

    def withheld(self, respondents, question_id, row_id=""):
        total = respondents if self.totals is None else self.totals.get((question_id, row_id), 0)
        return view_withheld(respondents, total, self.minimum)


def _respondents_per_question(responses, questions):
    """{(question id, ""): respondents, (matrix question id, row id): respondents} among
    `responses`, with the number of Answer rows as `(question id, "rows")`: three queries, none
    counting distinct values (a response answers each matrix statement once)."""
    answers = Answer.objects.filter(response__in=responses)
    counts = {}
    per_question = answers.values_list("question_id").annotate(
        rows=Count("id"), first=Count("id", filter=Q(rank=1))
    )
    kinds = {question.id: question.type for question in questions}
    for question_id, rows, first in per_question.order_by():
        counts[(question_id, "rows")] = rows
        counts[(question_id, "")] = first if kinds.get(question_id) == "ranking" else rows
    per_statement = answers.exclude(row_id="").values_list("question_id", "row_id")
    counts.update({(q, row): n for q, row, n in per_statement.annotate(n=Count("id")).order_by()})
    counts.update(_respondents_of_many_rows(responses, questions))
    return counts


def _respondents_of_many_rows(responses, questions):
    """{(question id, ""): respondents} of the multiple-choice and matrix questions, in one
    pass over the responses (an index lookup each) instead of counting distinct rows."""
    many = [question for question in questions if question.type in MANY_ROWS_TYPES]
    if not many:
        return {}
    answered = {
        f"q{index}": Count(
            "pk",
            filter=Q(Exists(Answer.objects.filter(response=OuterRef("pk"), question_id=q.id))),
        )
        for index, q in enumerate(many)
    }
    figures = responses.order_by().aggregate(**answered)
    return {(q.id, ""): figures[f"q{index}"] for index, q in enumerate(many)}


def _question_results(questions, answers, scope):
    if scope.tally:
        counts = scope.tally.respondents_per_question(questions)
    else:
        counts = _respondents_per_question(scope.responses, questions)
    results = []
    for question in questions:
        result = QuestionResult(
            question=question,
            display=DISPLAY_BY_TYPE[question.type],
            respondents=counts.get((question.id, ""), 0),
            answers=counts.get((question.id, "rows"), 0),
        )
        result.withheld = scope.withheld(result.respondents, question.id)
        if not result.withheld:
            BUILDERS[result.display](result, answers.filter(question_id=question.id), scope)
        results.append(result)
    return results


def _choice_counts(answers):
    """{(question id, row id): {choice id: (count, label as answered)}} in one query."""
    counts = {}
    rows = (
        answers.exclude(choice_id="")
        .exclude(question_type="ranking")
        .values("question_id", "row_id", "choice_id")
        .annotate(count=Count("id"), label=Max("choice_label"))
    )
    for row in rows:
        key = (row["question_id"], row["row_id"])
        counts.setdefault(key, {})[row["choice_id"]] = (row["count"], row["label"])
    return counts


def _per_day(responses):
    rows = (
        responses.order_by()
        .annotate(day=JapanDate("submitted_at"))
        .values_list("day")
        .annotate(count=Count("id"))
    )
    return day_options(dict(rows))


def _funnel(survey, results_filter, *, finished):
    """Started = submitted + drafts still open (a draft is removed when its response is
    submitted). Drafts carry no answers to filter on: shown only without answer filters."""
    drafts = ResponseDraft.objects.filter(
        results_filter.period("created_at"), survey=survey, is_test=False
    )
    stopped = dict(drafts.values_list("step").annotate(count=Count("id")))
    return Funnel(
        started=finished + sum(stopped.values()),
        finished=finished,
        stopped_at=[(step + 1, count) for step, count in sorted(stopped.items())],
    )


def question_withheld(*, survey, results_filter, question):
    """Whether `question`'s answers among the filtered respondents may not be shown (the
    same rules as survey_results: the view, then the question)."""
    responses = results_filter.responses(survey)
    total = Response.objects.real().filter(survey=survey).count()
    if view_withheld(responses.count(), total, survey.min_group_size):
        return True
    answered = Answer.objects.filter(survey=survey, question_id=question.id)
    everyone = answered.filter(response__is_test=False).values("response_id").distinct().count()
    kept = answered.filter(response__in=responses).values("response_id").distinct().count()
    return view_withheld(kept, everyone, survey.min_group_size)
