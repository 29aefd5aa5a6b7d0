"""How responses reached us (回答方法) in the staff results: a filter and a breakdown with the
same privacy rules as every other, counted from the answers with a constant number of queries;
and the column of the responses export."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from surveys.selectors.breakdowns import survey_breakdown
from surveys.selectors.filters import ChannelDimension
from surveys.selectors.results import results_questions, survey_results
from surveys.services import response_key_in
from tests.factories import StaffUserFactory, log_in_as
from tests.surveys.results_data import choice, query_filter, ten_respondents_survey

pytestmark = pytest.mark.django_db


def keyed(survey, channel, times, *, sat="a", start=0):
    staff = StaffUserFactory()
    for number in range(start, start + times):
        response_key_in(
            survey=survey,
            answers={"sat": choice(sat), "type": "resident"},
            channel=channel,
            reference=f"{channel}-{number}",
            staff=staff,
        )


@pytest.fixture
def survey():
    """Ten on the site (minimum group size 3), then 4 sheets on paper, 1 from the counter and
    3 from an event."""
    survey = ten_respondents_survey()
    keyed(survey, "paper", 4)
    keyed(survey, "counter", 1, sat="c")
    keyed(survey, "event", 3, sat="b")
    return survey


def _options(results, question_id):
    result = next(r for r in results.questions if r.question.id == question_id)
    return {option.key: option.count for option in result.options if option.count}


def test_a_channel_filter_counts_only_its_responses(survey):
    results = survey_results(survey=survey, results_filter=query_filter(survey, "a=channel:paper"))

    assert (results.respondents, results.total, results.withheld) == (4, 18, False)
    assert _options(results, "sat") == {"a": 4}


def test_channels_of_a_filter_add_up_and_are_described_in_japanese(survey):
    results_filter = query_filter(survey, "a=channel:paper&a=channel:event")
    results = survey_results(survey=survey, results_filter=results_filter)

    assert results.respondents == 7
    assert _options(results, "sat") == {"a": 4, "b": 3}
    assert results_filter.describe(questions=results_questions(survey)) == "回答方法：イベント、紙"


def test_a_channel_with_fewer_respondents_than_the_minimum_is_withheld(survey):
    results = survey_results(
        survey=survey, results_filter=query_filter(survey, "a=channel:counter")
    )

    assert results.withheld and results.questions == []


def test_a_breakdown_by_channel_hides_small_groups_as_any_breakdown_does(survey):
    questions = {q.id: q for q in results_questions(survey)}

    breakdown = survey_breakdown(
        survey=survey,
        results_filter=query_filter(survey),
        question=questions["sat"],
        by=ChannelDimension(),
    )

    rows = {row.key: row for row in breakdown.rows}
    assert [row.label for row in breakdown.rows] == [
        "Web",
        "紙",
        "窓口",
        "郵送・メール",
        "イベント",
    ]
    assert (rows["paper"].respondents, rows["paper"].hidden) == (4, False)
    assert [cell.count for cell in rows["paper"].cells][:3] == [4, 0, 0]
    assert rows["counter"].hidden  # 1 respondent
    # …and the next smallest with it, so the counter's one cannot be worked out from totals.
    assert rows["event"].hidden and rows["event"].cells[0].count is None
    assert not rows["web"].hidden and rows["web"].respondents > 3
    assert (rows["post"].respondents, rows["post"].hidden) == (0, False)


def test_a_breakdown_by_channel_within_a_filter(survey):
    questions = {q.id: q for q in results_questions(survey)}

    breakdown = survey_breakdown(
        survey=survey,
        results_filter=query_filter(survey, "a=type:resident"),
        question=questions["sat"],
        by=ChannelDimension(),
    )

    rows = {row.key: row for row in breakdown.rows}
    assert rows["paper"].respondents == 4


def _results_page_queries(client, survey, query):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("survey_results:results", args=[survey.pk]) + query)
    assert response.status_code == 200
    return queries


def test_channel_views_take_as_many_queries_whatever_the_number_of_responses(client, survey):
    log_in_as(client, "Analysts")
    query = "?a=channel:paper&a=channel:web&by=channel"
    before = len(_results_page_queries(client, survey, query))
    keyed(survey, "paper", 10, start=100)

    assert len(_results_page_queries(client, survey, query)) == before


def test_the_unfiltered_page_still_reads_the_tallies(client, survey):
    log_in_as(client, "Analysts")

    queries = _results_page_queries(client, survey, "")

    grouped = [
        query["sql"]
        for query in queries
        if "GROUP BY" in query["sql"] and '"surveys_answer"' in query["sql"]
    ]
    assert grouped == []


def test_the_results_page_offers_the_channel_filter_and_breakdown(client, survey):
    log_in_as(client, "Analysts")
    url = reverse("survey_results:results", args=[survey.pk])

    plain = client.get(url).content.decode()
    broken_down = client.get(url + "?by=channel").content.decode()

    assert '<option value="channel">回答方法</option>' in plain
    assert 'name="a" value="channel:paper"' in plain and "紙" in plain
    assert (
        "「回答方法」別" in broken_down or "回答方法" in broken_down.split("results-subheading")[1]
    )
    assert "窓口" in broken_down


def _csv(client, survey, query=""):
    url = reverse("survey_results:export_responses_csv", args=[survey.pk]) + query
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8")[1:])))


def test_the_responses_export_says_how_each_response_reached_us(client, survey):
    log_in_as(client, "Analysts")

    header, *rows = _csv(client, survey)
    paper = _csv(client, survey, "?a=channel:paper")

    assert header[2:4] == ["回答方法", "整理番号"]
    assert [row[2] for row in rows].count("Web") == 10
    assert sorted(row[3] for row in rows if row[2] == "紙") == [
        "paper-0",
        "paper-1",
        "paper-2",
        "paper-3",
    ]
    assert {row[2] for row in paper[1:]} == {"紙"} and len(paper) == 5


def test_the_excel_export_has_the_column_too(client, survey):
    log_in_as(client, "Analysts")
    url = reverse("survey_results:export_responses_xlsx", args=[survey.pk])
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content

    sheet = load_workbook(io.BytesIO(body)).worksheets[0]
    header, *rows = list(sheet.iter_rows(values_only=True))

    assert header[2:4] == ("回答方法", "整理番号")
    assert ("紙", "paper-0") in [row[2:4] for row in rows]


def test_individual_responses_name_the_channel_and_sheet_of_a_keyed_one(client, survey):
    log_in_as(client, "Analysts")

    html = client.get(reverse("survey_results:responses", args=[survey.pk])).content.decode()

    assert "紙 · 整理番号 paper-3" in html and "イベント · 整理番号 event-0" in html


def test_the_summary_export_breaks_down_by_channel_with_small_groups_hidden(client, survey):
    log_in_as(client, "Analysts")

    url = reverse("survey_results:export_summary_csv", args=[survey.pk]) + "?by=channel"
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8")[1:])))

    assert ["クロス集計", "満足度 × 回答方法"] in rows
    start = rows.index(["クロス集計", "満足度 × 回答方法"])
    groups = {row[0]: row for row in rows[start + 2 : start + 7]}
    assert groups["紙"][1] == "4" and groups["窓口"][2] == "—" and groups["イベント"][2] == "—"
