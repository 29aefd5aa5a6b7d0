"""The printed results report's title block: a hand-out states when the survey took answers."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests.factories import StaffUserFactory
from tests.surveys.results_data import ten_respondents_survey

pytestmark = pytest.mark.django_db

TOKYO = ZoneInfo("Asia/Tokyo")


def _title_block(client, survey):
    client.force_login(StaffUserFactory(groups=["Analysts"]))
    html = client.get(reverse("survey_results:print", args=[survey.pk])).content.decode()
    return html[html.index('class="results-print__header"') : html.index("</header>")]


@pytest.mark.parametrize(
    ("opens_at", "closes_at", "period"),
    [
        (datetime(2026, 11, 1, 9, tzinfo=TOKYO), datetime(2026, 11, 30, 18, tzinfo=TOKYO),
         "2026年11月1日〜2026年11月30日"),
        (None, datetime(2026, 11, 30, 18, tzinfo=TOKYO), "2026年11月30日まで"),
        (datetime(2026, 11, 1, 9, tzinfo=TOKYO), None, "2026年11月1日から"),
    ],
)  # fmt: skip
def test_the_report_states_the_answer_period(client, opens_at, closes_at, period):
    survey = ten_respondents_survey()
    survey.opens_at, survey.closes_at = opens_at, closes_at
    survey.save()

    header = _title_block(client, survey)

    assert f"<dt>回答期間</dt><dd>{period}</dd>" in header
    assert "<dt>集計した回答者</dt>" in header


def test_a_survey_always_open_has_no_answer_period(client):
    survey = ten_respondents_survey()
    survey.opens_at = survey.closes_at = None
    survey.save()

    header = _title_block(client, survey)

    assert "回答期間" not in header
