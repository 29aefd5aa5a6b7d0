"""Filtering results by people known from elsewhere (surveys.respondent_sets): a provider the
events app registers in the site; here a provider of the test's own."""

import uuid

import pytest
from django.urls import reverse

from surveys import respondent_sets
from surveys.respondent_sets import RespondentSet
from surveys.services import response_submit
from tests.factories import MemberFactory, StaffUserFactory, User
from tests.surveys.results_data import choice, query_filter, results_survey

pytestmark = pytest.mark.django_db


class Provider:
    def __init__(self, survey, members):
        self.survey, self.members = survey, members

    def for_survey(self, survey):
        return [self.get("came")] if survey.pk == self.survey.pk else []

    def get(self, key):
        if key != "came":
            return None
        ids = User.objects.filter(pk__in=[m.pk for m in self.members]).values("pk")
        return RespondentSet(key="came", label="説明会に参加した人", members=ids)


@pytest.fixture
def survey_with_set(monkeypatch):
    """Six members answered; three of them are in the set "came" (two said 良い, one 悪い)."""
    survey = results_survey(min_group_size=3)
    members = [MemberFactory() for _ in range(6)]
    for member, sat in zip(members, "acabbb", strict=True):
        response_submit(
            survey=survey,
            respondent=member,
            answers={"sat": choice(sat)},
            submission_token=uuid.uuid4(),
        )
    monkeypatch.setattr(respondent_sets, "_providers", [Provider(survey, members[:3])])
    return survey


def test_the_filter_keeps_the_respondents_of_the_set(survey_with_set):
    results_filter = query_filter(survey_with_set, "a=took_part:came")

    assert results_filter.responses(survey_with_set).count() == 3
    assert results_filter.describe(questions=[]) == "参加したもの：説明会に参加した人"


def test_an_unknown_set_is_ignored(survey_with_set):
    assert not query_filter(survey_with_set, "a=took_part:someone-else").active


def test_the_results_screen_offers_the_set_as_a_filter_never_as_a_breakdown(
    client, survey_with_set
):
    client.force_login(StaffUserFactory(groups=["Analysts"]))
    url = reverse("survey_results:results", args=[survey_with_set.pk])

    html = client.get(url, {"a": "took_part:came"}).content.decode()

    assert "3人の回答者を集計" in html
    assert 'value="took_part:came" checked' in html
    assert '<option value="took_part"' not in html
    assert "66.7%" in html  # 良い: two of the three
