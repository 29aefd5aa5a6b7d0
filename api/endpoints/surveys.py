"""/api/v1/surveys/: the results analysts published of each survey that anyone may read now on
its public results page (surveys.selectors.published: results_public_list narrowed by
shown_to_anyone, the page's own rule for a visitor who has not answered), with the figures
that page shows — aggregates of the published questions, the same questions and matrix
statements left out for too few answers — and never a response or a respondent."""

from datetime import datetime
from urllib.parse import urljoin

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router

from surveys.selectors.published import (
    published_results,
    published_url,
    respondents_shown,
    results_public_list,
    shown_to_anyone,
)

from ..http import last_modified_set
from ..paging import PageQuery, keyset_page, page_schema
from ..schema import OutSchema

router = Router(tags=[gettext_noop("Surveys")])

CHANGED_FIELD = "results_changed_at"


class FigureOut(OutSchema):
    label: str
    count: int = Field(description=gettext_noop("How many chose it."))
    percent: float | None = Field(
        description=gettext_noop("Percentage of the question's respondents; null when none.")
    )


class RowOut(OutSchema):
    label: str = Field(description=gettext_noop("The statement of a matrix."))
    respondents: int
    figures: list[FigureOut] = Field(description=gettext_noop("One per scale point."))


class RankOut(OutSchema):
    label: str
    mean_rank: float | None = Field(description=gettext_noop("Mean position; 1 is first."))
    first: int = Field(description=gettext_noop("How many ranked it first."))
    first_percent: float | None


class QuestionOut(OutSchema):
    number: int = Field(description=gettext_noop("Its number on the results page (Q1, Q2…)."))
    id: str = Field(description=gettext_noop("Stays the same when its text is edited."))
    text: str
    kind: str = Field(description=gettext_noop("choice, scale, matrix, ranking or number."))
    respondents: int = Field(description=gettext_noop("How many answered it."))
    multiple: bool = Field(
        description=gettext_noop("Several choices allowed: percentages add up to over 100.")
    )
    mean: float | None = Field(description=gettext_noop("Mean of a scale or number question."))
    figures: list[FigureOut] = Field(description=gettext_noop("Per choice or scale point."))
    scale: list[str] = Field(description=gettext_noop("A matrix's scale points."))
    rows: list[RowOut] = Field(description=gettext_noop("A matrix's statements."))
    ranks: list[RankOut] = Field(description=gettext_noop("A ranking's items."))


class SurveyOut(OutSchema):
    id: int
    title: str
    slug: str
    url: str = Field(description=gettext_noop("The survey's page on this site."))
    results_url: str = Field(description=gettext_noop("Its published results page."))
    opens_at: datetime | None
    closes_at: datetime
    response_count: int | None = Field(
        description=gettext_noop("How many responded; null while too few to show results.")
    )
    published_at: datetime = Field(
        description=gettext_noop("When the results, as chosen now, became public.")
    )
    last_published_at: datetime | None = Field(
        description=gettext_noop("When the survey page was last published.")
    )
    changed_at: datetime = Field(
        description=gettext_noop(
            "The last change of what its results page shows: the order of the list."
        )
    )


class SurveyDetailOut(SurveyOut):
    withheld: bool = Field(
        description=gettext_noop("Too few respondents: no question is shown yet.")
    )
    questions_left_out: bool = Field(
        description=gettext_noop("Some published questions were answered by too few to show.")
    )
    questions: list[QuestionOut] = Field(
        description=gettext_noop("The published questions' aggregated answers, in order.")
    )


def survey_out(request, survey):
    """The API's fields of `survey` (one of results_public_list)."""
    return {
        "id": survey.pk,
        "title": survey.title,
        "slug": survey.slug,
        "url": survey.get_full_url(request),
        "results_url": results_full_url(request, survey),
        "opens_at": survey.opens_at,
        "closes_at": survey.closes_at,
        "response_count": respondents_shown(survey),
        "published_at": survey.results_published_at,
        "last_published_at": survey.last_published_at,
        "changed_at": survey.results_changed_at,
    }


def results_full_url(request, survey):
    """The absolute address of `survey`'s published results page, on the survey's own site."""
    return urljoin(survey.get_full_url(request), published_url(survey))


def survey_results_out(request, survey):
    """The survey's fields with its published results as its results page shows them to
    anyone (the API's detail; the open-data files are built from it)."""
    results = published_results(survey=survey)
    return {
        **survey_out(request, survey),
        "withheld": results.withheld,
        "questions_left_out": bool(results.left_out),
        "questions": [
            question_out(question, number)
            for number, question in enumerate(results.questions, start=1)
        ],
    }


def question_out(question, number):
    """One PublishedQuestion; the parts its kind has not are empty."""
    return {
        "number": number,
        "id": question.id,
        "text": question.text,
        "kind": question.display,
        "respondents": question.respondents,
        "multiple": question.multiple,
        "mean": question.mean,
        "figures": [vars(figure) for figure in question.figures],
        "scale": list(question.scale),
        "rows": [
            {
                "label": row.label,
                "respondents": row.respondents,
                "figures": [vars(figure) for figure in row.figures],
            }
            for row in question.rows
        ],
        "ranks": [vars(rank) for rank in question.ranks],
    }


def public_survey_get(survey_id):
    """Survey `survey_id` when anyone may read its published results now; else Http404."""
    survey = results_public_list().filter(pk=survey_id).first()
    if survey is None or not shown_to_anyone(survey):
        raise Http404
    return survey


def public_surveys(request, query):
    """One keyset page (api.paging) of the surveys anyone may read the results of now."""
    at = timezone.now()
    page = keyset_page(request, results_public_list(at=at), query, changed_field=CHANGED_FIELD)
    page["results"] = [survey for survey in page["results"] if shown_to_anyone(survey, at=at)]
    return page


@router.get(
    "/surveys/",
    response=page_schema(SurveyOut),
    summary=gettext_noop("Surveys with published results"),
    description=gettext_noop(
        "Surveys whose results anyone may read on the site now, in the order of their last "
        "change, oldest first; follow `next` to read them all (a page may hold fewer than "
        "`limit`)."
    ),
)
def surveys(request, query: Query[PageQuery]):
    page = public_surveys(request, query)
    page["results"] = [survey_out(request, survey) for survey in page["results"]]
    return page


@router.get(
    "/surveys/{int:survey_id}/",
    response=SurveyDetailOut,
    summary=gettext_noop("One survey's published results"),
    description=gettext_noop(
        "Aggregates only, of the questions the analysts published, as its results page shows "
        "them: a question or statement too few answered is left out."
    ),
)
def survey(request, response: HttpResponse, survey_id: int):
    survey = public_survey_get(survey_id)
    last_modified_set(response, survey.results_changed_at)
    return survey_results_out(request, survey)
