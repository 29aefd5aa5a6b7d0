"""/api/v1/surveys/: the published results anyone may read on the site, field by field, with
the same questions left out as the results page, and nothing else."""

import re
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from surveys.models import ResultsPublication, ResultsVisibility, SurveyPage
from tests.api.surveys_data import OPINION, OTHER_TEXT, answer, close, key_in, results_survey
from tests.factories import MemberFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

ITEM_KEYS = {
    "id",
    "title",
    "slug",
    "url",
    "results_url",
    "opens_at",
    "closes_at",
    "response_count",
    "published_at",
    "last_published_at",
    "changed_at",
}
DETAIL_KEYS = ITEM_KEYS | {"withheld", "questions_left_out", "questions"}
QUESTION_KEYS = {
    "number",
    "id",
    "text",
    "kind",
    "respondents",
    "multiple",
    "mean",
    "figures",
    "scale",
    "rows",
    "ranks",
}


def _list(client, **params):
    response = client.get("/api/v1/surveys/", params)
    assert response.status_code == 200
    return response.json()


def _ids(client, **params):
    return [item["id"] for item in _list(client, **params)["results"]]


def _detail(client, survey):
    response = client.get(f"/api/v1/surveys/{survey.pk}/")
    assert response.status_code == 200
    return response.json()


def _results_page(client, survey):
    response = client.get(f"{survey.url}results/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_survey_with_results_anyone_may_read_is_listed_with_exactly_its_fields(client):
    survey = results_survey()

    data = _list(client)

    assert [item["id"] for item in data["results"]] == [survey.pk]
    item = data["results"][0]
    assert set(item) == ITEM_KEYS
    assert item["url"] == f"http://localhost{survey.url}"
    assert item["results_url"] == f"http://localhost{survey.url}results/"
    assert item["response_count"] == 4
    assert "4人が回答しました。" in _results_page(client, survey)
    publication = ResultsPublication.objects.get(survey=survey)
    published_at = max(survey.closes_at, publication.updated_at)
    assert datetime.fromisoformat(item["published_at"]) == published_at
    assert data["next"] is None


def test_the_detail_holds_the_published_questions_as_the_results_page_shows_them(client):
    survey = results_survey()

    data = _detail(client, survey)

    assert set(data) == DETAIL_KEYS
    assert (data["withheld"], data["questions_left_out"]) == (False, True)
    assert [q["id"] for q in data["questions"]] == ["sat", "mx", "rank", "num"]
    assert all(set(question) == QUESTION_KEYS for question in data["questions"])
    sat, matrix, ranking, number = data["questions"]
    assert sat["figures"] == [
        {"label": "満足", "count": 3, "percent": 75.0},
        {"label": "不満", "count": 0, "percent": 0.0},
        {"label": "=SUM(A1)", "count": 0, "percent": 0.0},
        {"label": "その他", "count": 1, "percent": 25.0},
    ]
    page = _results_page(client, survey)
    assert '<tr><th scope="row">満足</th><td>3</td><td>75.0%</td></tr>' in page
    assert matrix["scale"] == ["不満", "満足"]
    assert [row["label"] for row in matrix["rows"]] == ["速さ"]  # 分かりやすさ: 2 answered
    assert set(matrix["rows"][0]) == {"label", "respondents", "figures"}
    assert '<tr><th scope="row">速さ</th><td>25.0% (1)</td><td>75.0% (3)</td><td>4</td></tr>' in (
        page
    )
    assert "分かりやすさ" not in page
    assert ranking["ranks"] == [
        {"label": "電子申請", "mean_rank": 1.25, "first": 3, "first_percent": 75.0},
        {"label": "窓口", "mean_rank": 1.75, "first": 1, "first_percent": 25.0},
    ]
    assert '<tr><th scope="row">窓口</th><td>1.75</td><td>1</td><td>25.0%</td></tr>' in page
    assert (number["mean"], number["figures"], number["respondents"]) == (2.5, [], 4)
    assert "平均：2.5" in page


def test_a_question_too_few_answered_is_left_out_as_on_the_results_page(client):
    survey = results_survey()

    data = _detail(client, survey)

    assert "窓口も使いましたか" not in str(data) and data["questions_left_out"]
    page = _results_page(client, survey)
    assert "窓口も使いましたか" not in page
    assert "回答者が少ない設問は、まだ表示していません。" in page


def test_too_few_respondents_show_no_count_and_no_question(client):
    survey = results_survey(answers=2)

    item = _list(client)["results"][0]
    data = _detail(client, survey)

    assert item["response_count"] is None
    assert (data["withheld"], data["response_count"], data["questions"]) == (True, None, [])
    assert "回答者が少ないため、結果はまだ表示できません。" in _results_page(client, survey)


@pytest.mark.parametrize(
    "hidden",
    [
        pytest.param({"published": None}, id="results-not-published"),
        pytest.param({"published": []}, id="no-question-published"),
        pytest.param({"published": ["gone"]}, id="published-question-removed"),
        pytest.param({"results_visibility": ResultsVisibility.NEVER}, id="never-shown"),
        pytest.param(
            {"results_visibility": ResultsVisibility.AFTER_ANSWERING}, id="respondents-only"
        ),
        pytest.param({"closed": False}, id="still-open"),
        pytest.param({"closes_at": None, "closed": False}, id="no-end"),
    ],
)
def test_results_anyone_may_not_read_now_are_neither_listed_nor_found(client, hidden):
    shown = results_survey()
    survey = results_survey(**hidden)

    assert _ids(client) == [shown.pk]
    assert client.get(f"/api/v1/surveys/{survey.pk}/").status_code == 404
    page = client.get(f"{survey.url}results/")  # what the site shows a visitor who did not answer
    assert page.status_code == 404 or "<table" not in page.content.decode()


def test_drafts_and_private_surveys_are_neither_listed_nor_found(client):
    shown = results_survey()
    draft = results_survey()
    draft.unpublish()
    private = results_survey()
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    assert _ids(client) == [shown.pk]
    for survey in (draft, private):
        assert client.get(f"/api/v1/surveys/{survey.pk}/").status_code == 404


def test_an_unpublished_question_is_never_shown(client):
    survey = results_survey(published=["mx", "num"])

    data = _detail(client, survey)

    assert [question["id"] for question in data["questions"]] == ["mx", "num"]
    assert "電子申請に満足していますか" not in str(data)


def test_no_answer_text_response_or_respondent_in_any_body(client):
    member = MemberFactory(display_name="回答者の山田")
    survey = results_survey(closed=False)
    response = answer(
        survey,
        respondent=member,
        sat={"choices": ["a"], "other": ""},
        rank={"p": 1, "q": 2},
        num="9",
    )
    close(survey)
    ResultsPublication.objects.filter(survey=survey).update(question_ids=["sat", "txt", "num"])
    bodies = (
        client.get("/api/v1/surveys/").content + client.get(f"/api/v1/surveys/{survey.pk}/").content
    )

    text = bodies.decode()
    for private in (OPINION, OTHER_TEXT, str(response.pseudonym), member.email, "山田"):
        assert private not in text
    assert not re.search(r'"(member|pseudonym|answers|responses|submitted_at)"', text)


def test_a_harvest_reads_each_survey_once_and_then_only_what_changed(client):
    surveys = [results_survey() for _ in range(3)]
    seen, params = [], {"limit": 1}
    while True:
        data = _list(client, **params)
        seen += [item["id"] for item in data["results"]]
        if not data["next_cursor"]:
            break
        params["cursor"] = data["next_cursor"]
    assert sorted(seen) == sorted(survey.pk for survey in surveys)
    since = timezone.now()

    assert _ids(client, updated_since=since.isoformat()) == []
    staff = StaffUserFactory(groups=["Analysts"])
    key_in(
        surveys[0], staff=staff, sat={"choices": ["b"], "other": ""}, rank={"p": 1, "q": 2}, num="2"
    )

    changed = _list(client, updated_since=since.isoformat())["results"]
    assert [(item["id"], item["response_count"]) for item in changed] == [(surveys[0].pk, 5)]


def test_a_survey_that_closes_later_is_harvested_after_it_closes(client):
    survey = results_survey(closed=False, closes_at=timezone.now() + timedelta(hours=1))
    since = timezone.now()
    assert _ids(client) == []

    close(survey)

    assert _ids(client, updated_since=(since - timedelta(minutes=5)).isoformat()) == [survey.pk]


def test_republishing_the_results_moves_the_survey_to_the_end(client):
    first, second = results_survey(), results_survey()
    assert _ids(client) == [first.pk, second.pk]

    ResultsPublication.objects.get(survey=first).save()

    assert _ids(client) == [second.pk, first.pk]


def test_the_detail_says_when_it_last_changed(client):
    survey = results_survey()

    response = client.get(f"/api/v1/surveys/{survey.pk}/")

    assert response["Last-Modified"]
    assert response.json()["changed_at"] == _list(client)["results"][0]["changed_at"]


def _list_queries(client, limit):
    with CaptureQueriesContext(connection) as queries:
        assert len(_list(client, limit=limit)["results"]) == limit
    return len(queries)


def test_a_page_costs_the_same_queries_whatever_its_size(client):
    for _ in range(5):
        results_survey(answers=3)
    _list(client)  # the site's root paths are cached once

    assert _list_queries(client, 2) == _list_queries(client, 5)


def test_the_list_counts_the_same_respondents_as_the_detail(client):
    survey = results_survey(answers=5)
    SurveyPage.objects.filter(pk=survey.pk).update(min_group_size=5)

    assert _list(client)["results"][0]["response_count"] == 5
    assert _detail(client, survey)["response_count"] == 5
