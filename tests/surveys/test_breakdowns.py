"""survey_breakdown against figures worked out by hand for ten respondents, and its privacy
rules: hidden groups, complementary hiding, groups a filter leaves too few of out."""

import pytest

from surveys.selectors.breakdowns import NO_ANSWER, survey_breakdown
from surveys.selectors.results import results_questions
from tests.surveys.results_data import query_filter, ten_respondents_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return ten_respondents_survey()


def _rows(breakdown):
    return {
        row.key: (row.respondents, row.hidden, [(cell.count, cell.percent) for cell in row.cells])
        for row in breakdown.rows
    }


def _breakdown(survey, question_id, by_id, query=""):
    questions = {q.id: q for q in results_questions(survey)}
    return survey_breakdown(
        survey=survey,
        results_filter=query_filter(survey, query),
        question=questions[question_id],
        by=questions[by_id],
    )


def test_breakdown_counts_and_row_percentages_with_small_groups_hidden(survey):
    breakdown = _breakdown(survey, "sat", "type")

    rows = _rows(breakdown)
    assert rows["resident"] == (4, False, [(3, 75.0), (1, 25.0), (0, 0.0), (0, 0.0)])
    assert rows["municipal"] == (3, False, [(1, 33.3), (1, 33.3), (0, 0.0), (1, 33.3)])
    # 2 and 1 respondents: both hidden; together they are 3, so neither can be derived.
    assert rows["business"] == (2, True, [(None, None)] * 4)
    assert rows[NO_ANSWER] == (1, True, [(None, None)] * 4)
    assert rows["student"] == (0, False, [(0, None)] * 4)


def test_one_small_group_hides_the_next_smallest_too(survey):
    """With a minimum of 2 only 無回答 (1) is small; the totals would give it away, so the
    smallest other group (business, 2) is hidden with it."""
    survey.min_group_size = 2
    survey.save()

    rows = _rows(_breakdown(survey, "rate", "type"))

    assert rows[NO_ANSWER][1] and rows["business"][1]
    assert not rows["resident"][1] and not rows["municipal"][1]


def test_breakdown_of_a_scale_and_of_means(survey):
    rate = _rows(_breakdown(survey, "rate", "type"))
    assert rate["resident"][2] == [(0, 0.0), (0, 0.0), (1, 25.0), (2, 50.0), (1, 25.0)]

    survey.min_group_size = 1
    survey.save()
    num = _rows(_breakdown(survey, "num", "pref"))
    assert num["01"] == (2, False, [(None, 15.0)])
    assert list(num) == ["01", "13"]  # prefectures nobody gave are left out
    rank = _rows(_breakdown(survey, "rank", "type"))
    assert rank["resident"][2] == [(None, 1.33), (None, 2.0), (None, 2.67)]


def test_a_filtered_breakdown_hides_a_group_the_filter_leaves_few_of_out(survey):
    """Tokyo and Osaka keep two of the three municipal employees: enough for a minimum of 2,
    but subtracting the row from the unfiltered breakdown would describe the third."""
    survey.min_group_size = 2
    survey.save()

    rows = _rows(_breakdown(survey, "sat", "type", "a=pref:13&a=pref:27"))

    assert rows["municipal"][:2] == (2, True)
    assert rows["resident"][:2] == (2, False)  # two left out: enough
    assert rows["business"][:2] == (2, False)  # none left out
    assert rows[NO_ANSWER][:2] == (1, True)


def test_breakdown_within_a_filter(survey):
    survey.min_group_size = 2
    survey.save()

    rows = _rows(_breakdown(survey, "sat", "type", "a=pref:13"))

    assert rows["resident"] == (2, False, [(1, 50.0), (1, 50.0), (0, 0.0), (0, 0.0)])
    assert rows["business"] == (2, False, [(0, 0.0), (1, 50.0), (1, 50.0), (0, 0.0)])
    assert NO_ANSWER not in rows
