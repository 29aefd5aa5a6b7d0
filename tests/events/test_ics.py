"""The calendar files, read back by a real parser (the `icalendar` package)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from events.ics import event_calendar, registration_calendar_file
from events.models import EventPage
from events.models.pages import EventStatus
from tests.factories import EventPageFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

JAPAN = ZoneInfo("Asia/Tokyo")
URL = "https://yoriai.example/events/x/"


def vevents(ics):
    calendar = Calendar.from_ical(ics)
    return calendar, calendar.walk("VEVENT")


def test_a_registration_file_holds_its_event_in_utc_and_never_the_online_url(event_index):
    event = EventPageFactory(
        parent=event_index,
        starts_at=datetime(2030, 3, 1, 10, 0, tzinfo=JAPAN),
        ends_at=datetime(2030, 3, 1, 11, 30, tzinfo=JAPAN),
        online_url="https://meet.example.jp/secret-room",
    )
    registration = RegistrationFactory(event=event)

    ics = registration_calendar_file(registration, url=URL + "r/token/")

    calendar, [vevent] = vevents(ics)
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["method"]) == "PUBLISH"
    assert vevent.decoded("dtstart") == datetime(2030, 3, 1, 1, 0, tzinfo=UTC)
    assert vevent.decoded("dtstart").utcoffset() == timedelta(0)
    assert vevent.decoded("dtend") == datetime(2030, 3, 1, 2, 30, tzinfo=UTC)
    assert b"DTSTART:20300301T010000Z" in ics
    assert str(vevent["uid"]) == f"event-{event.pk}@yoriai.example"
    assert str(vevent["status"]) == "CONFIRMED"
    assert str(vevent["url"]) == URL + "r/token/"
    assert "市役所本庁舎" in str(vevent["location"])
    assert b"secret-room" not in ics


def test_the_uid_is_stable_per_event(event_index):
    one, two = EventPageFactory(parent=event_index), EventPageFactory(parent=event_index)

    def uids(events):
        return [
            str(v["uid"])
            for v in vevents(event_calendar(events, name="x", url_of=lambda e: URL))[1]
        ]

    first = uids([one, two])
    assert uids([one, two]) == first
    assert first[0] != first[1]
    registration = RegistrationFactory(event=one)
    [vevent] = vevents(registration_calendar_file(registration, url=URL))[1]
    assert str(vevent["uid"]) == first[0]


def test_an_all_day_event_is_a_date_with_an_exclusive_end(event_index):
    event = EventPageFactory(
        parent=event_index,
        all_day=True,
        # 00:30 on 1 April in Japan is still 31 March in UTC: the dates are Japan's.
        starts_at=datetime(2030, 4, 1, 0, 30, tzinfo=JAPAN),
        ends_at=datetime(2030, 4, 2, 23, 0, tzinfo=JAPAN),
    )
    event.refresh_from_db()

    ics = event_calendar([event], name="イベント", url_of=lambda e: URL)

    calendar, [vevent] = vevents(ics)
    assert vevent.decoded("dtstart") == date(2030, 4, 1)
    assert vevent.decoded("dtend") == date(2030, 4, 3)
    assert b"DTSTART;VALUE=DATE:20300401" in ics
    assert str(calendar["x-wr-calname"]) == "イベント"


@pytest.mark.parametrize(
    ("status", "ical_status"),
    [(EventStatus.CANCELLED, "CANCELLED"), (EventStatus.POSTPONED, "TENTATIVE")],
)
def test_a_cancelled_or_postponed_event_says_so(event_index, status, ical_status):
    event = EventPageFactory(
        parent=event_index, status=status, status_note="台風の接近のため中止します。"
    )

    [vevent] = vevents(event_calendar([event], name="x", url_of=lambda e: URL))[1]

    assert str(vevent["status"]) == ical_status
    assert str(vevent["description"]).startswith("台風の接近のため中止します。")


def test_a_feed_of_many_events_parses(event_index):
    start = datetime(2030, 5, 1, 1, 0, tzinfo=UTC)
    events = [
        EventPageFactory(
            parent=event_index,
            starts_at=start + timedelta(days=n),
            ends_at=start + timedelta(days=n, hours=1),
        )
        for n in range(3)
    ]

    _, parsed = vevents(event_calendar(events, name="x", url_of=lambda e: URL))

    assert [v.decoded("dtstart") for v in parsed] == [e.starts_at for e in events]


def test_the_sequence_grows_each_time_a_publish_changes_the_times_or_the_status(event_index):
    """Calendar apps replace an event they hold only when its SEQUENCE grows."""
    starts = datetime(2030, 3, 1, 10, 0, tzinfo=JAPAN)
    event = EventPageFactory(
        parent=event_index, starts_at=starts, ends_at=starts + timedelta(hours=2)
    )

    def sequence_once_published(**fields):
        for name, value in fields.items():
            setattr(event, name, value)
        event.save_revision().publish()
        published = EventPage.objects.get(pk=event.pk)
        [vevent] = vevents(event_calendar([published], name="x", url_of=lambda e: URL))[1]
        return vevent.decoded("sequence")

    assert sequence_once_published() == 0
    assert (
        sequence_once_published(title="書かない窓口 説明会", lead="会場の案内を更新しました。") == 0
    )
    assert sequence_once_published(status=EventStatus.POSTPONED) == 1
    assert sequence_once_published(status=EventStatus.POSTPONED) == 1
    later = starts + timedelta(days=14)
    assert (
        sequence_once_published(
            status=EventStatus.SCHEDULED, starts_at=later, ends_at=later + timedelta(hours=2)
        )
        == 2
    )
    assert sequence_once_published(ends_at=later + timedelta(hours=3)) == 3
    assert sequence_once_published(all_day=True) == 4
    assert sequence_once_published(status=EventStatus.CANCELLED) == 5

    registration = RegistrationFactory(event=EventPage.objects.get(pk=event.pk))
    [vevent] = vevents(registration_calendar_file(registration, url=URL))[1]
    assert vevent.decoded("sequence") == 5


def test_an_event_never_published_since_has_sequence_0(event_index):
    [vevent] = vevents(
        event_calendar([EventPageFactory(parent=event_index)], name="x", url_of=lambda e: URL)
    )[1]

    assert vevent.decoded("sequence") == 0
