"""Open data of surveys: a dataset per survey the API lists (its published results anyone may
read now), with a CSV and a JSON file built from the API's detail
(api.endpoints.surveys.survey_results_out), so the files, the API and the results page show
the same figures; and the JSON Schema of the JSON file, generated from the API's schema."""

import html

from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.spreadsheets import CSV_TYPE
from surveys.selectors.published import results_public_list, shown_to_anyone

from ..endpoints.surveys import (
    SurveyDetailOut,
    public_survey_get,
    results_full_url,
    survey_results_out,
)
from ..http import public_data
from .datasets import Dataset, Distribution
from .files import JSON_TYPE, dataset_csv_response, dataset_json_response
from .schemas import download_schema_response

KEYWORDS = ["アンケート"]
DESCRIPTION_CHARACTERS = 200


def survey_datasets(request):
    """A Dataset per survey whose published results anyone may read now."""
    at = timezone.now()
    return [
        survey_dataset(request, survey)
        for survey in results_public_list(at=at).order_by("results_changed_at", "pk")
        if shown_to_anyone(survey, at=at)
    ]


def survey_dataset(request, survey):
    """The Dataset of `survey` (one of surveys.selectors.published.results_public_list)."""
    return Dataset(
        identifier=f"survey-{survey.pk}",
        title=survey.title,
        description=_description(survey),
        page_url=results_full_url(request, survey),
        issued=survey.results_published_at,
        modified=survey.results_changed_at,
        keywords=KEYWORDS,
        distributions=[
            Distribution("CSV", CSV_TYPE, _absolute(request, "opendata:survey_csv", survey.pk)),
            Distribution("JSON", JSON_TYPE, _absolute(request, "opendata:survey_json", survey.pk)),
        ],
        schema_url=_absolute(request, "opendata:survey_schema"),
    )


def _description(survey):
    text = html.unescape(strip_tags(survey.introduction)).strip()
    return Truncator(" ".join(text.split())).chars(DESCRIPTION_CHARACTERS)


def _absolute(request, name, *args):
    return request.build_absolute_uri(reverse(name, args=args))


def csv_header():
    return [
        pgettext("open data", "Question number"),
        pgettext("open data", "Question"),
        pgettext("open data", "Choice"),
        pgettext("open data", "Responses"),
        pgettext("open data", "Share (%)"),
        pgettext("open data", "Mean"),
    ]


def csv_rows(results):
    """One row per figure of the API detail `results`: a choice or scale point (with the
    question's mean), a matrix cell (「statement: point」), a ranked item (how many ranked it
    first, their share, its mean rank), or a number question's mean; empty where none."""
    for question in results["questions"]:
        head = [question["number"], question["text"]]
        for figure in question["figures"]:
            yield [*head, figure["label"], figure["count"], figure["percent"], question["mean"]]
        for row in question["rows"]:
            for figure in row["figures"]:
                label = _("%(label)s: %(value)s") % {
                    "label": row["label"],
                    "value": figure["label"],
                }
                yield [*head, label, figure["count"], figure["percent"], None]
        for rank in question["ranks"]:
            yield [*head, rank["label"], rank["first"], rank["first_percent"], rank["mean_rank"]]
        if question["kind"] == "number":
            yield [*head, None, question["respondents"], None, question["mean"]]


@public_data
def survey_csv(request, survey_id):
    survey = public_survey_get(survey_id)
    dataset = survey_dataset(request, survey)
    return dataset_csv_response(
        request,
        dataset,
        header=csv_header(),
        rows=csv_rows(survey_results_out(request, survey)),
        filename=f"{dataset.identifier}.csv",
    )


@public_data
def survey_json(request, survey_id):
    survey = public_survey_get(survey_id)
    dataset = survey_dataset(request, survey)
    return dataset_json_response(
        request,
        dataset,
        data=survey_results_out(request, survey),
        filename=f"{dataset.identifier}.json",
    )


@public_data
def survey_schema(request):
    """The JSON Schema of a survey's JSON file, its descriptions in the reader's language."""
    return download_schema_response(SurveyDetailOut, title="Survey results")
