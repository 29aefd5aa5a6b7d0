"""Notifications sent on LINE (outreach.channels.line) through the planner and sender
(outreach.deliveries, outreach.tasks), against a local LINE Messaging API (line_api.py)."""

import datetime
import uuid

import pytest
from django.utils import timezone, translation

from community.models import Notification, NotificationChannel, NotificationKind, NotificationOptOut
from community.services import notifications as notification_services
from community.services.notifications import notification_link
from outreach.channels import DeliveryRetry
from outreach.channels.line import line_message, retry_key
from outreach.deliveries import delivery_send
from outreach.models import Delivery, DeliveryStatus, LineAccount, QuietHours
from outreach.tasks import deliveries_send
from tests.factories import ArticlePageFactory, CommentFactory, MemberFactory

from .line_api import BLOCKED, BUSY, DOWN, TOKEN, line_api_running

LINE_USER = "U" + "a" * 32


@pytest.fixture
def line_api(settings):
    with line_api_running(settings) as api:
        yield api


@pytest.fixture
def article(article_index):
    return ArticlePageFactory(parent=article_index, title="電子申請の第一歩")


@pytest.fixture
def member(db):
    member = MemberFactory(email_verified=True, display_name="アリス")
    LineAccount.objects.create(member=member, line_user_id=LINE_USER, display_name="ありす")
    QuietHours.objects.create(member=member, active=False)  # whatever the time of the test run
    return member


@pytest.fixture
def reply(member, article, line_api, django_capture_on_commit_callbacks):
    """A reply to the member's comment, notified (and so delivered) after its commit; returns
    the Notification."""

    def notify():
        parent = CommentFactory(page=article, author=member)
        by = MemberFactory(email_verified=True, display_name="ボブ")
        comment = CommentFactory(parent=parent, author=by, body_source="賛成です")
        with django_capture_on_commit_callbacks(execute=True):
            notification_services.comment_published_notify(comment=comment)
        return Notification.objects.get(recipient=member, comment=comment)

    return notify


def _delivery(notification):
    return Delivery.objects.get(notification=notification, channel=NotificationChannel.LINE)


def test_a_reply_reaches_the_linked_member_with_its_message_and_link(line_api, reply):
    notification = reply()

    [push] = line_api.pushes()
    delivery = _delivery(notification)
    with translation.override("ja"):
        text, link = str(notification.message), notification_link(notification)
    assert "ボブ" in text and "返信" in text
    assert push.headers["Authorization"] == f"Bearer {TOKEN}"
    assert push.headers["X-Line-Retry-Key"] == retry_key(delivery)
    assert uuid.UUID(push.headers["X-Line-Retry-Key"])
    assert push.body["to"] == LINE_USER
    [message] = push.body["messages"]
    assert message["type"] == "flex" and message["altText"] == text
    assert message["contents"]["body"]["contents"][0]["text"] == text
    button = message["contents"]["footer"]["contents"][0]
    assert button["action"] == {"type": "uri", "label": "開く", "uri": link}
    assert link.startswith("http://") and link.endswith(f"/comments/{notification.comment_id}/")
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 1


def test_busy_line_leaves_it_pending_until_retry_after_and_the_retry_has_the_same_key(
    line_api, reply
):
    line_api.answers = [BUSY]
    before = timezone.now()

    notification = reply()

    delivery = _delivery(notification)
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert delivery.due_at >= before + datetime.timedelta(seconds=120)
    assert "429" in delivery.error
    assert delivery_send(delivery_id=delivery.pk) is False  # not due yet: nothing sent

    assert delivery_send(delivery_id=delivery.pk, now=delivery.due_at) is True

    first, second = line_api.pushes()
    assert first.headers["X-Line-Retry-Key"] == second.headers["X-Line-Retry-Key"]
    assert first.body == second.body
    assert _delivery(notification).status == DeliveryStatus.SENT


def test_a_server_error_is_tried_again_later(line_api, reply):
    line_api.answers = [DOWN]

    notification = reply()

    delivery = _delivery(notification)
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.due_at > timezone.now() and "500" in delivery.error


def test_line_out_of_reach_is_tried_again_later(line_api, member, settings):
    delivery = _pending_delivery(member)
    settings.LINE_API_BASE_URL = "http://127.0.0.1:9"  # nothing listens there

    with pytest.raises(DeliveryRetry):
        delivery_send(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING and "reached" in delivery.error


def test_a_member_who_blocked_the_account_is_unlinked_and_the_delivery_skipped(
    line_api, member, reply
):
    line_api.answers = [BLOCKED]

    notification = reply()

    assert _delivery(notification).status == DeliveryStatus.SKIPPED
    assert not LineAccount.objects.filter(member=member).exists()
    reply()
    assert len(line_api.pushes()) == 1  # nothing more is sent to them


def test_a_push_accepted_before_under_the_same_retry_key_counts_as_sent(line_api, reply):
    line_api.answers = [(409, {"X-Line-Accepted-Request-Id": "abc"}, {"message": "Conflict"})]

    notification = reply()

    assert _delivery(notification).status == DeliveryStatus.SENT


def test_a_message_refused_for_another_reason_fails_and_keeps_the_account(line_api, member, reply):
    line_api.answers = [
        (
            400,
            {},
            {
                "message": "The request body has 1 error(s)",
                "details": [{"property": "messages[0]"}],
            },
        )
    ]

    notification = reply()

    delivery = _delivery(notification)
    assert delivery.status == DeliveryStatus.FAILED and "400" in delivery.error
    assert LineAccount.objects.filter(member=member).exists()


def test_a_send_task_run_twice_sends_once(line_api, reply):
    notification = reply()

    deliveries_send.enqueue(delivery_ids=[_delivery(notification).pk])

    assert len(line_api.pushes()) == 1


def test_a_kind_turned_off_on_line_is_not_sent_there(line_api, member, reply):
    NotificationOptOut.objects.create(
        member=member, kind=NotificationKind.REPLY, channel=NotificationChannel.LINE
    )

    notification = reply()

    assert line_api.pushes() == []
    assert not Delivery.objects.filter(notification=notification).exists()


def test_a_member_without_a_linked_account_gets_nothing_on_line(line_api, member, reply):
    LineAccount.objects.filter(member=member).delete()

    notification = reply()

    assert line_api.pushes() == []
    assert not Delivery.objects.filter(notification=notification).exists()


def test_a_notification_about_nothing_with_an_address_is_plain_text():
    message = line_message("お知らせです。")

    assert message.to_dict() == {"type": "text", "text": "お知らせです。"}


def _pending_delivery(member):
    """A LINE delivery of a reply notification, planned and due but not sent."""
    comment = CommentFactory(parent=CommentFactory(author=member), author=MemberFactory())
    notification = Notification.objects.create(
        recipient=member, kind=NotificationKind.REPLY, comment=comment, actor=comment.author
    )
    return Delivery.objects.create(notification=notification, channel=NotificationChannel.LINE)
