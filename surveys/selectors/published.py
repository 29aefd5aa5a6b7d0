"""Reads for the results a survey publishes to its respondents (issue 6): which questions may
be published, which are, who may see them now, and the figures they see.

Respondents see aggregates only, under the staff privacy rule (surveys.selectors.results):
nothing at all while the survey has fewer respondents than its `min_group_size`. Free-text
questions are never published: a sentence, even without a name in it, can tell who wrote it.
Dates are not either: a date (of birth, of a move, of a visit) picks people out the same way.
The figures are copied into the dataclasses below, so the public page never holds an Answer.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from core.figures import percent_of

from ..models import Response, ResultsPublication, ResultsVisibility, SurveyPage
from .figures import CHOICE, DISPLAY_BY_TYPE, MATRIX, NUMBER, RANKING, SCALE
from .filters import ResultsFilter, options_of, view_withheld
from .respondents import response_exists
from .results import results_questions, survey_results

PUBLISHABLE_DISPLAYS = (CHOICE, SCALE, MATRIX, RANKING, NUMBER)

SHOWN = "shown"
ANSWER_FIRST = "answer_first"  # after_answering, and this visitor has not answered
NOT_CLOSED = "not_closed"  # after_closing, and the survey is still open


def publishable(question):
    """Whether respondents may be shown this question's aggregated answers."""
    return DISPLAY_BY_TYPE[question.type] in PUBLISHABLE_DISPLAYS


def publishable_question_ids(survey):
    """The ids of `survey`'s questions that may be published, in the survey's order."""
    return [question.id for question in results_questions(survey) if publishable(question)]


def published_question_ids(survey):
    """The ids of the questions whose results `survey` publishes now: those the analysts
    chose that are still in the survey and still publishable, in the survey's order."""
    chosen = set(_chosen_question_ids(survey))
    return [
        question_id for question_id in publishable_question_ids(survey) if question_id in chosen
    ]


def _chosen_question_ids(survey):
    """The ids the analysts chose for `survey`: those results_public_list read with it
    (`chosen_question_ids`), else read now (so a survey held across a new choice reads it)."""
    if hasattr(survey, "chosen_question_ids"):
        return survey.chosen_question_ids or []
    publication = ResultsPublication.objects.filter(survey=survey).first()
    return publication.question_ids if publication else []


# --- The analysts' choice -------------------------------------------------------------------


@dataclass(frozen=True)
class PublicationChoice:
    """One question in the analysts' form: a checkbox named `question` with value `id`,
    disabled when not `publishable` (free text, dates)."""

    id: str
    text: str
    publishable: bool
    checked: bool


@dataclass(frozen=True)
class PublicationForm:
    """The 「回答者に公開する設問」 form of the staff results page: every question in order
    (`questions`, PublicationChoice), whether the survey's settings let respondents see
    results at all (`allowed`) and when (`visibility`, a label), and the public results page
    (`url`, "" while the survey is not live or shows no results)."""

    questions: tuple
    allowed: bool
    visibility: str
    url: str


def publication_form_context(survey):
    """The PublicationForm of `survey`, as the analysts last saved it."""
    published = set(published_question_ids(survey))
    allowed = survey.results_visibility != ResultsVisibility.NEVER
    return PublicationForm(
        questions=tuple(
            PublicationChoice(
                id=question.id,
                text=question.text,
                publishable=publishable(question),
                checked=question.id in published,
            )
            for question in results_questions(survey)
        ),
        allowed=allowed,
        visibility=str(survey.get_results_visibility_display()),
        url=published_url(survey) if allowed and survey.live else "",
    )


def published_url(survey):
    return survey.url + survey.reverse_subpage("results")


# --- Who may see them -------------------------------------------------------------------------


def has_answered(*, survey, member, browser_token=None):
    """Whether this member or browser has given a real response to `survey`, as far as the
    site can tell: the one-response key (member or signed browser cookie), else the member
    recorded on a survey that is not anonymous."""
    if response_exists(survey=survey, member=member, browser_token=browser_token):
        return True
    if survey.anonymous or not member.is_authenticated:
        return False
    return Response.objects.real().filter(survey=survey, member=member).exists()


def published_access(*, survey, answered, at=None):
    """SHOWN, ANSWER_FIRST or NOT_CLOSED for a visitor to `survey`'s public results
    (`answered`: see has_answered); None when the survey publishes no results at all."""
    visibility = survey.results_visibility
    if visibility == ResultsVisibility.NEVER or not published_question_ids(survey):
        return None
    if visibility == ResultsVisibility.AFTER_ANSWERING:
        return SHOWN if answered else ANSWER_FIRST
    at = at or timezone.now()
    closed = survey.closes_at is not None and survey.closes_at <= at
    return SHOWN if closed else NOT_CLOSED


def shown_to_anyone(survey, *, at=None):
    """Whether anyone, without answering, may read `survey`'s published results at `at`
    (published_access for a visitor who has not answered): what the site publishes as data."""
    return published_access(survey=survey, answered=False, at=at) == SHOWN


def results_public_list(*, at=None):
    """The live, public surveys whose published results may be SHOWN to anyone at `at`, in one
    query, with the questions chosen. published_access decides (shown_to_anyone: keep only those it
    passes); this narrows in SQL to what it can show a visitor who has not answered: after
    closing, closed, a choice saved. Each carries `respondents` (real responses),
    `results_published_at` (when its present choice became visible: the choice or the close,
    whichever came later) and `results_changed_at`, the last change of what its page shows:
    that, a new revision of the survey, a response counted (submitted or keyed in)."""
    at = at or timezone.now()
    real = Response.objects.real().filter(survey=OuterRef("pk")).order_by()
    latest = real.order_by("-submitted_at").values("submitted_at")[:1]
    count = real.values("survey").annotate(count=Count("pk")).values("count")
    return (
        SurveyPage.objects.live()
        .public()
        .filter(
            results_visibility=ResultsVisibility.AFTER_CLOSING,
            closes_at__lte=at,
            results_publication__isnull=False,
        )
        .annotate(
            chosen_question_ids=F("results_publication__question_ids"),
            respondents=Coalesce(Subquery(count), 0),
            results_published_at=Greatest("closes_at", "results_publication__updated_at"),
            results_changed_at=Greatest(
                "results_published_at",
                Coalesce("last_published_at", "closes_at"),
                Coalesce(Subquery(latest), "closes_at"),
            ),
        )
    )


def respondents_shown(survey):
    """How many responded, as the public results page says it, of a survey from
    results_public_list; None when the page withholds the results (too few)."""
    total = survey.respondents
    return None if view_withheld(total, total, survey.min_group_size) else total


# --- What they see ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One line of a published table: a choice, scale point or matrix cell with how many
    chose it and the percentage of the question's respondents (None when nobody answered)."""

    label: str
    count: int
    percent: float | None


@dataclass(frozen=True)
class PublishedRow:
    """A matrix row: its respondents, the mean scale position and its figures."""

    label: str
    respondents: int
    mean: float | None
    figures: tuple


@dataclass(frozen=True)
class PublishedRank:
    label: str
    mean_rank: float | None
    first: int  # how many put it first
    first_percent: float | None


@dataclass(frozen=True)
class PublishedQuestion:
    """The aggregated answers to one published question. `display` (choice, scale, matrix,
    ranking, number) says which parts apply; `multiple`: percentages add up to over 100."""

    id: str
    text: str
    display: str
    respondents: int
    multiple: bool = False
    figures: tuple = ()
    mean: float | None = None
    rows: tuple = ()
    ranks: tuple = ()
    scale: tuple = ()  # a matrix's scale points, its columns


@dataclass(frozen=True)
class PublishedResults:
    """What a respondent may read: how many responded and, unless `withheld` (fewer than
    `min_group_size`), the published questions' aggregates; `left_out` counts the published
    questions too few answered to be shown."""

    respondents: int
    min_group_size: int
    withheld: bool
    questions: tuple = field(default=())
    left_out: int = 0


def published_results(*, survey):
    """The published questions' aggregates over every real response (no filter); a question
    or matrix statement fewer than the minimum answered is left out, and numbers show their
    mean only (the ends of a histogram are single people's answers)."""
    shown = set(published_question_ids(survey))
    results = survey_results(survey=survey, results_filter=ResultsFilter(), question_ids=shown)
    return PublishedResults(
        respondents=results.total,
        min_group_size=results.min_group_size,
        withheld=results.withheld,
        questions=tuple(_published(result) for result in results.questions if not result.withheld),
        left_out=sum(1 for result in results.questions if result.withheld),
    )


def _figures(options):
    return tuple(
        Figure(label=str(option.label), count=option.count, percent=option.percent)
        for option in options
    )


def _published(result):
    question = result.question
    common = {
        "id": question.id,
        "text": question.text,
        "display": result.display,
        "respondents": result.respondents,
    }
    if result.display == MATRIX:
        return PublishedQuestion(**common, rows=_rows(result), scale=tuple(_scale(question)))
    if result.display == RANKING:
        return PublishedQuestion(**common, ranks=_ranks(result))
    mean = result.stats.mean if result.stats else None
    return PublishedQuestion(
        **common,
        multiple=result.multiple,
        figures=() if result.display == NUMBER else _figures(result.options),
        mean=mean if result.display in (SCALE, NUMBER) else None,
    )


def _scale(question):
    return [str(label) for _key, label in options_of(question)]


def _rows(result):
    return tuple(
        PublishedRow(
            label=str(row.label),
            respondents=row.respondents,
            mean=row.mean,
            figures=_figures(row.options),
        )
        for row in result.rows
        if not row.hidden
    )


def _ranks(result):
    return tuple(
        PublishedRank(
            label=str(rank.label),
            mean_rank=rank.mean_rank,
            first=rank.first,
            first_percent=percent_of(rank.first, result.respondents),
        )
        for rank in result.ranks
    )
