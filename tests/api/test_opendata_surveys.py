"""Open data of surveys: a dataset per survey the API lists, its CSV and JSON files built from
the API's detail, and the JSON Schema of the JSON file."""

import csv
import io
import json
from datetime import datetime

import jsonschema
import pytest
from django.test import RequestFactory

from api.opendata.surveys import survey_datasets
from surveys.models import ResultsVisibility
from tests.api.surveys_data import OPINION, OTHER_TEXT, results_survey

pytestmark = pytest.mark.django_db

CC_BY = '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'


def _csv(client, survey, language=""):
    response = client.get(f"{language}/opendata/surveys/{survey.pk}.csv")
    assert response.status_code == 200
    return response, response.content.decode("utf-8")


def _rows(text):
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_a_dataset_per_survey_the_api_lists(client):
    survey = results_survey(
        introduction="<p>行政手続きの<b>オンライン化</b>について&amp;お聞きします。</p>"
    )
    results_survey(results_visibility=ResultsVisibility.AFTER_ANSWERING)
    request = RequestFactory().get("/opendata/")

    datasets = survey_datasets(request)

    assert [dataset.identifier for dataset in datasets] == [f"survey-{survey.pk}"]
    dataset = datasets[0]
    assert dataset.title == survey.title
    assert dataset.description == "行政手続きのオンライン化について&お聞きします。"
    assert dataset.keywords == ["アンケート"]
    assert dataset.page_url == f"http://localhost{survey.url}results/"
    item = client.get("/api/v1/surveys/").json()["results"][0]
    assert (dataset.issued, dataset.modified) == (
        datetime.fromisoformat(item["published_at"]),
        datetime.fromisoformat(item["changed_at"]),
    )
    assert [(d.format, d.url) for d in dataset.distributions] == [
        ("CSV", f"http://testserver/opendata/surveys/{survey.pk}.csv"),
        ("JSON", f"http://testserver/opendata/surveys/{survey.pk}.json"),
    ]
    assert dataset.schema_url == "http://testserver/opendata/schemas/survey-results.json"


def test_the_csv_has_a_row_per_figure_under_japanese_headers(client):
    survey = results_survey()

    response, text = _csv(client, survey)

    assert text.startswith("\ufeff")
    rows = _rows(text)
    assert rows[0] == ["設問番号", "設問", "選択肢", "回答数", "割合(%)", "平均"]
    assert rows[1:5] == [
        ["1", "電子申請に満足していますか", "満足", "3", "75.0", ""],
        ["1", "電子申請に満足していますか", "不満", "0", "0.0", ""],
        ["1", "電子申請に満足していますか", "'=SUM(A1)", "0", "0.0", ""],
        ["1", "電子申請に満足していますか", "その他", "1", "25.0", ""],
    ]
    assert rows[5:] == [
        ["2", "次の点の満足度", "速さ：不満", "1", "25.0", ""],
        ["2", "次の点の満足度", "速さ：満足", "3", "75.0", ""],
        ["3", "優先順位", "電子申請", "3", "75.0", "1.25"],
        ["3", "優先順位", "窓口", "1", "25.0", "1.75"],
        ["4", "手続きの回数", "", "4", "", "2.5"],
    ]
    assert CC_BY in response["Link"] and 'rel="describedby"' in response["Link"]
    assert response["Content-Type"].startswith("text/csv")
    assert f"survey-{survey.pk}.csv" in response["Content-Disposition"]
    assert response["Access-Control-Allow-Origin"] == "*" and response["ETag"]


def test_the_csv_under_en_has_english_headers(client):
    _response, text = _csv(client, results_survey(), language="/en")

    assert _rows(text)[0] == [
        "Question number",
        "Question",
        "Choice",
        "Responses",
        "Share (%)",
        "Mean",
    ]


def test_the_json_data_is_the_api_detail_and_follows_its_schema(client):
    survey = results_survey()

    response = client.get(f"/opendata/surveys/{survey.pk}.json")

    document = response.json()
    assert set(document) == {"dataset", "license", "data"}
    assert document["data"] == client.get(f"/api/v1/surveys/{survey.pk}/").json()
    assert document["dataset"]["identifier"] == f"survey-{survey.pk}"
    assert document["license"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert CC_BY in response["Link"]
    schema = client.get("/opendata/schemas/survey-results.json").json()
    assert document["dataset"]["schema"].endswith("/opendata/schemas/survey-results.json")
    jsonschema.validate(document, schema)
    assert set(schema["properties"]) == {"dataset", "license", "data"}


def test_the_schema_is_described_in_japanese_on_the_japanese_site(client):
    schema = client.get("/opendata/schemas/survey-results.json")
    english = client.get("/en/opendata/schemas/survey-results.json").json()

    count = schema.json()["$defs"]["FigureOut"]["properties"]["count"]["description"]
    assert count == "その選択肢を選んだ人数。"
    assert english["$defs"]["FigureOut"]["properties"]["count"]["description"] == (
        "How many chose it."
    )
    assert schema["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    "hidden",
    [
        {"published": None},
        {"results_visibility": ResultsVisibility.AFTER_ANSWERING},
        {"closed": False},
    ],
)
def test_no_file_of_results_anyone_may_not_read(client, hidden):
    survey = results_survey(**hidden)

    for extension in ("csv", "json"):
        assert client.get(f"/opendata/surveys/{survey.pk}.{extension}").status_code == 404


def test_no_answer_text_nor_unpublished_question_in_the_files(client):
    survey = results_survey(published=["sat", "num"])

    body = (
        client.get(f"/opendata/surveys/{survey.pk}.csv").content.decode()
        + client.get(f"/opendata/surveys/{survey.pk}.json").content.decode()
    )

    for hidden in (OPINION, OTHER_TEXT, "次の点の満足度", "優先順位", "ご意見をどうぞ"):
        assert hidden not in body
    assert "pseudonym" not in body and "submitted_at" not in body
    questions = json.loads(client.get(f"/opendata/surveys/{survey.pk}.json").content)["data"]
    assert [question["id"] for question in questions["questions"]] == ["sat", "num"]
