"""The アンケート list (SurveyIndexPage): open surveys first, then upcoming, then closed, each as
a card with its status, dates in Japan time and question count; one query for the list."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from surveys.selectors.listing import CLOSED, OPEN, UPCOMING, SurveyCard, survey_index_list
from tests.factories import SurveyIndexPageFactory, SurveyPageFactory

TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.fixture
def survey_index(home_page):
    return SurveyIndexPageFactory(
        parent=home_page, introduction="<p>皆さまの声をお聞かせください。</p>"
    )


def _days(n):
    return timezone.now() + timedelta(days=n)


@pytest.fixture
def surveys(survey_index):
    def survey(title, **fields):
        return SurveyPageFactory(parent=survey_index, title=title, **fields)

    return {
        "closed long ago": survey("昨年のアンケート", closes_at=_days(-300)),
        "open, no end": survey("いつでも受付", opens_at=_days(-10)),
        "upcoming later": survey("来月のアンケート", opens_at=_days(30)),
        "open, closing soon": survey("まもなく締切", closes_at=_days(2)),
        "closed recently": survey("先週終了", opens_at=_days(-30), closes_at=_days(-7)),
        "upcoming soon": survey("来週のアンケート", opens_at=_days(7), closes_at=_days(20)),
        "open, closing later": survey("今月末まで", closes_at=_days(20)),
    }


def test_open_surveys_come_first_then_upcoming_then_closed(surveys, survey_index):
    listed = [survey.title for survey in survey_index_list(index=survey_index)]

    assert listed == [
        "まもなく締切",
        "今月末まで",
        "いつでも受付",
        "来週のアンケート",
        "来月のアンケート",
        "先週終了",
        "昨年のアンケート",
    ]


def test_the_list_is_one_query(surveys, survey_index, django_assert_num_queries):
    # Plus Wagtail's one for the view restrictions that `public()` leaves out.
    with django_assert_num_queries(2):
        cards = [SurveyCard.for_survey(s) for s in survey_index_list(index=survey_index)]
        [(card.status, card.question_count, card.excerpt) for card in cards]


def test_unpublished_and_private_surveys_are_not_listed(survey_index):
    SurveyPageFactory(parent=survey_index, title="下書き", live=False)
    private = SurveyPageFactory(parent=survey_index, title="職員向け")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    SurveyPageFactory(parent=survey_index, title="公開中")

    assert [s.title for s in survey_index_list(index=survey_index)] == ["公開中"]


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({}, OPEN),
        ({"opens_at": _days(1)}, UPCOMING),
        ({"closes_at": _days(-1)}, CLOSED),
        ({"opens_at": _days(-2), "closes_at": _days(2)}, OPEN),
    ],
)
def test_card_status(survey_index, fields, status):
    assert SurveyCard.for_survey(SurveyPageFactory(parent=survey_index, **fields)).status == status


def test_the_page_groups_surveys_with_badges_and_answer_links(client, surveys, survey_index):
    html = client.get(survey_index.url).content.decode()

    open_at = html.index('id="survey-group-open"')
    upcoming_at = html.index('id="survey-group-upcoming"')
    closed_at = html.index('id="survey-group-closed"')
    assert open_at < html.index("まもなく締切") < upcoming_at
    assert upcoming_at < html.index("来週のアンケート") < closed_at < html.index("昨年のアンケート")
    assert html.count("survey-badge--open") == 3
    assert html.count("survey-badge--upcoming") == 2
    assert html.count("survey-badge--closed") == 2
    assert html.count("survey-card__action") == 3  # 回答する only where answering is possible
    assert "皆さまの声をお聞かせください。" in html


def test_the_card_shows_dates_in_japan_time_question_count_and_intro(client, survey_index):
    closes = datetime(2099, 3, 31, 23, 59, tzinfo=TOKYO)
    SurveyPageFactory(
        parent=survey_index,
        title="窓口DXアンケート",
        introduction="<p>窓口の待ち時間について &amp; オンライン化について</p>",
        closes_at=closes.astimezone(ZoneInfo("UTC")),
        questions=[
            {"type": "section", "value": {"heading": "はじめに"}},
            {"type": "short_text", "value": {"text": "市区町村", "code": "Q1"}},
            {"type": "long_text", "value": {"text": "ご意見", "code": "Q2"}},
        ],
    )

    html = client.get(survey_index.url).content.decode()

    assert "2099年3月31日 23:59" in html
    assert "窓口の待ち時間について &amp; オンライン化について" in html  # escaped once
    assert 'class="card__meta"' in html
    card = html[html.index("窓口DXアンケート") :]
    assert "全2問" in card or "2 questions" in card  # sections are not questions


def test_a_long_list_is_paginated(client, survey_index):
    for n in range(14):
        SurveyPageFactory(parent=survey_index, title=f"アンケート{n:02}")

    first = client.get(survey_index.url).content.decode()
    second = client.get(survey_index.url, {"page": 2}).content.decode()

    assert first.count("survey-card--open") == 12
    assert second.count("survey-card--open") == 2
    assert 'rel="next"' in first


def test_an_empty_index_says_so(client, survey_index):
    response = client.get(survey_index.url)

    assert response.status_code == 200
    assert "survey-card" not in response.content.decode()


def test_the_header_links_to_the_survey_list_on_every_page(client, home_page):
    from tests.factories import SurveyIndexPageFactory

    index = SurveyIndexPageFactory(parent=home_page)

    html = client.get(home_page.url).content.decode()

    assert f'<a href="{index.url}">アンケート</a>' in html
