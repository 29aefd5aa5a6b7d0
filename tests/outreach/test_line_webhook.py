"""LINE's webhook (POST /line/webhook/, outreach.line.webhook and views): the signature checked
before anything is read, and what each event does, once, against a local LINE API (line_api.py)."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from community.models import Notification, NotificationKind
from outreach.line import services
from outreach.models import Delivery, DeliveryStatus, LineAccount, LineLinkCode
from tests.factories import MemberFactory

from .line_api import (
    LINE_USER,
    PROFILE_NAME,
    WEBHOOK,
    line_api_running,
    line_signature,
    text_event,
    webhook_event,
    webhook_post,
)

LINKED = "寄り合いのお知らせをLINEで受け取れるようになりました。"


@pytest.fixture
def line_api(settings):
    with line_api_running(settings) as api:
        yield api


@pytest.fixture
def member(db):
    return MemberFactory(email_verified=True, display_name="アリス")


@pytest.fixture
def client():
    return Client(enforce_csrf_checks=True)  # LINE sends no CSRF token: the signature stands in


def test_a_code_sent_as_a_message_links_the_sender(client, line_api, member):
    code = services.line_link_code_create(member=member)

    response = webhook_post(client, text_event(code.code))

    assert response.status_code == 200
    account = LineAccount.objects.get(member=member)
    assert account.line_user_id == LINE_USER and account.display_name == PROFILE_NAME
    assert line_api.reply_texts() == [LINKED]
    assert not LineLinkCode.objects.filter(member=member).exists()  # used up


@pytest.mark.parametrize(
    "signature",
    ["", line_signature(b"another body"), line_signature(b"{}", secret="not-the-secret")],
    ids=["missing", "of-another-body", "another-secret"],
)
def test_a_missing_or_forged_signature_is_refused_with_nothing_done(
    client, line_api, member, signature
):
    code = services.line_link_code_create(member=member)

    response = webhook_post(client, text_event(code.code), signature=signature)

    assert response.status_code == 400
    assert not LineAccount.objects.exists()
    assert line_api.calls == []
    assert LineLinkCode.objects.filter(pk=code.pk).exists()


def test_the_webhook_is_not_there_while_line_is_not_configured(client, db, settings):
    settings.LINE_MESSAGING_ACCESS_TOKEN = settings.LINE_MESSAGING_CHANNEL_SECRET = ""

    assert webhook_post(client, webhook_event("follow"), signature="x").status_code == 404


def test_the_webhook_takes_only_post(client, line_api):
    assert client.get(WEBHOOK).status_code == 405


def test_following_the_account_replies_how_to_link(client, line_api):
    response = webhook_post(client, webhook_event("follow"))

    assert response.status_code == 200
    [text] = line_api.reply_texts()
    assert "友だち追加ありがとうございます" in text and "コード" in text


def test_unfollowing_the_account_unlinks_it(client, line_api, member):
    services.line_account_link(member=member, line_user_id=LINE_USER)

    webhook_post(client, webhook_event("unfollow"))

    assert not LineAccount.objects.exists()


def test_a_wrong_code_gets_a_short_reply_and_links_nothing(client, line_api, member):
    services.line_link_code_create(member=member)

    response = webhook_post(client, text_event("ABCD2345"))

    assert response.status_code == 200 and not LineAccount.objects.exists()
    [text] = line_api.reply_texts()
    assert text.startswith("コードが正しくないか、有効期限が切れています。")
    assert "http://localhost/accounts/notifications/settings/" in text


def test_an_expired_code_links_nothing(client, line_api, member):
    code = services.line_link_code_create(
        member=member, now=timezone.now() - datetime.timedelta(minutes=31)
    )

    webhook_post(client, text_event(code.code))

    assert not LineAccount.objects.exists()


def test_a_code_typed_in_full_width_lower_case_with_a_hyphen_still_links(client, line_api, member):
    code = services.line_link_code_create(member=member).code
    typed = "".join(chr(ord(char) + 0xFEE0) for char in code.lower())  # ａｂｃｄ…
    typed = f"{typed[:4]}－{typed[4:]}"

    webhook_post(client, text_event(f" {typed} "))

    assert LineAccount.objects.get(member=member).line_user_id == LINE_USER


def test_a_code_links_once(client, line_api, member):
    code = services.line_link_code_create(member=member).code
    webhook_post(client, text_event(code))

    webhook_post(client, text_event(code, user="U" + "c" * 32))

    assert list(LineAccount.objects.values_list("line_user_id", flat=True)) == [LINE_USER]


def test_a_redelivered_event_is_handled_once(client, line_api, member):
    code = services.line_link_code_create(member=member).code
    event = text_event(code, event_id="01REDELIVERED")
    webhook_post(client, event)

    response = webhook_post(client, {**event, "deliveryContext": {"isRedelivery": True}})

    assert response.status_code == 200
    assert line_api.reply_texts() == [LINKED]  # not a second reply saying the code is used


def test_a_line_account_linked_to_another_member_moves_to_the_one_whose_code_it_sends(
    client, line_api, member
):
    other = MemberFactory()
    services.line_account_link(member=other, line_user_id=LINE_USER)

    webhook_post(client, text_event(services.line_link_code_create(member=member).code))

    assert LineAccount.objects.get(line_user_id=LINE_USER).member == member


def test_stop_turns_the_members_announcements_off_and_says_so(client, line_api, member):
    services.line_account_link(member=member, line_user_id=LINE_USER)

    webhook_post(client, text_event("配信停止"))

    [text] = line_api.reply_texts()
    assert text.startswith("運営からのお知らせの配信を停止しました。")
    assert "/accounts/notifications/settings/" in text
    member.refresh_from_db()
    assert member.announcements is False
    assert LineAccount.objects.filter(member=member).exists()  # other notifications still come


def test_stop_is_counted_for_the_last_announcement_sent_on_line(client, line_api, member):
    services.line_account_link(member=member, line_user_id=LINE_USER)
    older, last = (
        Notification.objects.create(recipient=member, kind=NotificationKind.ANNOUNCEMENT, title=t)
        for t in ("一つ目", "二つ目")
    )
    for notification, minutes in ((older, 60), (last, 5)):
        Delivery.objects.create(
            notification=notification,
            channel="line",
            status=DeliveryStatus.SENT,
            sent_at=timezone.now() - datetime.timedelta(minutes=minutes),
        )

    webhook_post(client, text_event("配信停止"))

    last.refresh_from_db()
    older.refresh_from_db()
    assert last.unsubscribed_via == "line" and last.unsubscribed_at is not None
    assert older.unsubscribed_at is None


def test_stop_from_an_unlinked_line_user_asks_them_to_use_the_site(client, line_api, member):
    webhook_post(client, text_event("配信停止"))

    [text] = line_api.reply_texts()
    assert "通知設定" in text and "/accounts/notifications/settings/" in text
    member.refresh_from_db()
    assert member.announcements is True


def test_codes_sent_by_one_line_user_are_limited(client, line_api, member):
    for _ in range(10):
        webhook_post(client, text_event("ABCD2345"))

    webhook_post(client, text_event(services.line_link_code_create(member=member).code))

    assert not LineAccount.objects.exists()
    assert len(line_api.reply_texts()) == 11


@pytest.mark.parametrize(
    "event",
    [
        webhook_event("postback", postback={"data": "action=later"}),
        webhook_event("message", message={"id": "2", "type": "sticker", "packageId": "1"}),
        {
            **text_event("ABCD2345"),
            "source": {"type": "group", "groupId": "C1", "userId": LINE_USER},
        },
    ],
    ids=["postback", "sticker", "in-a-group"],
)
def test_other_events_are_answered_200_and_do_nothing(client, line_api, event):
    assert webhook_post(client, event).status_code == 200
    assert line_api.calls == []


def test_a_signed_body_that_is_no_webhook_is_answered_200(client, line_api):
    assert webhook_post(client, body=b"not json").status_code == 200
    assert line_api.calls == []


def test_an_event_that_fails_is_answered_200_and_its_redelivery_handled(
    client, line_api, member, monkeypatch
):
    code = services.line_link_code_create(member=member).code
    event = text_event(code, event_id="01FAILSONCE")
    monkeypatch.setattr(services, "line_link_by_code", lambda **kwargs: 1 / 0)
    assert webhook_post(client, event).status_code == 200
    monkeypatch.undo()

    webhook_post(client, {**event, "deliveryContext": {"isRedelivery": True}})

    assert LineAccount.objects.get(member=member).line_user_id == LINE_USER
