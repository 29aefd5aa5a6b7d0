"""survey_results against figures worked out by hand for ten respondents, and every privacy
rule of a view: withheld views and withheld questions."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveys.models import Response, ResponseDraft
from surveys.selectors.results import survey_results
from tests.surveys.respondent import items, question, section, survey_create
from tests.surveys.results_data import (
    DAY_ONE,
    DAY_TWO,
    JST,
    TEN,
    answer,
    choice,
    query_filter,
    results_survey,
    stored,
    ten_respondents_survey,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return ten_respondents_survey()


def _results(survey, query=""):
    results = survey_results(survey=survey, results_filter=query_filter(survey, query))
    return results, {result.question.id: result for result in results.questions}


def _counts(result):
    return {option.key: (option.count, option.percent) for option in result.options}


def test_choice_counts_and_percentages_of_respondents(survey):
    results, by_id = _results(survey)

    assert (results.respondents, results.total, results.withheld) == (10, 10, False)
    sat = by_id["sat"]
    assert sat.respondents == 10
    assert _counts(sat) == {"a": (5, 50.0), "b": (3, 30.0), "c": (1, 10.0), "other": (1, 10.0)}
    assert [option.label for option in sat.options] == ["良い", "普通", "悪い", "その他"]
    assert [text.value_text for text in sat.texts] == ["わからない"]


def test_multiple_choice_percentages_of_respondents_and_of_answers(survey):
    by_id = _results(survey)[1]

    use = by_id["use"]
    assert (use.respondents, use.answers) == (9, 13)
    assert {o.key: (o.count, o.percent, o.percent_of_answers) for o in use.options} == {
        "x": (5, 55.6, 38.5),
        "y": (6, 66.7, 46.2),
        "z": (2, 22.2, 15.4),
    }


def test_rating_mean_median_and_distribution(survey):
    by_id = _results(survey)[1]

    rate = by_id["rate"]
    assert (rate.stats.mean, rate.stats.median, rate.stats.minimum, rate.stats.maximum) == (
        3.6,
        4.0,
        1,
        5,
    )
    assert {key: count for key, (count, _p) in _counts(rate).items()} == {
        "1": 1,
        "2": 1,
        "3": 2,
        "4": 3,
        "5": 3,
    }


def test_net_promoter_score(survey):
    by_id = _results(survey)[1]

    nps = by_id["nps"].nps
    assert (nps.promoters, nps.passives, nps.detractors, nps.score) == (5, 2, 3, 20)
    assert len(by_id["nps"].options) == 11  # 0 to 10, also the points nobody chose


def test_matrix_rows_and_ranking_means(survey):
    by_id = _results(survey)[1]

    rows = {row.key: row for row in by_id["mx"].rows}
    assert (rows["r1"].respondents, rows["r1"].mean) == (3, 2.67)
    assert [option.count for option in rows["r1"].options] == [0, 1, 2]
    # Two answered 速さ, fewer than the minimum of 3: the row is hidden.
    assert (rows["r2"].respondents, rows["r2"].hidden, rows["r2"].mean) == (2, True, None)
    assert [option.count for option in rows["r2"].options] == [None, None, None]
    ranks = [(item.key, item.mean_rank, item.first) for item in by_id["rank"].ranks]
    assert ranks == [("p", 1.33, 2), ("q", 2.0, 1), ("r", 2.67, 0)]


def test_number_statistics_and_histogram(survey):
    by_id = _results(survey)[1]

    num = by_id["num"]
    assert (num.stats.count, num.stats.mean, num.stats.median) == (3, 20.0, 20.0)
    assert (num.stats.minimum, num.stats.maximum) == (10.0, 30.0)
    assert len(num.options) == 10
    assert [option.count for option in num.options] == [1, 0, 0, 0, 0, 1, 0, 0, 0, 1]
    assert num.options[0].label == "10–12"


def test_a_question_fewer_than_the_minimum_answered_is_withheld(survey):
    by_id = _results(survey)[1]

    assert (by_id["day"].respondents, by_id["day"].withheld, by_id["day"].options) == (1, True, [])
    assert (by_id["txt"].withheld, by_id["txt"].texts, by_id["txt"].words) == (True, [], [])
    assert not by_id["num"].withheld  # three answered


def test_dates_per_day_with_the_days_between_and_text_answers(survey):
    for day, text in [("2026-11-03", "電子申請が便利"), ("2026-11-03", "窓口も残して")]:
        answer(survey, DAY_TWO, day=day, txt=text)

    by_id = _results(survey)[1]

    assert [(o.label, o.count) for o in by_id["day"].options] == [
        ("2026-11-01", 1),
        ("2026-11-02", 0),
        ("2026-11-03", 2),
    ]
    assert [text.value_text for text in by_id["txt"].texts] == [
        "窓口も残して",
        "電子申請が便利",
        "マイナンバーカードの普及が遅い",
    ]


def test_dates_over_more_than_two_months_are_counted_per_month(survey):
    for day in ["2026-01-15", "2026-03-02", "2026-03-30"]:
        answer(survey, DAY_TWO, day=day)

    options = _results(survey)[1]["day"].options

    assert [(o.label, o.count) for o in options] == [
        ("2026-01", 1),
        ("2026-02", 0),
        ("2026-03", 2),
        ("2026-04", 0),
        ("2026-05", 0),
        ("2026-06", 0),
        ("2026-07", 0),
        ("2026-08", 0),
        ("2026-09", 0),
        ("2026-10", 0),
        ("2026-11", 1),
    ]


def test_responses_per_japan_day(survey):
    results, _by_id = _results(survey)

    assert [(o.label, o.count) for o in results.per_day] == [("2026-11-10", 5), ("2026-11-11", 5)]
    assert results.funnel is None  # one step


def test_filter_by_answers_and_japan_days(survey):
    residents, by_id = _results(survey, "a=type:resident")
    assert residents.respondents == 4
    assert _counts(by_id["sat"])["a"] == (3, 75.0)

    first_day, _by_id = _results(survey, "to=2026-11-10")
    assert first_day.respondents == 5
    second_day, _by_id = _results(survey, "from=2026-11-11&a=pref:01&a=pref:27")
    assert second_day.respondents == 4  # responses 7, 8, 9, 10


def test_filter_ignores_what_is_not_a_grouping_choice(survey):
    results_filter = query_filter(survey, "a=type:nobody&a=txt:x&a=rate:5&from=yesterday")

    assert not results_filter.active


def test_a_filter_counting_fewer_than_the_minimum_is_withheld(survey):
    results, _by_id = _results(survey, "a=type:business")

    assert (results.respondents, results.withheld, results.questions) == (2, True, [])


def test_a_filter_leaving_out_fewer_than_the_minimum_is_withheld(survey):
    """All but two: subtracting it from the unfiltered view would describe those two."""
    results, _by_id = _results(survey, "a=sat:a&a=sat:b")

    assert (results.respondents, results.withheld) == (8, True)


def test_a_filter_withholds_a_question_its_respondents_answered_too_few_times(survey):
    """Three municipal employees are enough for the view, but only two of them answered
    使ったもの: it must not describe those two (a breakdown by 立場 hides them too)."""
    results, by_id = _results(survey, "a=type:municipal")

    assert (results.respondents, results.withheld) == (3, False)
    assert (by_id["sat"].withheld, by_id["use"].withheld) == (False, True)


def test_a_filter_withholds_a_question_that_would_leave_out_too_few_of_its_respondents(survey):
    """Hokkaido and Tokyo keep 7 of 10 respondents, but 7 of the 9 who answered 使ったもの:
    subtracting would describe the other two."""
    by_id = _results(survey, "a=pref:01&a=pref:13")[1]

    assert by_id["use"].withheld
    assert not by_id["sat"].withheld  # 3 of its 10 are left out


def test_a_survey_with_fewer_respondents_than_the_minimum_shows_nothing():
    survey = results_survey(min_group_size=3)
    answer(survey, DAY_ONE, sat=choice("a"))

    results, _by_id = _results(survey)

    assert results.withheld and results.questions == []


def test_test_responses_are_not_counted(survey):
    Response.objects.filter(pk=Response.objects.filter(survey=survey).first().pk).update(
        is_test=True
    )

    results, _by_id = _results(survey)

    assert (results.respondents, results.total) == (9, 9)


def _more(survey, times):
    for _number in range(times):
        for answers in TEN:
            answer(survey, DAY_TWO, **stored(answers))


def test_queries_do_not_grow_with_responses(survey):
    _more(survey, 2)  # 30: every question has enough answers to be shown
    with CaptureQueriesContext(connection) as thirty:
        _results(survey)
    _more(survey, 3)
    with CaptureQueriesContext(connection) as sixty:
        _results(survey)

    assert len(sixty) == len(thirty)


def test_multi_step_funnel_counts_drafts_left_behind():
    survey = survey_create(
        question("single_choice", "q1", "一問目", choices=items(("a", "A"))),
        section("s2", "二ページ目"),
        question("single_choice", "q2", "二問目", choices=items(("a", "A"))),
        one_response=False,
        min_group_size=1,
    )
    for _number in range(3):
        answer(survey, DAY_ONE, q1=choice("a"), q2=choice("a"))
    ResponseDraft.objects.create(survey=survey, step=0)
    ResponseDraft.objects.create(survey=survey, step=1)
    ResponseDraft.objects.create(survey=survey, step=1)
    ResponseDraft.objects.create(survey=survey, step=1, is_test=True)

    results, _by_id = _results(survey)

    assert (results.funnel.started, results.funnel.finished) == (6, 3)
    assert results.funnel.stopped_at == [(1, 1), (2, 2)]


def test_the_funnel_is_left_out_when_answers_filter_the_view():
    survey = survey_create(
        question("single_choice", "q1", "一問目", choices=items(("a", "A"), ("b", "B"))),
        section("s2", "二ページ目"),
        question("single_choice", "q2", "二問目", choices=items(("a", "A"))),
        one_response=False,
        min_group_size=1,
    )
    for choice_id in "aab":
        answer(survey, DAY_ONE, q1=choice(choice_id), q2=choice("a"))

    assert _results(survey, "a=q1:a")[0].funnel is None
    assert _results(survey, "to=2026-11-10")[0].funnel.finished == 3


def _numbers(*values):
    survey = survey_create(question("number", "n", "数", required=False), one_response=False)
    survey.min_group_size = 1
    survey.save()
    for value in values:
        answer(survey, DAY_ONE, n=value)
    return _results(survey)[1]["n"]


def test_a_histogram_of_decimals_uses_ranges_not_whole_numbers():
    result = _numbers(*[f"0.{n}" for n in range(10)], "1")

    assert len(result.options) == 10
    assert result.options[0].label == "0–0.1"
    assert sum(option.count for option in result.options) == 11
    assert result.options[-1].count == 2  # 0.9 and the highest, 1


def test_a_histogram_of_one_value_is_one_bar_and_whole_figures_have_no_decimals():
    result = _numbers("2.5", "2.5")
    assert [(o.label, o.count) for o in result.options] == [("2.5", 2)]

    whole = _numbers("10", "20", "30")
    assert (whole.stats.minimum, whole.stats.maximum, whole.stats.median) == (10, 30, 20)
    assert str(whole.stats.minimum) == "10"


def test_days_without_responses_are_counted_as_zero(survey):
    answer(survey, datetime.datetime(2026, 11, 14, 9, 0, tzinfo=JST), sat=choice("a"))

    per_day = [(o.label, o.count) for o in _results(survey)[0].per_day]

    assert per_day == [
        ("2026-11-10", 5),
        ("2026-11-11", 5),
        ("2026-11-12", 0),
        ("2026-11-13", 0),
        ("2026-11-14", 1),
    ]


@pytest.mark.parametrize("query", ["from=0001-01-01", "to=9999-12-31", "from=2026-13-45"])
def test_impossible_days_are_no_limit(survey, query):
    results = _results(survey, query)[0]

    assert (results.filter.active, results.respondents) == (False, 10)


def test_the_net_promoter_score_rounds_halves_away_from_zero():
    survey = survey_create(question("nps", "p", "勧めたい", required=False), one_response=False)
    survey.min_group_size = 1
    survey.save()
    for score in [10, 10, 10, 0, 0, 0, 0, 8]:  # 3 promoters, 4 detractors of 8: −12.5
        answer(survey, DAY_ONE, p=score)

    assert _results(survey)[1]["p"].nps.score == -13


def test_a_stakeholder_type_of_other_is_a_choice_not_a_text(survey):
    answer(survey, DAY_TWO, type="other")

    result = _results(survey)[1]["type"]

    assert (result.other_count, result.texts) == (0, [])
    assert {o.key: o.count for o in result.options}["other"] == 1


def test_a_scale_point_no_longer_offered_keeps_its_answers_in_order():
    """The scale was 1–10 when someone answered 10; it is 1–5 now."""
    survey = survey_create(question("rating", "r", "評価", scale=5, required=False))
    survey.min_group_size = 1
    survey.save()
    for point in [1, 3]:
        answer(survey, DAY_ONE, r=point)
    response = Response.objects.filter(survey=survey).first()
    response.answers.update(value_number=10)  # as if given on the old scale

    result = _results(survey)[1]["r"]

    assert [(o.label, o.count) for o in result.options][-1] == ("10", 1)
    assert (result.stats.minimum, result.stats.maximum, result.stats.median) == (1, 10, 5.5)
