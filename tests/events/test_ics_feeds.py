"""The iCalendar feeds of an event index (feed/, feed/tags/<tag>/) and an event's own file,
read back with a real parser (the `icalendar` package)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from events.models.pages import EventStatus
from tests.factories import EventPageFactory

pytestmark = pytest.mark.django_db


def jst(*args):
    return timezone.make_aware(datetime(*args))


def vevents(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_the_feed_has_every_upcoming_event_in_utc(client, event_index):
    event = EventPageFactory(
        parent=event_index, starts_at=jst(2030, 12, 20, 10), ends_at=jst(2030, 12, 20, 12)
    )

    [vevent] = vevents(client.get(event_index.url + "feed/"))

    assert str(vevent["summary"]) == event.title
    assert vevent.decoded("dtstart") == datetime(2030, 12, 20, 1, 0, tzinfo=UTC)
    assert vevent.decoded("dtend") == datetime(2030, 12, 20, 3, 0, tzinfo=UTC)
    assert b"DTSTART:20301220T010000Z" in client.get(event_index.url + "feed/").content
    assert str(vevent["url"]) == event.full_url
    assert str(vevent["status"]) == "CONFIRMED"
    assert str(vevent["location"]).startswith("市役所本庁舎")


def test_an_all_day_event_is_dates_with_an_exclusive_end(client, event_index):
    EventPageFactory(
        parent=event_index,
        all_day=True,
        starts_at=jst(2030, 11, 3, 0),
        ends_at=jst(2030, 11, 4, 23, 59),
    )

    [vevent] = vevents(client.get(event_index.url + "feed/"))

    assert vevent.decoded("dtstart") == date(2030, 11, 3)
    assert vevent.decoded("dtend") == date(2030, 11, 5)
    assert vevent["dtstart"].params.get("VALUE", "DATE") == "DATE"


def test_a_cancelled_event_stays_in_the_feed_as_cancelled(client, event_index):
    EventPageFactory(parent=event_index, status=EventStatus.CANCELLED, status_note="中止です")

    [vevent] = vevents(client.get(event_index.url + "feed/"))

    assert str(vevent["status"]) == "CANCELLED"
    assert "中止です" in str(vevent["description"])


def test_the_feed_leaves_out_drafts_and_long_past_events(client, event_index):
    EventPageFactory(parent=event_index, live=False)
    long_ago = timezone.now() - timedelta(days=90)
    EventPageFactory(parent=event_index, starts_at=long_ago, ends_at=long_ago + timedelta(hours=1))

    assert vevents(client.get(event_index.url + "feed/")) == []


def test_the_tag_feed_has_only_the_events_with_the_tag(client, event_index):
    tagged = EventPageFactory(parent=event_index)
    tagged.tags.add("マイナンバー")
    tagged.save_revision().publish()
    EventPageFactory(parent=event_index)
    slug = tagged.tags.get().slug

    [vevent] = vevents(client.get(f"{event_index.url}feed/tags/{slug}/"))

    assert str(vevent["summary"]) == tagged.title
    assert client.get(f"{event_index.url}feed/tags/no-such-tag/").status_code == 404


def test_the_feed_never_carries_the_online_url(client, event_index):
    EventPageFactory(parent=event_index, online_url="https://meet.example.jp/secret-room")

    assert b"secret-room" not in client.get(event_index.url + "feed/").content


def test_the_index_links_the_feed_for_calendar_apps(client, event_index):
    html = client.get(event_index.url).content.decode()

    assert "カレンダーアプリで購読" in html
    assert f'href="webcal://testserver{event_index.url}feed/"' in html
    assert 'type="text/calendar"' in html


def test_one_events_calendar_file(client, event_index):
    event = EventPageFactory(
        parent=event_index, starts_at=jst(2030, 12, 20, 10), ends_at=jst(2030, 12, 20, 12)
    )

    response = client.get(event.url + "calendar/")

    [vevent] = vevents(response)
    assert vevent.decoded("dtstart") == datetime(2030, 12, 20, 1, 0, tzinfo=UTC)
    assert "attachment" in response["Content-Disposition"]


def test_the_feed_costs_the_same_queries_for_1_and_5_published_events(client, event_index):
    def publish_events(count):
        for _n in range(count):
            EventPageFactory(parent=event_index).save_revision().publish()

    def feed_queries():
        with CaptureQueriesContext(connection) as queries:
            sequences = [vevent.decoded("sequence") for vevent in vevents(client.get(feed))]
        return len(queries), sequences

    feed = event_index.url + "feed/"
    publish_events(1)
    feed_queries()  # the first request also reads what the process then keeps (the site)
    with_one, sequences = feed_queries()
    publish_events(4)

    assert sequences == [0]
    assert feed_queries() == (with_one, [0] * 5)
