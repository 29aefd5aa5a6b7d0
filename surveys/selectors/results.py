"""Reads for the staff results of a survey: what the respondents a ResultsFilter counts
(surveys.selectors.filters) answered, question by question (survey_results), with responses per
day and the multi-step funnel. How answers differ between groups is surveys.selectors.breakdowns.

Every figure comes from a Tally (surveys.tallies.figures: counts per question, choice, row,
value, day and word), which Python arranges (surveys.selectors.builders). Without a filter, or
with one on one grouping question's choices and no days, it is the survey's tallies (kept as
answers arrive, and paired with each grouping answer); any other filter counts its
respondents' answers with four GROUP BY statements (tallies.recount.answers_counted) and reads
everyone's respondents per question (the privacy rules' left-out side) from the tallies. The
latest texts come from the answers of the newest responses (two statements for every
question). The number of queries grows with neither the questions nor the responses.

Privacy (docs/decisions/0008-results-privacy.md): a set of respondents smaller than the survey's
`min_group_size` is never described. A filtered view is withheld when the respondents it counts,
or the respondents it leaves out, are fewer than that (the second would follow by subtracting
it from the unfiltered view).
"""

from dataclasses import dataclass, field

from django.db.models import Count

from ..models import Answer, AnswerWord, Response, ResponseDraft
from ..questions.stream import survey_steps
from ..respondent_sets import TOOK_PART
from ..tallies.figures import Tally, survey_tally
from ..tallies.keys import pair_prefix
from ..tallies.recount import answers_counted
from .builders import BUILDERS
from .figures import DISPLAY_BY_TYPE, QuestionResult, day_options
from .filters import CHANNEL, ResultsFilter, view_withheld
from .texts import latest_texts


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
    everyone = tally or _counted(survey, Response.objects.real().filter(survey=survey))
    kept = _kept_tally(tally, results_filter)
    if kept is None:
        kept = everyone if not results_filter.active else _counted(survey, responses)
    results = Results(
        survey=survey,
        filter=results_filter,
        questions=[],
        respondents=kept.total,
        total=everyone.total,
        min_group_size=survey.min_group_size,
        withheld=view_withheld(kept.total, everyone.total, survey.min_group_size),
    )
    if results.withheld:
        return results
    scope = _Scope(
        minimum=survey.min_group_size,
        tally=kept,
        totals=everyone.respondents_per_question(questions) if results_filter.active else None,
        latest=latest_texts(survey=survey, responses=responses, questions=questions, tally=kept),
    )
    results.questions = _question_results(questions, scope)
    results.per_day = day_options(kept.days())
    if len(survey_steps(survey.questions)) > 1 and not results_filter.answers:
        results.funnel = _funnel(survey, results_filter, finished=kept.total)
    return results


def _counted(survey, responses):
    """The Tally of `responses` (a queryset of the survey's real responses) counted from their
    answers with GROUP BY: what a view the tallies cannot answer reads."""
    answers = Answer.objects.filter(survey=survey, response__in=responses)
    words = AnswerWord.objects.filter(survey=survey, response__in=responses)
    return Tally(answers_counted(responses, answers, words)[None])


def _one_answer(results_filter):
    """(question id, choice ids) of a filter on one grouping question's choices and no days,
    which the tallies' pairs answer; None for any other filter."""
    if results_filter.date_from or results_filter.date_to or len(results_filter.answers) != 1:
        return None
    one = results_filter.answers[0]
    # the tallies do not pair figures with channels, nor with sets of respondents
    return None if one[0] in (CHANNEL, TOOK_PART) else one


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
    """What every question's builder shares: the minimum group size, the Tally of the
    respondents counted (kept as answers arrive, or counted from the kept answers), when a
    filter is on each question's (and matrix row's) respondents without it, and the latest
    texts of each question (selectors.texts.latest_texts)."""

    minimum: int
    tally: object  # surveys.tallies.figures.Tally of the counted respondents
    totals: dict | None  # {(question id, row id or ""): respondents}; None: no filter
    latest: dict  # {question id: [Answer]}

    def withheld(self, respondents, question_id, row_id=""):
        total = respondents if self.totals is None else self.totals.get((question_id, row_id), 0)
        return view_withheld(respondents, total, self.minimum)


def _question_results(questions, scope):
    counts = scope.tally.respondents_per_question(questions)
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
            BUILDERS[result.display](result, scope)
        results.append(result)
    return results


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
