"""Reads for the staff results of a survey: who is counted (ResultsFilter), what they answered
(survey_results) and how it differs between groups (survey_breakdown).

Every figure is a SQL aggregate over Answer rows (GROUP BY question, choice, row, value); Python
only arranges the aggregated rows. The number of queries grows with the number of questions of
some types (numbers, texts, 「その他」), never with the number of responses.

Privacy (docs/decisions/0008-results-privacy.md): a set of respondents smaller than the survey's
`min_group_size` is never described. A filtered view is withheld when the respondents it counts,
or the respondents it leaves out, are fewer than that (the second would follow by subtracting
it from the unfiltered view). In a breakdown, each group row below it is shown as 「—」, and
further rows are hidden until the hidden rows add up to at least that many respondents, so that
no hidden row can be worked out from the totals.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    FilteredRelation,
    FloatField,
    Max,
    Min,
    OuterRef,
    Q,
)
from django.db.models.functions import Floor
from django.utils.translation import gettext as _

from community.models import StakeholderType
from core.figures import percent_of
from core.japan import JapanDate, japan_zone
from core.prefectures import PREFECTURE_CHOICES

from ..models import Answer, Response, ResponseDraft, SurveyPage
from ..questions import OTHER, OTHER_LABEL, Question, plain_number, survey_steps
from .texts import text_answers, top_words

CHOICE = "choice"
SCALE = "scale"
MATRIX = "matrix"
RANKING = "ranking"
NUMBER = "number"
DATE = "date"
TEXT = "text"

DISPLAY_BY_TYPE = {
    "single_choice": CHOICE,
    "multiple_choice": CHOICE,
    "dropdown": CHOICE,
    "prefecture": CHOICE,
    "stakeholder_type": CHOICE,
    "rating": SCALE,
    "nps": SCALE,
    "matrix": MATRIX,
    "ranking": RANKING,
    "number": NUMBER,
    "date": DATE,
    "short_text": TEXT,
    "long_text": TEXT,
}
# Questions whose answers are one choice per respondent: what filters and breakdowns use.
GROUPING_TYPES = ("single_choice", "dropdown", "prefecture", "stakeholder_type")
NO_ANSWER = "__none__"
TEXT_PREVIEW = 5
OTHER_PREVIEW = 5
HISTOGRAM_BINS = 10


# --- Which respondents are counted --------------------------------------------------------


@dataclass(frozen=True)
class ResultsFilter:
    """The respondents an analyst is looking at: a range of Japan-time days (both ends
    included) and, per grouping question, the choices to keep (any of them; every question
    named must match)."""

    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    answers: tuple = ()  # ((question_id, (choice_id, …)), …), sorted

    @classmethod
    def from_params(cls, params, *, questions):
        """The filter the query string describes (`from`, `to`: YYYY-MM-DD; `a`: repeated
        `question_id:choice_id`). Whatever does not name a grouping question and one of its
        choices is ignored, so a stale or hand-made link shows the unfiltered results."""
        choices = {q.id: set(dict(options_of(q))) for q in questions if q.type in GROUPING_TYPES}
        wanted = {}
        for value in params.getlist("a"):
            question_id, _sep, choice_id = value.partition(":")
            if choice_id in choices.get(question_id, ()):
                wanted.setdefault(question_id, set()).add(choice_id)
        return cls(
            date_from=_date(params.get("from")),
            date_to=_date(params.get("to")),
            answers=tuple(sorted((q, tuple(sorted(c))) for q, c in wanted.items())),
        )

    @property
    def active(self):
        return bool(self.date_from or self.date_to or self.answers)

    def chosen(self, question_id):
        return dict(self.answers).get(question_id, ())

    def params(self):
        """The query-string pairs that recreate this filter."""
        pairs = [("from", self.date_from), ("to", self.date_to)]
        pairs = [(key, value.isoformat()) for key, value in pairs if value]
        pairs += [("a", f"{q}:{c}") for q, choice_ids in self.answers for c in choice_ids]
        return pairs

    def query_string(self, **extra):
        pairs = self.params() + [(key, value) for key, value in extra.items() if value]
        return urlencode(pairs)

    def describe(self, *, questions):
        """A line a person reads (export log, printed report): 「期間: …; 立場: 自治体職員」."""
        parts = []
        if self.date_from or self.date_to:
            start = self.date_from.isoformat() if self.date_from else ""
            end = self.date_to.isoformat() if self.date_to else ""
            parts.append(_("Submitted: %(start)s–%(end)s") % {"start": start, "end": end})
        by_id = {q.id: q for q in questions}
        for question_id, choice_ids in self.answers:
            question = by_id[question_id]
            labels = dict(options_of(question))
            names = "、".join(str(labels[c]) for c in choice_ids)
            parts.append(f"{question.text}: {names}")
        return "; ".join(parts)

    def period(self, field_name):
        """Q() keeping rows whose `field_name` falls within the filter's Japan-time days."""
        period = Q()
        if self.date_from:
            period &= Q(**{f"{field_name}__gte": _day_start(self.date_from)})
        if self.date_to:
            end = _day_start(self.date_to + datetime.timedelta(days=1))
            period &= Q(**{f"{field_name}__lt": end})
        return period

    def responses(self, survey):
        """The real responses of `survey` this filter keeps (a queryset, used as a subquery)."""
        responses = Response.objects.real().filter(self.period("submitted_at"), survey=survey)
        for question_id, choice_ids in self.answers:
            chosen = Answer.objects.filter(
                response=OuterRef("pk"), question_id=question_id, choice_id__in=choice_ids
            )
            responses = responses.filter(Exists(chosen))
        return responses


def _date(value):
    """A YYYY-MM-DD day this century or the next; anything else is no limit."""
    try:
        day = datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None
    return day if day and 2000 <= day.year < 2200 else None


def _day_start(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=japan_zone())


def results_questions(survey):
    """The survey's questions in order, as results show them (every step, no conditions)."""
    return [question for step in survey_steps(survey.questions) for question in step.questions]


def options_of(question):
    """[(choice id, label)] a choice question offers, 「その他」 last when it has one."""
    if question.type == "prefecture":
        return [(code, str(label)) for code, label in PREFECTURE_CHOICES]
    if question.type == "stakeholder_type":
        return [(code, str(label)) for code, label in StakeholderType.choices]
    if question.type in ("rating", "nps"):
        return [(str(point), str(point)) for point in question.kind.points(question)]
    key = "scale" if question.type == "matrix" else "choices"
    options = question.items(key)
    if question.value.get("allow_other"):
        options.append((OTHER, str(OTHER_LABEL)))
    return options


def grouping_questions(questions):
    return [question for question in questions if question.type in GROUPING_TYPES]


# --- What the results hold ------------------------------------------------------------------


@dataclass
class Option:
    """One choice, scale point, histogram bin or day with how many chose it. `percent` is of
    the question's respondents; `percent_of_answers` of all choices ticked (multiple choice)."""

    key: str
    label: str
    count: int = 0
    percent: float | None = None
    percent_of_answers: float | None = None


@dataclass
class Stats:
    count: int = 0
    mean: float | None = None
    median: float | None = None
    minimum: float | None = None
    maximum: float | None = None


@dataclass
class NetPromoterScore:
    promoters: int
    passives: int
    detractors: int
    score: int  # % promoters − % detractors, −100 to 100


@dataclass
class MatrixRow:
    """One statement of a matrix; `hidden` (too few answered it, or too few are left out)
    shows 「—」 instead of its figures."""

    key: str
    label: str
    respondents: int
    options: list
    mean: float | None
    hidden: bool = False


@dataclass
class RankItem:
    key: str
    label: str
    mean_rank: float | None
    first: int  # how many put it first


@dataclass
class QuestionResult:
    """Everything shown for one question. `display` says which parts apply: choice (options),
    scale (options, stats, nps), matrix (rows), ranking (ranks), number (stats, options as a
    histogram), date (options per day or month), text (words, texts). A `withheld` question
    (fewer respondents than the minimum, or fewer left out by the filter) has no figures."""

    question: Question
    display: str
    withheld: bool = False
    respondents: int = 0
    answers: int = 0
    options: list = field(default_factory=list)
    stats: Stats | None = None
    nps: NetPromoterScore | None = None
    rows: list = field(default_factory=list)
    ranks: list = field(default_factory=list)
    words: list = field(default_factory=list)  # [(word, answers)]
    texts: list = field(default_factory=list)  # the latest few text answers (Answer)
    other_count: int = 0

    @property
    def multiple(self):
        return self.question.type == "multiple_choice"


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


def survey_results(*, survey, results_filter, question_ids=None):
    """The aggregated answers of the respondents `results_filter` keeps, question by question
    (only those in `question_ids` when given), with responses per day and, for multi-step
    surveys without answer filters, the start/finish funnel."""
    questions = results_questions(survey)
    if question_ids is not None:
        questions = [question for question in questions if question.id in question_ids]
    responses = results_filter.responses(survey)
    total = Response.objects.real().filter(survey=survey).count()
    respondents = responses.count() if results_filter.active else total
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
    if results_filter.active:
        everyone = Response.objects.real().filter(survey=survey)
        totals = _respondents_per_question(everyone, questions)
    scope = _Scope(
        survey=survey,
        responses=responses,
        choice_counts=_choice_counts(answers),
        minimum=survey.min_group_size,
        totals=totals,
    )
    results.questions = _question_results(questions, answers, scope)
    results.per_day = _per_day(responses)
    if len(survey_steps(survey.questions)) > 1 and not results_filter.answers:
        results.funnel = _funnel(survey, results_filter, finished=respondents)
    return results


def view_withheld(respondents, total, minimum):
    """Whether a view of `respondents` out of `total` would describe fewer than `minimum`
    people, directly or by subtraction from the unfiltered view."""
    left_out = total - respondents
    return respondents < minimum or 0 < left_out < minimum


@dataclass
class _Scope:
    """What every question's builder shares: the survey, the counted responses, the choice
    counts of all questions (read in one query), the minimum group size and, when a filter is
    on, each question's (and matrix row's) respondents without it."""

    survey: object
    responses: object
    choice_counts: dict
    minimum: int
    totals: dict | None  # {(question id, row id or ""): respondents}; None: no filter

    def withheld(self, respondents, question_id, row_id=""):
        total = respondents if self.totals is None else self.totals.get((question_id, row_id), 0)
        return view_withheld(respondents, total, self.minimum)


# A response has one Answer row per question of these types, and a ranking one row ranked 1:
# counting rows is counting respondents. COUNT(DISTINCT response) over millions of rows is what
# made the results page slow (bench/survey_results.py), so it is used for none of them.
MANY_ROWS_TYPES = ("multiple_choice", "matrix")


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


def _options(question, counts, *, respondents, answers=None, hide_unused=False):
    """The question's options with their counts; choices no longer offered but answered
    before (label as answered) come last."""
    offered = options_of(question)
    known = {key for key, _label in offered}
    extra = [(key, label or key) for key, (_count, label) in counts.items() if key not in known]
    options = []
    for key, label in offered + extra:
        count = counts.get(key, (0, label))[0]
        if hide_unused and not count:
            continue
        options.append(
            Option(
                key=key,
                label=label,
                count=count,
                percent=percent_of(count, respondents),
                percent_of_answers=percent_of(count, answers) if answers is not None else None,
            )
        )
    return options


def _build_choice(result, answers, scope):
    question = result.question
    counts = scope.choice_counts.get((question.id, ""), {})
    result.options = _options(
        question,
        counts,
        respondents=result.respondents,
        answers=result.answers if result.multiple else None,
        hide_unused=question.type == "prefecture",
    )
    if question.value.get("allow_other"):  # a stakeholder type's 「その他」 has no text
        result.other_count = counts.get(OTHER, (0, ""))[0]
    if result.other_count:
        result.texts = list(
            answers.filter(choice_id=OTHER)
            .exclude(value_text="")
            .order_by("-response__submitted_at", "-pk")[:OTHER_PREVIEW]
        )


def _build_scale(result, answers, scope):
    question = result.question
    distribution = {
        str(int(row["value_number"])): (row["count"], "")
        for row in answers.values("value_number").annotate(count=Count("id"))
    }
    result.options = _options(question, distribution, respondents=result.respondents)
    result.stats = _stats_from_distribution(result.options)
    if question.type == "nps":
        result.nps = _nps(result.options)


def _stats_from_distribution(options):
    """Mean, median, min and max of scale points from their counts (already aggregated)."""
    points = sorted((int(option.key), option.count) for option in options if option.count)
    count = sum(n for _point, n in points)
    if not count:
        return Stats()
    return Stats(
        count=count,
        mean=round(sum(p * n for p, n in points) / count, 2),
        median=_rounded(_median_of_counts(points, count)),
        minimum=points[0][0],
        maximum=points[-1][0],
    )


def _median_of_counts(points, count):
    def nth(position):
        seen = 0
        for point, n in points:
            seen += n
            if position < seen:
                return point
        return points[-1][0]

    return (nth((count - 1) // 2) + nth(count // 2)) / 2


def _nps(options):
    counts = {int(option.key): option.count for option in options}
    promoters = sum(n for point, n in counts.items() if point >= 9)
    detractors = sum(n for point, n in counts.items() if point <= 6)
    total = sum(counts.values())
    score = _half_up(100 * (promoters - detractors) / total) if total else 0
    return NetPromoterScore(
        promoters=promoters,
        passives=total - promoters - detractors,
        detractors=detractors,
        score=score,
    )


def _build_matrix(result, answers, scope):
    question = result.question
    means = {
        row["row_id"]: row
        for row in answers.values("row_id").annotate(
            mean=Avg("value_number", output_field=FloatField()),
            respondents=Count("id"),  # a response answers each statement once
        )
    }
    for row_id, label in question.items("rows"):
        row = means.get(row_id, {})
        respondents = row.get("respondents", 0)
        if scope.withheld(respondents, question.id, row_id):
            hidden = [Option(key=key, label=text, count=None) for key, text in options_of(question)]
            result.rows.append(MatrixRow(row_id, label, respondents, hidden, None, hidden=True))
            continue
        counts = scope.choice_counts.get((question.id, row_id), {})
        result.rows.append(
            MatrixRow(
                key=row_id,
                label=label,
                respondents=respondents,
                options=_options(question, counts, respondents=respondents),
                mean=_rounded(row.get("mean")),
            )
        )


def _rounded(value, digits=2):
    """A figure to show: rounded, and a whole number without 「.0」."""
    if value is None:
        return None
    value = round(float(value), digits)
    return int(value) if value.is_integer() else value


def _half_up(value):
    """Rounded to a whole number, halves away from zero (12.5 → 13, −12.5 → −13)."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _build_ranking(result, answers, scope):
    ranks = {
        row["choice_id"]: row
        for row in answers.values("choice_id").annotate(
            mean=Avg("rank", output_field=FloatField()), first=Count("id", filter=Q(rank=1))
        )
    }
    items = [
        RankItem(
            key=choice_id,
            label=label,
            mean_rank=_rounded(ranks.get(choice_id, {}).get("mean")),
            first=ranks.get(choice_id, {}).get("first", 0),
        )
        for choice_id, label in result.question.items()
    ]
    result.ranks = sorted(items, key=lambda item: (item.mean_rank is None, item.mean_rank or 0))


def _build_number(result, answers, scope):
    summary = answers.aggregate(
        count=Count("id"),
        mean=Avg("value_number"),
        low=Min("value_number"),
        high=Max("value_number"),
        fraction=Max(F("value_number") - Floor("value_number")),
    )
    if not summary["count"]:
        result.stats = Stats()
        return
    result.stats = Stats(
        count=summary["count"],
        mean=_rounded(summary["mean"]),
        median=_median(answers, summary["count"]),
        minimum=_rounded(summary["low"], 6),
        maximum=_rounded(summary["high"], 6),
    )
    whole = not summary["fraction"]
    result.options = _histogram(
        answers, Decimal(summary["low"]), Decimal(summary["high"]), whole=whole
    )


def _median(answers, count):
    """The median of the question's numbers: the middle one or two values, read by OFFSET."""
    middle = answers.order_by("value_number").values_list("value_number", flat=True)
    values = list(middle[(count - 1) // 2 : count // 2 + 1])
    return _rounded(sum(values) / len(values), 6)


def _histogram(answers, low, high, *, whole):
    """Counts in equal bins between the lowest and highest number: one bin per number when
    they are all `whole` and few, one bin when every answer is the same."""
    if low == high:
        return [Option(key="0", label=plain_number(low), count=answers.count())]
    if whole and high - low < 20:
        width, bins = Decimal(1), int(high - low) + 1
    else:
        bins = HISTOGRAM_BINS
        width = (high - low) / bins or Decimal(1)
    counts = dict(
        answers.annotate(bin=Floor((F("value_number") - low) / width))
        .values("bin")
        .annotate(count=Count("id"))
        .values_list("bin", "count")
    )
    options = []
    for index in range(bins):
        start = low + width * index
        count = counts.get(index, 0) + (counts.get(bins, 0) if index == bins - 1 else 0)
        label = plain_number(start) if width == 1 and whole else _bin_label(start, start + width)
        options.append(Option(key=str(index), label=label, count=count))
    return options


def _bin_label(start, end):
    return f"{plain_number(round(start, 2))}–{plain_number(round(end, 2))}"


def _build_date(result, answers, scope):
    """Answers per day over up to two months, else per month; days or months nobody gave
    are there with 0, so the time axis is even."""
    days = dict(answers.values_list("value_date").annotate(count=Count("id")).order_by())
    if days and (max(days) - min(days)).days > 62:
        months = {}
        for day, count in days.items():
            months[day.replace(day=1)] = months.get(day.replace(day=1), 0) + count
        result.options = [
            Option(key=month.strftime("%Y-%m"), label=month.strftime("%Y-%m"), count=count)
            for month, count in _every_month(months)
        ]
        return
    result.options = _day_options(days)


def _day_options(counts):
    """[Option] for every day from the first to the last in {date: count}."""
    if not counts:
        return []
    first, last = min(counts), max(counts)
    days = (first + datetime.timedelta(days=n) for n in range((last - first).days + 1))
    return [Option(key=str(day), label=str(day), count=counts.get(day, 0)) for day in days]


def _every_month(counts):
    month, last = min(counts), max(counts)
    while month <= last:
        yield month, counts.get(month, 0)
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def _build_text(result, answers, scope):
    where = {
        "survey": scope.survey,
        "question_id": result.question.id,
        "responses": scope.responses,
    }
    result.words = top_words(**where)
    result.texts = list(text_answers(**where)[:TEXT_PREVIEW])


BUILDERS = {
    CHOICE: _build_choice,
    SCALE: _build_scale,
    MATRIX: _build_matrix,
    RANKING: _build_ranking,
    NUMBER: _build_number,
    DATE: _build_date,
    TEXT: _build_text,
}


def _per_day(responses):
    rows = (
        responses.order_by()
        .annotate(day=JapanDate("submitted_at"))
        .values_list("day")
        .annotate(count=Count("id"))
    )
    return _day_options(dict(rows))


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


# --- Breakdown (クロス集計) ------------------------------------------------------------------


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
    `by` itself), in a few queries whatever their number: every answer is joined once to its
    response's answer to `by` and grouped by question, group and choice."""
    questions = [q for q in questions if q.id != by.id and breakdown_available(q)]
    if not questions:
        return {}
    everyone = Answer.objects.filter(
        survey=survey, question_id__in=[q.id for q in questions], response__is_test=False
    ).annotate(
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
    return {
        question.id: _breakdown(question, by, figures, minimum=survey.min_group_size)
        for question in questions
    }


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
            percent=_rounded(figures.means.get((question.id, group, key))),
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


# --- Lists ----------------------------------------------------------------------------------


def survey_list():
    """Every survey (published or not), newest first, with `response_count` (real ones)."""
    real = Q(responses__is_test=False)
    return SurveyPage.objects.annotate(response_count=Count("responses", filter=real)).order_by(
        "-pk"
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


def response_answers(responses, *, questions):
    """{response id: [(question text, [answer lines])]} in survey order for a page of
    responses, read in one query."""
    lines = {}
    rows = Answer.objects.filter(response__in=[r.pk for r in responses]).order_by("rank", "pk")
    for answer in rows:
        by_question = lines.setdefault(answer.response_id, {})
        by_question.setdefault(answer.question_id, []).append(_answer_line(answer))
    order = [(question.id, question.text) for question in questions]
    return {
        response_id: [(text, by_question[qid]) for qid, text in order if qid in by_question]
        for response_id, by_question in lines.items()
    }


def _answer_line(answer):
    if answer.row_id:
        return f"{answer.row_label}: {answer.choice_label}"
    if answer.rank is not None:
        return f"{answer.rank}. {answer.choice_label}"
    if answer.choice_id:
        text = f"：{answer.value_text}" if answer.value_text else ""
        return f"{answer.choice_label}{text}"
    if answer.value_number is not None:
        return plain_number(answer.value_number)
    if answer.value_date is not None:
        return answer.value_date.isoformat()
    return answer.value_text
