import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import EventPage, Registration, RegistrationStatus
from events.models.pages import EventStatus
from events.services import registration_create
from tests.factories import EventPageFactory, MemberFactory, established_member

pytestmark = pytest.mark.django_db

QUESTION = {
    "type": "single_choice",
    "value": {
        "text": "手話通訳は必要ですか",
        "required": True,
        "choices": [  # as the editor stores them: each choice with its stable id
            {"type": "item", "value": "必要", "id": "choice-yes"},
            {"type": "item", "value": "不要", "id": "choice-no"},
        ],
    },
}


@pytest.fixture
def post_register(client, django_capture_on_commit_callbacks):
    """POST to the event's register/ route with the e-mails sent."""

    def post(event, data, *, as_client=None):
        with django_capture_on_commit_callbacks(execute=True):
            return (as_client or client).post(event.url + "register/", data)

    return post


def guest(**extra):
    return {"name": "山田 花子", "email": "Hanako@Example.jp", **extra}


def personal_url(registration, route=""):
    event = registration.event
    return f"{event.url}r/{registration.token}/{route}"


def structured_data(html):
    [script] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(script)


# --- The event page -------------------------------------------------------------------------


def test_the_event_page_says_when_and_where_in_japan_time(client, event_index):
    starts = timezone.make_aware(timezone.datetime(2030, 12, 20, 10, 0))
    event = EventPageFactory(
        parent=event_index,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        map_url="https://maps.example.jp/?q=1",
        accessibility="車いすでご来場いただけます",
        fee_note="無料",
        organiser="東川町 デジタル推進課",
    )

    html = client.get(event.url).content.decode()

    assert "説明会" in html
    assert "2030年12月20日" in html and "10:00" in html and "12:00" in html
    assert "市役所本庁舎 3階 大会議室" in html
    assert "https://maps.example.jp/?q=1" in html
    assert "車いすでご来場いただけます" in html
    assert "東川町 デジタル推進課" in html
    assert "カレンダーに追加" in html
    data = structured_data(html)
    assert data["@type"] == "Event"
    assert data["startDate"] == "2030-12-20T10:00:00+09:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["@type"] == "Place"
    assert data["organizer"]["name"] == "東川町 デジタル推進課"


def test_an_online_event_never_shows_its_url_on_the_page(client, event_index):
    event = EventPageFactory(
        parent=event_index,
        kind="online",
        venue_name="",
        venue_address="",
        online_url="https://meet.example.jp/secret-room",
    )

    html = client.get(event.url).content.decode()

    assert "secret-room" not in html
    assert "開始30分前から" in html
    data = structured_data(html)
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": event.full_url}


def test_an_all_day_event_shows_dates_only(client, event_index):
    day = timezone.make_aware(timezone.datetime(2030, 11, 3, 0, 0))
    event = EventPageFactory(
        parent=event_index, all_day=True, starts_at=day, ends_at=day + timedelta(hours=23)
    )

    html = client.get(event.url).content.decode()

    assert "2030年11月3日" in html
    assert "00:00" not in html
    assert structured_data(html)["startDate"] == "2030-11-03"


def test_a_cancelled_event_keeps_its_page_with_a_banner_and_no_form(client, event_index):
    event = EventPageFactory(
        parent=event_index,
        status=EventStatus.CANCELLED,
        status_note="台風接近のため中止します。",
    )

    html = client.get(event.url).content.decode()

    assert "このイベントは中止になりました。" in html
    assert "台風接近のため中止します。" in html
    assert 'name="email"' not in html
    assert structured_data(html)["eventStatus"] == "https://schema.org/EventCancelled"


def test_a_postponed_event_says_so(client, event_index):
    event = EventPageFactory(parent=event_index, status=EventStatus.POSTPONED)

    html = client.get(event.url).content.decode()

    assert "このイベントは延期になりました。" in html
    assert structured_data(html)["eventStatus"] == "https://schema.org/EventPostponed"


def test_seats_left_are_shown_and_nothing_without_a_limit(client, event_index):
    limited = EventPageFactory(parent=event_index, capacity=3)
    unlimited = EventPageFactory(parent=event_index)

    assert "残り3席" in client.get(limited.url).content.decode()
    html = client.get(unlimited.url).content.decode()
    assert "残り" not in html and "満席" not in html


def test_a_full_event_takes_names_for_the_waiting_list(client, event_index):
    event = EventPageFactory(parent=event_index, capacity=1)
    registration_create(event=event, member=MemberFactory())

    html = client.get(event.url).content.decode()

    assert "満席（キャンセル待ちで受付中）" in html
    assert "キャンセル待ちに登録する" in html


def test_registration_not_yet_open_or_closed_is_explained_without_a_form(client, event_index):
    not_yet = EventPageFactory(
        parent=event_index, registration_opens_at=timezone.now() + timedelta(days=1)
    )
    closed = EventPageFactory(
        parent=event_index, registration_closes_at=timezone.now() - timedelta(hours=1)
    )

    html = client.get(not_yet.url).content.decode()
    assert "申し込みの受付は" in html and "に始まります。" in html
    assert 'name="email"' not in html
    html = client.get(closed.url).content.decode()
    assert "このイベントの申し込み受付は終了しました。" in html
    assert 'name="email"' not in html


def test_the_event_page_is_cached_for_anonymous_readers(client, event):
    client.get(event.url)

    assert client.get(event.url)["X-Page-Cache"] == "hit"


def test_related_pages_and_comments_are_shown(client, event_index, article):
    event = EventPageFactory(parent=event_index)
    event.related_articles.create(article=article)
    event.save_revision().publish()

    html = client.get(event.url).content.decode()

    assert article.title in html
    assert 'id="comments"' in html


# --- Registering ----------------------------------------------------------------------------


def test_a_member_registers_with_one_button_and_lands_on_their_page(client, event, post_register):
    member = established_member()
    client.force_login(member)
    assert "として申し込みます" in client.get(event.url).content.decode()

    response = post_register(event, {})

    registration = Registration.objects.get()
    assert response.status_code == 303
    assert response["Location"] == personal_url(registration)
    assert registration.member == member
    assert registration.status == RegistrationStatus.REGISTERED
    assert registration.stakeholder_type == member.stakeholder_type
    assert "申し込み内容を見る" in client.get(event.url).content.decode()


def test_registering_twice_shows_the_same_registration(client, event, post_register):
    client.force_login(established_member())

    first = post_register(event, {})
    second = post_register(event, {})

    assert Registration.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_a_guest_registers_with_name_and_email_and_is_sent_the_link(client, event, post_register):
    response = post_register(event, guest(stakeholder_type="business"))

    registration = Registration.objects.get()
    assert response.status_code == 303
    assert response["Location"] == event.url + "#register"
    assert registration.token not in response["Location"]
    assert registration.status == RegistrationStatus.PENDING
    assert registration.email == "hanako@example.jp"
    assert registration.stakeholder_type == "business"
    [message] = mail.outbox
    assert personal_url(registration, "confirm/") in message.body
    page = client.get(response["Location"]).content.decode()
    assert "確認メールを送りました。" in page


def test_the_same_address_twice_reveals_neither_the_registration_nor_that_it_exists(
    client, event, post_register
):
    first = post_register(event, guest())
    first_page = client.get(first["Location"]).content.decode()

    again = post_register(event, guest(name="別の人"))

    registration = Registration.objects.get()
    assert registration.token not in again["Location"]
    page = client.get(again["Location"]).content.decode()
    assert "確認メールを送りました。" in page
    assert (
        re.search(r'class="messages".*?</div>', page, re.S)[0]
        == re.search(r'class="messages".*?</div>', first_page, re.S)[0]
    )


def test_errors_are_in_japanese_and_keep_what_was_typed(client, event, post_register):
    response = post_register(event, {"name": "山田 花子", "email": "not-an-address"})

    html = response.content.decode()
    assert response.status_code == 400
    assert "メールアドレスを taro@example.jp のような形で入力してください。" in html
    assert 'value="山田 花子"' in html
    assert not Registration.objects.exists()


def test_a_long_name_is_refused_with_a_japanese_message(event, post_register):
    response = post_register(event, guest(name="あ" * 101))

    assert response.status_code == 400
    assert "お名前は100文字以内で入力してください。" in response.content.decode()
    assert not Registration.objects.exists()


def test_html_in_the_name_and_answers_is_shown_escaped(client, event_index, post_register):
    event = EventPageFactory(
        parent=event_index,
        questions=[
            {"type": "short_text", "value": {"text": "ご要望", "required": False}},
        ],
    )
    event = EventPage.objects.get(pk=event.pk)
    [question] = event.questions
    client.force_login(established_member())
    post_register(event, {f"q-{question.id}": "<script>alert(1)</script>"})
    registration = Registration.objects.get()

    html = client.get(personal_url(registration)).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_guests_odd_name_is_cleaned_and_shown_escaped(client, event, post_register):
    post_register(event, guest(name="<b>山田</b>\u202e花子 👩‍👩‍👧"))
    registration = Registration.objects.get()

    html = client.get(personal_url(registration)).content.decode()

    assert registration.name == "<b>山田</b>花子 👩‍👩‍👧"
    assert "&lt;b&gt;山田&lt;/b&gt;花子 👩‍👩‍👧" in html


def test_registration_questions_are_asked_and_kept_with_their_labels(
    client, event_index, post_register
):
    event = EventPage.objects.get(pk=EventPageFactory(parent=event_index, questions=[QUESTION]).pk)
    [question] = event.questions
    client.force_login(established_member())

    unanswered = post_register(event, {})
    answered = post_register(event, {f"q-{question.id}": "choice-yes"})

    assert unanswered.status_code == 400
    assert "この質問に回答してください。" in unanswered.content.decode()
    assert answered.status_code == 303
    answers = Registration.objects.get().answers
    assert answers == {
        question.id: {
            "question": "手話通訳は必要ですか",
            "value": {"choices": ["choice-yes"], "other": ""},  # as surveys keep a choice
            "text": "必要",
        }
    }
    assert "手話通訳は必要ですか" in client.get(answered["Location"]).content.decode()


def test_a_desk_with_time_slots_lets_people_pick_one(client, event_index, post_register):
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(days=3)
    event = EventPageFactory(
        parent=event_index,
        slots=[
            (start, start + timedelta(minutes=30), 1),
            (start + timedelta(hours=1), start + timedelta(hours=2), 2),
        ],
    )
    event = EventPage.objects.get(pk=event.pk)
    first, second = (slot_id for slot_id, *_ in event.slot_list)
    registration_create(event=event, member=MemberFactory(), slot_id=first)
    client.force_login(established_member())

    html = client.get(event.url).content.decode()
    response = post_register(event, {"slot": second})

    assert "満席・キャンセル待ちで受付中" in html
    assert "残り2席" in html
    assert response.status_code == 303
    assert Registration.objects.get(slot_id=second).status == RegistrationStatus.REGISTERED


def test_a_full_event_puts_a_member_on_the_waiting_list(client, event_index, post_register):
    event = EventPageFactory(parent=event_index, capacity=1)
    registration_create(event=event, member=MemberFactory())
    client.force_login(established_member())

    response = post_register(event, {})

    html = client.get(response["Location"]).content.decode()
    assert "キャンセル待ち（1番目）" in html
    assert 'class="segno"' not in html


def test_a_closed_event_refuses_registrations(client, event_index, post_register):
    event = EventPageFactory(
        parent=event_index, registration_closes_at=timezone.now() - timedelta(minutes=1)
    )

    response = post_register(event, guest())

    assert response.status_code == 409
    assert "このイベントの申し込み受付は終了しました。" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_cancelled_event_refuses_members_too(client, event_index, post_register):
    event = EventPageFactory(parent=event_index, status=EventStatus.CANCELLED)
    client.force_login(established_member())

    assert post_register(event, {}).status_code == 409
    assert not Registration.objects.exists()


def test_registering_needs_a_csrf_token(event):
    client = Client(enforce_csrf_checks=True)

    response = client.post(event.url + "register/", guest())

    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_guest_registrations_are_rate_limited(settings, event_index, post_register):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "event_registration": (1, 60)}
    first, second = EventPageFactory(parent=event_index), EventPageFactory(parent=event_index)
    post_register(first, guest())

    response = post_register(second, guest())

    assert response.status_code == 429
    assert "数分待ってから" in response.content.decode()
    assert 'value="山田 花子"' in response.content.decode()


def test_a_get_to_register_goes_back_to_the_form(client, event):
    response = client.get(event.url + "register/")

    assert response.status_code == 302
    assert response["Location"] == event.url + "#register"


# --- The personal page ----------------------------------------------------------------------


def registered(event, **kwargs):
    registration, _ = registration_create(event=event, member=MemberFactory(), **kwargs)
    return registration


def test_the_personal_page_shows_the_status_and_a_qr_code_of_its_address(client, event):
    registration = registered(event)

    response = client.get(personal_url(registration))

    html = response.content.decode()
    assert response.status_code == 200
    assert "申込済み" in html
    assert 'class="segno"' in html
    assert "受付でこのQRコードをお見せください。" in html
    assert event.title in html


@pytest.mark.parametrize("route", ["", "confirm/", "cancel/", "qr/"])
def test_personal_pages_are_never_cached_nor_indexed(client, event, route):
    registration = registered(event)
    url = personal_url(registration, route)

    client.get(url)
    response = client.get(url)

    assert response.status_code == 200
    assert response["X-Page-Cache"] != "hit"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"].startswith("noindex")


@pytest.mark.parametrize("route", ["", "confirm/", "cancel/", "qr/"])
def test_an_unknown_token_is_not_found(client, event, route):
    registered(event)

    assert client.get(f"{event.url}r/not-a-token/{route}").status_code == 404


def test_a_token_of_another_event_is_not_found(client, event_index, event):
    other = EventPageFactory(parent=event_index)
    registration = registered(other)

    assert client.get(f"{event.url}r/{registration.token}/").status_code == 404


def test_the_qr_route_is_an_svg_of_the_personal_address(client, event):
    registration = registered(event)

    response = client.get(personal_url(registration, "qr/"))

    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.lstrip().startswith(b"<svg")


def test_the_online_url_shows_only_shortly_before_the_start(client, event_index):
    soon = timezone.now() + timedelta(minutes=10)
    online = {"kind": "online", "online_url": "https://meet.example.jp/room-7"}
    starting = EventPageFactory(
        parent=event_index, starts_at=soon, ends_at=soon + timedelta(hours=1), **online
    )
    next_week = EventPageFactory(parent=event_index, **online)

    assert "room-7" in client.get(personal_url(registered(starting))).content.decode()
    html = client.get(personal_url(registered(next_week))).content.decode()
    assert "room-7" not in html
    assert "開始30分前からここに表示されます" in html


def test_a_cancelled_event_tells_its_registrants_on_their_page(client, event):
    registration = registered(event)
    event.status = EventStatus.CANCELLED
    event.status_note = "会場の都合により中止します。"
    event.save_revision().publish()

    html = client.get(personal_url(registration)).content.decode()

    assert "このイベントは中止になりました。" in html
    assert "会場の都合により中止します。" in html


# --- Confirming and cancelling --------------------------------------------------------------


@pytest.fixture
def pending(event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration, _ = registration_create(event=event, name="山田 花子", email="h@example.jp")
    return registration


def test_opening_the_confirm_link_does_not_confirm(client, pending):
    response = client.get(personal_url(pending, "confirm/"))

    assert response.status_code == 200
    assert "申し込みを完了する" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == RegistrationStatus.PENDING


def test_pressing_the_button_confirms_and_shows_the_registration(client, pending):
    response = client.post(personal_url(pending, "confirm/"))

    assert response.status_code == 303
    assert response["Location"] == personal_url(pending)
    pending.refresh_from_db()
    assert pending.status == RegistrationStatus.REGISTERED
    assert "申込済み" in client.get(response["Location"]).content.decode()
    assert client.post(personal_url(pending, "confirm/")).status_code == 303  # again: no change


def test_a_pending_registration_expires_after_a_day(client, event, pending, post_register):
    Registration.objects.filter(pk=pending.pk).update(
        created_at=timezone.now() - timedelta(hours=25)
    )

    response = client.post(personal_url(pending, "confirm/"))

    assert response.status_code == 409
    assert "有効期限（24時間）が過ぎました" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == RegistrationStatus.CANCELLED
    post_register(event, guest(email="h@example.jp"))
    assert Registration.objects.active().get().pk != pending.pk


def test_an_expired_address_may_register_again_from_the_event_page(event, pending, post_register):
    Registration.objects.filter(pk=pending.pk).update(
        created_at=timezone.now() - timedelta(hours=25)
    )

    post_register(event, guest(email="h@example.jp"))

    assert Registration.objects.active().count() == 1
    assert Registration.objects.active().get().pk != pending.pk


def test_confirming_after_registration_closed_says_so(client, event, pending):
    event.status = EventStatus.CANCELLED
    event.save_revision().publish()

    response = client.post(personal_url(pending, "confirm/"))

    assert response.status_code == 409
    assert "申し込みを完了できませんでした" in response.content.decode()


def test_cancelling_asks_first_then_frees_the_seat_for_the_next(
    client, event_index, django_capture_on_commit_callbacks
):
    event = EventPageFactory(parent=event_index, capacity=1)
    first, waiting = registered(event), registered(event)
    assert waiting.status == RegistrationStatus.WAITING

    asked = client.get(personal_url(first, "cancel/"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(personal_url(first, "cancel/"))
        again = client.post(personal_url(first, "cancel/"))

    assert "取り消しますか" in asked.content.decode()
    assert response.status_code == again.status_code == 303
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.REGISTERED
    html = client.get(response["Location"]).content.decode()
    assert "取消済み" in html


def test_cancelling_needs_a_csrf_token(event):
    registration = registered(event)
    client = Client(enforce_csrf_checks=True)

    assert client.post(personal_url(registration, "cancel/")).status_code == 403
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED


def test_the_event_calendar_file(client, event):
    response = client.get(event.url + "calendar/")

    assert response["Content-Type"].startswith("text/calendar")
    assert event.title.encode() in response.content


# --- The event list and the month calendar --------------------------------------------------


def test_the_list_shows_upcoming_events_and_links_past_ones(client, event_index):
    soon = EventPageFactory(parent=event_index, title="来週の説明会")
    past_start = timezone.now() - timedelta(days=3)
    past = EventPageFactory(
        parent=event_index,
        title="先週の説明会",
        starts_at=past_start,
        ends_at=past_start + timedelta(hours=1),
    )

    html = client.get(event_index.url).content.decode()
    past_html = client.get(event_index.url + "past/").content.decode()

    assert soon.title in html and past.title not in html
    assert f'href="{event_index.url}past/"' in html
    assert past.title in past_html and soon.title not in past_html


def test_the_list_filters_by_kind_and_month_and_ignores_bad_values(client, event_index):
    workshop = EventPageFactory(parent=event_index, kind="workshop", title="ワークショップA")
    briefing = EventPageFactory(parent=event_index, title="説明会B")
    month = timezone.localtime(workshop.starts_at).strftime("%Y-%m")

    by_kind = client.get(event_index.url, {"kind": "workshop"}).content.decode()
    by_month = client.get(event_index.url, {"month": month}).content.decode()
    bad = client.get(event_index.url, {"kind": "<script>", "month": "2026-13"})

    assert workshop.title in by_kind and briefing.title not in by_kind
    assert workshop.title in by_month and briefing.title in by_month
    assert bad.status_code == 200
    assert workshop.title in bad.content.decode() and briefing.title in bad.content.decode()
    assert "月を 2026-12 のように入力してください。" in bad.content.decode()
    assert "<script>" not in bad.content.decode().split("<main", 1)[1]


def test_the_list_costs_the_same_queries_for_2_and_20_events(
    client, event_index, django_assert_num_queries
):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(event_index.url, {"kind": "briefing"}).status_code == 200
        return len(queries)

    EventPageFactory.create_batch(2, parent=event_index)
    count()  # the first request also reads what the process then keeps (the site)
    with_two = count()
    EventPageFactory.create_batch(18, parent=event_index)

    with django_assert_num_queries(with_two):
        assert client.get(event_index.url, {"kind": "briefing"}).status_code == 200


def test_the_month_calendar_is_a_table_with_the_events_on_their_days(client, event_index):
    start = timezone.make_aware(timezone.datetime(2030, 12, 20, 10))
    event = EventPageFactory(
        parent=event_index, starts_at=start, ends_at=start + timedelta(hours=1)
    )

    html = client.get(event_index.url + "calendar/", {"month": "2030-12"}).content.decode()

    assert "2030年12月のイベント" in html
    assert "<table" in html and 'scope="col"' in html
    assert f"10:00 {event.title}" in html
    assert "?month=2030-11" in html and "?month=2031-01" in html


def test_a_bad_month_shows_this_month(client, event_index):
    response = client.get(event_index.url + "calendar/", {"month": "20x0-99"})

    assert response.status_code == 200
    assert timezone.localdate().strftime("%Y年%-m月") in response.content.decode()
