"""/api/v1/events/: live, public events as their pages show them, never who registered."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from events.models import EventPage
from events.models.pages import EventStatus
from events.services import registration_create
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    MemberFactory,
    RegionFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

ITEM_KEYS = {
    "id",
    "title",
    "url",
    "kind",
    "lead",
    "starts_at",
    "ends_at",
    "all_day",
    "status",
    "status_note",
    "venue",
    "online",
    "region",
    "organiser",
    "audience",
    "fee_note",
    "contact",
    "tags",
    "seats_left",
    "registration",
    "registration_opens_at",
    "ical_url",
    "first_published_at",
    "last_published_at",
}
DETAIL_KEYS = ITEM_KEYS | {"body_html", "body_text", "slots"}
VENUE_KEYS = {"name", "address", "map_url", "access_notes", "accessibility"}
REGION_KEYS = {"name", "prefecture", "code"}
SLOT_KEYS = {"starts_at", "ends_at", "seats_left"}
ONLINE_URL = "https://meet.example.jp/secret-room"


@pytest.fixture
def event_index(home_page):
    return EventIndexPageFactory(parent=home_page)


def _registered(event):
    """A member and a guest registered for `event` (seats taken), and a guest checked in."""
    member = MemberFactory(display_name="登録した会員", email="member-registrant@example.jp")
    registration_create(event=event, member=member)
    registration_create(event=event, name="参加 花子", email="guest-registrant@example.jp")
    RegistrationFactory(
        event=event, name="来場 太郎", email="checked-in@example.jp", checked_in_at=timezone.now()
    )


def test_an_event_is_listed_and_read_with_what_its_page_shows(client, event_index):
    event = EventPageFactory(
        parent=event_index,
        capacity=5,
        region=RegionFactory(name="東川町", code="014583"),
        online_url=ONLINE_URL,
        body=[("paragraph", "<p>持ち物は<b>本人確認書類</b>です。</p>")],
    )
    event.tags.add("マイナンバー")
    event.save()
    _registered(event)

    listed = client.get("/api/v1/events/").json()["results"]
    detail = client.get(f"/api/v1/events/{event.pk}/").json()

    assert [set(item) for item in listed] == [ITEM_KEYS]
    assert set(detail) == DETAIL_KEYS
    assert set(detail["venue"]) == VENUE_KEYS
    assert detail["region"] == {"name": "東川町", "prefecture": "01", "code": "014583"}
    assert detail["tags"] == [{"name": "マイナンバー", "slug": "マイナンバー"}]
    assert (detail["status"], detail["registration"], detail["online"]) == (
        "scheduled",
        "open",
        True,
    )
    assert detail["seats_left"] == 4  # the member's seat; the guest waits for confirmation
    assert detail["slots"] == []
    assert detail["url"] == f"http://localhost{event.url}"
    assert detail["ical_url"] == f"http://localhost{event.url}calendar/"
    assert "本人確認書類" in detail["body_html"]
    assert detail["body_text"] == "持ち物は本人確認書類です。"
    assert client.get(detail["ical_url"])["Content-Type"].startswith("text/calendar")


def test_no_registrant_address_or_meeting_url_is_in_the_answer(client, event_index):
    event = EventPageFactory(parent=event_index, capacity=5, online_url=ONLINE_URL)
    _registered(event)

    detail = client.get(f"/api/v1/events/{event.pk}/")
    listed = client.get("/api/v1/events/")
    content = detail.content.decode() + listed.content.decode()

    for secret in ("登録した会員", "参加 花子", "来場 太郎", ONLINE_URL, "secret-room"):
        assert secret not in content
    assert b"@" not in detail.content + listed.content


def test_a_desk_lists_its_time_slots_with_their_seats_left(client, event_index):
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(days=3)
    event = EventPageFactory(
        parent=event_index,
        slots=[
            (start, start + timedelta(minutes=30), 1),
            (start + timedelta(hours=1), start + timedelta(hours=2), 2),
        ],
    )
    event = EventPage.objects.get(pk=event.pk)
    first = event.slot_list[0][0]
    registration_create(event=event, member=MemberFactory(), slot_id=first)

    detail = client.get(f"/api/v1/events/{event.pk}/").json()

    assert [set(slot) for slot in detail["slots"]] == [SLOT_KEYS, SLOT_KEYS]
    assert [slot["seats_left"] for slot in detail["slots"]] == [0, 2]
    assert detail["seats_left"] == 2


@pytest.mark.parametrize("status", [EventStatus.POSTPONED, EventStatus.CANCELLED])
def test_a_postponed_or_cancelled_event_says_so_with_its_note(client, event_index, status):
    event = EventPageFactory(
        parent=event_index, capacity=5, status=status, status_note="台風のため中止します。"
    )

    [item] = client.get("/api/v1/events/").json()["results"]

    assert (item["id"], item["status"], item["status_note"]) == (
        event.pk,
        status,
        "台風のため中止します。",
    )
    assert item["registration"] == status
    assert item["seats_left"] is None  # the page shows none: nobody can register


def test_a_scheduled_event_keeps_an_old_note_to_itself_as_its_page_does(client, event_index):
    EventPageFactory(parent=event_index, status_note="前回の延期のお知らせ")

    [item] = client.get("/api/v1/events/").json()["results"]

    assert (item["status"], item["status_note"]) == ("scheduled", "")


def test_past_events_and_closed_registration(client, event_index):
    past = EventPageFactory(
        parent=event_index,
        capacity=5,
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=2, hours=-2),
    )

    detail = client.get(f"/api/v1/events/{past.pk}/").json()

    assert (detail["registration"], detail["seats_left"]) == ("closed", None)


def test_drafts_and_private_events_are_neither_listed_nor_found(client, event_index):
    shown = EventPageFactory(parent=event_index)
    draft = EventPageFactory(parent=event_index, live=False)
    private = EventPageFactory(parent=event_index)
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    data = client.get("/api/v1/events/").json()

    assert [item["id"] for item in data["results"]] == [shown.pk]
    for hidden in (draft, private):
        assert client.get(f"/api/v1/events/{hidden.pk}/").status_code == 404


def test_the_list_is_walked_with_the_cursor_and_updated_since(client, event_index):
    events = [EventPageFactory(parent=event_index) for _ in range(3)]
    events[0].save_revision().publish()  # published again: now the last changed
    events[0].refresh_from_db()

    first = client.get("/api/v1/events/", {"limit": 2}).json()
    second = client.get(first["next"]).json()
    since = events[0].last_published_at.isoformat()
    recent = client.get("/api/v1/events/", {"updated_since": since}).json()

    assert [item["id"] for item in first["results"] + second["results"]] == [
        events[1].pk,
        events[2].pk,
        events[0].pk,
    ]
    assert second["next"] is None
    assert [item["id"] for item in recent["results"]] == [events[0].pk]


def test_a_detail_is_validated_by_its_etag_alone(client, event_index):
    """Seats left and registration change without a publish: a Last-Modified from the
    publication would let a client keep a stale copy."""
    event = EventPageFactory(parent=event_index)

    response = client.get(f"/api/v1/events/{event.pk}/")

    assert not response.has_header("Last-Modified")
    repeat = client.get(f"/api/v1/events/{event.pk}/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert repeat.status_code == 304


def test_a_live_event_made_in_code_still_has_its_publishing_times(event_index):
    event = EventPageFactory(parent=event_index, first_published_at=None)

    assert event.last_published_at is not None
    assert event.last_published_at == event.first_published_at


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_page_costs_the_same_queries_however_many_events_it_holds(client, event_index):
    region = RegionFactory()
    for number in range(5):
        event = EventPageFactory(parent=event_index, capacity=3, region=region)
        event.tags.add(f"タグ{number}", "共通")
        event.save()
        registration_create(event=event, member=MemberFactory())
    client.get("/api/v1/events/")  # the site's root paths, cached

    assert _queries(client, "/api/v1/events/?limit=1") == _queries(
        client, "/api/v1/events/?limit=5"
    )
