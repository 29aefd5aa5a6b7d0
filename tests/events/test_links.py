"""関連イベント on the pages an event names: its related articles, its opinion exchange and
its survey (events.links, registered with core.page_links)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.links import event_links
from events.models.pages import EventStatus
from tests.factories import (
    EventPageFactory,
    SurveyIndexPageFactory,
    SurveyPageFactory,
    TopicIndexPageFactory,
    TopicPageFactory,
)

pytestmark = pytest.mark.django_db


def _tokyo_noon(days):
    """Noon in Japan `days` from now (03:00 UTC)."""
    return (timezone.now() + timedelta(days=days)).replace(
        hour=3, minute=0, second=0, microsecond=0
    )


def _named(event, *, article=None, topic=None, survey=None):
    if article is not None:
        event.related_articles.create(article=article)
    event.topic, event.survey = topic, survey
    event.save_revision().publish()
    return event


def test_an_article_an_event_names_links_to_it_with_its_date(client, event_index, article):
    starts = _tokyo_noon(10)
    event = _named(
        EventPageFactory(parent=event_index, title="書かない窓口 説明会", starts_at=starts),
        article=article,
    )

    html = client.get(article.url).content.decode()

    day = f"{starts.year}年{starts.month}月{starts.day}日"
    assert (
        '<span class="page-links__label">関連イベント</span> '
        f'<a href="{event.url}">{day} 書かない窓口 説明会</a>'
    ) in html


def test_the_topic_and_the_survey_an_event_names_link_to_it(client, home_page, event_index):
    topic = TopicPageFactory(parent=TopicIndexPageFactory(parent=home_page))
    survey = SurveyPageFactory(parent=SurveyIndexPageFactory(parent=home_page))
    event = _named(
        EventPageFactory(parent=event_index, title="意見交換会"), topic=topic, survey=survey
    )

    for page in (topic, survey):
        html = client.get(page.url).content.decode()
        assert "関連イベント" in html and f'href="{event.url}"' in html


def test_upcoming_events_come_first_then_the_latest_that_ended_a_month_back_at_most(
    event_index, article
):
    def event(title, days, **fields):
        starts = _tokyo_noon(days)
        return _named(
            EventPageFactory(parent=event_index, title=title, starts_at=starts, **fields),
            article=article,
        )

    event("先月初めの説明会", -40)
    event("先週の説明会", -7)
    event("先月の説明会", -20)
    event("来月の説明会", 30)
    event("来週の説明会", 7)
    event("中止の説明会", 3, status=EventStatus.CANCELLED)
    event("下書きの説明会", 3).unpublish()

    titles = [link.title.split(" ", 1)[1] for link in event_links(article)]

    assert titles == ["来週の説明会", "来月の説明会", "先週の説明会"]


def test_a_page_no_event_names_has_no_event_links(event_index, article):
    EventPageFactory(parent=event_index)

    assert event_links(article) == []


def test_the_links_cost_the_same_queries_however_many_events(
    event_index, article, django_assert_num_queries
):
    for _ in range(3):
        _named(EventPageFactory(parent=event_index), article=article)
    event_links(article)  # warm the site's root paths, which Wagtail keeps in the cache

    # One, plus Wagtail's for the view restrictions that `public()` leaves out.
    with django_assert_num_queries(2):
        links = event_links(article)

    assert len(links) == 3
