"""The admin dashboard's 「受付中のアンケート」 panel: which surveys it lists, their responses
per Japan-time day, a constant number of queries, and who sees it."""

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from surveys.models import Response
from surveys.selectors.dashboard import dashboard_surveys
from tests.factories import StaffUserFactory
from tests.surveys.respondent import survey_create

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 30)


def respond(survey, submitted_at, *, is_test=False):
    return Response.objects.create(
        survey=survey, submission_token=uuid4(), submitted_at=submitted_at, is_test=is_test
    )


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def test_responses_are_counted_per_japan_time_day_over_the_last_14_days():
    survey = survey_create(title="電子申請についてのアンケート")
    respond(survey, utc(2026, 11, 29, 15, 30))  # 11/30 00:30 in Japan: today
    respond(survey, utc(2026, 11, 29, 14, 59))  # 11/29 23:59 in Japan: yesterday
    respond(survey, utc(2026, 11, 29, 14, 59), is_test=True)  # staff test: never counted
    respond(survey, utc(2026, 11, 16, 15, 0))  # 11/17 00:00: the first of the 14 days
    respond(survey, utc(2026, 11, 16, 14, 59))  # 11/16 23:59: before them, in the total only

    (open_survey,) = dashboard_surveys(today=TODAY)

    assert open_survey.survey == survey
    assert open_survey.responses == 4
    assert open_survey.daily == [1] + [0] * 11 + [1, 1]
    assert open_survey.recent == 3


def test_only_live_surveys_open_now_are_listed_closing_soonest_first():
    now = timezone.now()
    no_end = survey_create(title="期限なし")
    closing_soon = survey_create(title="もうすぐ締切", closes_at=now + timedelta(days=1))
    closing_later = survey_create(title="来月締切", closes_at=now + timedelta(days=30))
    survey_create(title="締切済み", closes_at=now - timedelta(minutes=1))
    survey_create(title="受付前", opens_at=now + timedelta(days=1))
    survey_create(title="非公開", live=False)

    listed = [open_survey.survey for open_survey in dashboard_surveys(today=TODAY)]

    assert listed == [closing_soon, closing_later, no_end]


def test_a_survey_nobody_has_answered_has_zeros():
    survey_create()

    (open_survey,) = dashboard_surveys(today=TODAY)

    assert open_survey.responses == 0
    assert open_survey.daily == [0] * 14


@pytest.mark.parametrize("survey_count", [1, 3])
def test_three_queries_however_many_surveys_and_responses(django_assert_num_queries, survey_count):
    for n in range(survey_count):
        survey = survey_create()
        for day in range(n + 2):
            respond(survey, utc(2026, 11, 20 + day, 3))

    with django_assert_num_queries(3):
        open_surveys = dashboard_surveys(today=TODAY)

    assert len(open_surveys) == survey_count


@pytest.fixture
def open_survey():
    survey = survey_create(title="地域交通についてのアンケート")
    respond(survey, timezone.now())
    return survey


def test_an_analyst_sees_the_panel_with_a_link_to_the_results(client, open_survey):
    client.force_login(StaffUserFactory(groups=["Analysts"]))

    response = client.get(reverse("wagtailadmin_home"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "地域交通についてのアンケート" in content
    assert reverse("survey_results:results", args=[open_survey.pk]) in content
    assert 'role="img"' in content


def test_an_editor_does_not_see_the_panel(client, open_survey):
    client.force_login(StaffUserFactory(groups=["Editors"]))

    response = client.get(reverse("wagtailadmin_home"))

    content = response.content.decode()
    assert response.status_code == 200
    assert reverse("survey_results:results", args=[open_survey.pk]) not in content
    assert 'id="survey-results' not in content


def test_the_panel_says_so_when_no_survey_is_open(client):
    superuser = StaffUserFactory(is_superuser=True)
    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = "en"  # the message as written, whatever ja.po says
    profile.save()
    client.force_login(superuser)

    response = client.get(reverse("wagtailadmin_home"))

    content = response.content.decode()
    assert 'id="survey-results' in content
    assert "No surveys are open." in content
