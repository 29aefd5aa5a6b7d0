import uuid

import pytest
from django.utils import timezone

from articles.models import HomePage
from events.respondents import EventAttendance
from surveys.services import response_submit
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    MemberFactory,
    RegistrationFactory,
)
from tests.surveys.results_data import choice, query_filter, results_survey

pytestmark = pytest.mark.django_db


def test_members_checked_in_at_the_surveys_event_filter_its_results():
    survey = results_survey(min_group_size=3)  # under a home page of its own
    event_index = EventIndexPageFactory(parent=HomePage.objects.get())
    event = EventPageFactory(parent=event_index, survey=survey, title="書かない窓口説明会")
    came, stayed_home = [MemberFactory() for _ in range(3)], [MemberFactory() for _ in range(3)]
    for member in came + stayed_home:
        response_submit(
            survey=survey,
            respondent=member,
            answers={"sat": choice("a")},
            submission_token=uuid.uuid4(),
        )
    for member in came:
        RegistrationFactory(event=event, member=member, checked_in_at=timezone.now())
    RegistrationFactory(event=event, member=stayed_home[0])  # registered, never came

    [attended] = EventAttendance().for_survey(survey)
    results_filter = query_filter(survey, f"a=took_part:{attended.key}")

    assert attended.label == "「書かない窓口説明会」に参加した人"
    assert results_filter.responses(survey).count() == 3
    assert EventAttendance().get("event-999999") is None
    assert EventAttendance().for_survey(results_survey()) == []
