"""近日開催のイベント on the home page (events.views.home, registered in events.apps)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from events.models.pages import EventKind, EventStatus
from events.services import registration_cancel, registration_create
from tests.factories import EventPageFactory, MemberFactory

pytestmark = pytest.mark.django_db


def _section(client):
    html = client.get("/").content.decode()
    found = re.search(
        r'<section class="section" aria-labelledby="events-heading">.*?</section>', html, re.S
    )
    return found.group(0) if found else None


def _days(days, hour=10):
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    return now + timedelta(days=days, hours=hour - now.hour)


def test_the_next_three_events_soonest_first_with_a_link_to_the_list(client, event_index):
    later = EventPageFactory(parent=event_index, title="四番目の説明会", starts_at=_days(20))
    third = EventPageFactory(parent=event_index, title="三番目の相談会", starts_at=_days(9))
    first = EventPageFactory(parent=event_index, title="最初のワークショップ", starts_at=_days(2))
    second = EventPageFactory(parent=event_index, title="二番目の説明会", starts_at=_days(5))

    section = _section(client)

    assert '<h2 id="events-heading" class="section__heading">近日開催のイベント</h2>' in section
    titles = [e.title for e in (first, second, third)]
    assert sorted(titles, key=section.index) == titles
    assert later.title not in section
    assert f'<a class="button" href="{event_index.url}">イベント一覧へ</a>' in section


def test_each_event_says_when_in_japan_time_what_kind_where_and_the_seats_left(client, event_index):
    starts = timezone.now().replace(microsecond=0) + timedelta(days=3)
    starts = starts.replace(hour=5, minute=0, second=0)  # 14:00 in Japan (UTC+9)
    EventPageFactory(
        parent=event_index,
        title="オンライン説明会「スマホで電子申請」",
        kind=EventKind.ONLINE,
        starts_at=starts,
        venue_name="",
        online_url="https://meet.example.jp/abc",
        capacity=3,
    )
    registration_create(event=event_index.get_children().first().specific, member=MemberFactory())

    section = _section(client)

    assert '<span class="badge badge--neutral">オンライン説明会</span>' in section
    assert ">オンライン</span>" in section
    assert "14:00</time>–<time" in section
    assert "残り2席" in section


def test_a_time_slotted_desk_shows_the_seats_left_over_all_its_slots(client, event_index):
    start = _days(4)
    EventPageFactory(
        parent=event_index,
        slots=[
            (start, start + timedelta(hours=1), 2),
            (start + timedelta(hours=1), start + timedelta(hours=2), 3),
        ],
    )

    assert "残り5席" in _section(client)


def test_a_postponed_event_shows_its_badge_without_seats(client, event_index):
    EventPageFactory(parent=event_index, status=EventStatus.POSTPONED, capacity=10)

    section = _section(client)

    assert '<span class="badge badge--warning">延期</span>' in section
    assert "残り" not in section


def test_ended_cancelled_unpublished_and_private_events_are_left_out(client, event_index):
    from wagtail.models import PageViewRestriction

    under_way = timezone.now() - timedelta(hours=1)
    EventPageFactory(parent=event_index, title="開催中の説明会", starts_at=under_way)
    EventPageFactory(parent=event_index, title="終わった説明会", starts_at=_days(-3))
    EventPageFactory(parent=event_index, title="中止の説明会", status=EventStatus.CANCELLED)
    EventPageFactory(parent=event_index, title="下書きの説明会", live=False)
    private = EventPageFactory(parent=event_index, title="職員向け説明会")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    section = _section(client)

    assert "開催中の説明会" in section
    for title in ("終わった説明会", "中止の説明会", "下書きの説明会", "職員向け説明会"):
        assert title not in section


def test_without_upcoming_events_there_is_no_section(client, event_index):
    EventPageFactory(parent=event_index, starts_at=_days(-3))

    html = client.get("/").content.decode()

    assert "近日開催のイベント" not in html
    assert "イベント一覧へ" not in html


def test_a_registration_purges_the_cached_home_page_so_its_seats_are_never_stale(
    client, event, django_capture_on_commit_callbacks
):
    assert "残り2席" in _section(client)
    assert client.get("/")["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        registration, _ = registration_create(event=event, member=MemberFactory())
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "残り1席" in response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=registration)
    assert "残り2席" in _section(client)
