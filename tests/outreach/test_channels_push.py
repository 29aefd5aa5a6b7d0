"""Browser notifications (outreach.channels.push) through the planner and sender
(outreach.deliveries), against the local push service of push_service.py: what a member's
browsers receive, decrypted, and what becomes of the delivery and the subscriptions on each
answer of the push service."""

import datetime

import pytest
from django.utils import timezone

from community.models import (
    Notification,
    NotificationChannel,
    NotificationKind,
    NotificationOptOut,
)
from community.services import comments as comment_services
from community.services.notifications import notification_link
from outreach import tasks
from outreach.channels.push import TTL
from outreach.deliveries import MAX_ATTEMPTS, delivery_send, retry_delay
from outreach.management.commands.webpush_keys import vapid_key_pair
from outreach.models import Delivery, DeliveryStatus, PushSubscription, QuietHours
from tests.factories import CommentFactory, established_member

pytestmark = pytest.mark.usefixtures("push_service")


@pytest.fixture
def alice(db):
    member = established_member(display_name="アリス")
    QuietHours.objects.create(member=member, active=False)  # whatever time the tests run at
    return member


@pytest.fixture
def bob(db):
    return established_member(display_name="ボブ")


def subscribe(member, browser, device="Chrome（Android）"):
    return PushSubscription.objects.create(
        member=member,
        endpoint=browser.endpoint,
        p256dh=browser.p256dh,
        auth=browser.as_json()["keys"]["auth"],
        device=device,
    )


def reply_to(member, *, by, page, django_capture_on_commit_callbacks):
    """`by` replies to a comment of `member`'s; the reply's notification and its deliveries
    are made after the commit, as on the site (tasks run at once in the tests)."""
    parent = CommentFactory(
        page=page, author=member, created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        comment_services.comment_create(author=by, page=page, body="賛成です", parent=parent)
    return Notification.objects.get(recipient=member, kind=NotificationKind.REPLY)


def delivery_of(notification):
    return Delivery.objects.get(notification=notification, channel=NotificationChannel.PUSH)


def test_a_reply_reaches_every_browser_of_the_member_encrypted_in_japanese(
    alice, bob, article, push_service, django_capture_on_commit_callbacks
):
    phone, laptop = push_service.subscription(), push_service.subscription()
    subscribe(alice, phone)
    subscribe(alice, laptop, device="Firefox（Windows）")

    notification = reply_to(
        alice,
        by=bob,
        page=article,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )

    expected = {
        "title": "寄り合い",
        "body": "ボブさんがあなたのコメントに返信しました。",
        "url": notification_link(notification),
        "tag": f"notification-{notification.pk}",
    }
    for browser in (phone, laptop):
        [message] = push_service.messages_for(browser)
        assert {key: message[key] for key in expected} == expected
        assert message["icon"].startswith("/static/icons/")
    assert expected["url"].endswith(f"/comments/{notification.comment_id}/")
    [received, _other] = push_service.received
    assert received.headers["ttl"] == str(TTL)
    assert received.claims["aud"] == push_service.origin
    delivery = delivery_of(notification)
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 1
    assert PushSubscription.objects.filter(member=alice, last_sent_at__isnull=False).count() == 2


def test_a_subscription_the_push_service_says_is_gone_is_deleted_and_the_others_still_receive(
    alice, bob, article, push_service, django_capture_on_commit_callbacks
):
    expired, current = push_service.subscription(), push_service.subscription()
    subscribe(alice, expired)
    kept = subscribe(alice, current)
    push_service.answer(410, endpoint=expired.endpoint)

    notification = reply_to(
        alice,
        by=bob,
        page=article,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )

    assert list(PushSubscription.objects.filter(member=alice)) == [kept]
    assert len(push_service.messages_for(current)) == 1
    assert delivery_of(notification).status == DeliveryStatus.SENT


@pytest.mark.parametrize("status", [404, 410])
def test_when_the_last_subscription_is_gone_the_delivery_is_skipped(
    alice, bob, article, push_service, django_capture_on_commit_callbacks, status
):
    subscribe(alice, push_service.subscription())
    push_service.answer(status)

    notification = reply_to(
        alice,
        by=bob,
        page=article,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )

    assert not PushSubscription.objects.filter(member=alice).exists()
    delivery = delivery_of(notification)
    assert delivery.status == DeliveryStatus.SKIPPED
    assert "expired" in delivery.error


def test_a_busy_push_service_is_tried_again_after_its_retry_after_and_the_task_fails(
    alice, bob, article, push_service, django_capture_on_commit_callbacks
):
    browser = push_service.subscription()
    subscribe(alice, browser)
    push_service.answer(429, retry_after="3600")
    before = timezone.now()

    notification = reply_to(
        alice,
        by=bob,
        page=article,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )

    delivery = delivery_of(notification)
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.due_at >= before + datetime.timedelta(seconds=3600)
    assert "429" in delivery.error
    assert push_service.received == []
    # Once due, the next attempt sends it.
    Delivery.objects.filter(pk=delivery.pk).update(due_at=timezone.now())
    result = tasks.deliveries_send.enqueue(delivery_ids=[delivery.pk])
    assert result.status == "SUCCESSFUL" and result.return_value == 1
    assert len(push_service.messages_for(browser)) == 1
    assert delivery_of(notification).status == DeliveryStatus.SENT


def test_a_push_service_error_fails_the_task_and_leaves_the_delivery_pending(
    alice, bob, article, push_service, django_capture_on_commit_callbacks
):
    subscribe(alice, push_service.subscription())
    push_service.answer(500, times=2)
    notification = reply_to(
        alice,
        by=bob,
        page=article,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )
    delivery = delivery_of(notification)
    Delivery.objects.filter(pk=delivery.pk).update(due_at=timezone.now())
    before = timezone.now()

    result = tasks.deliveries_send.enqueue(delivery_ids=[delivery.pk])

    assert result.status == "FAILED"
    assert result.errors[0].exception_class_path == "outreach.channels.DeliveryRetry"
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 2
    assert delivery.due_at >= before + datetime.timedelta(seconds=retry_delay(2))
    assert PushSubscription.objects.filter(member=alice).exists()


def test_a_push_service_that_does_not_answer_is_tried_again(
    alice, bob, article, push_service, django_capture_on_commit_callbacks
):
    subscribe(alice, push_service.subscription())
    push_service.stop()

    notification = reply_to(
        alice,
        by=bob,
        page=article,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )

    delivery = delivery_of(notification)
    assert delivery.status == DeliveryStatus.PENDING
    assert "unreachable" in delivery.error


def test_a_message_refused_for_good_fails_the_delivery(
    alice, bob, article, push_service, django_capture_on_commit_callbacks
):
    subscribe(alice, push_service.subscription())
    push_service.answer(400)

    notification = reply_to(
        alice,
        by=bob,
        page=article,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )

    delivery = delivery_of(notification)
    assert delivery.status == DeliveryStatus.FAILED
    assert "400" in delivery.error
    assert PushSubscription.objects.filter(member=alice).exists()


def test_after_max_attempts_a_busy_push_service_fails_the_delivery(
    alice, bob, article, push_service, django_capture_on_commit_callbacks
):
    subscribe(alice, push_service.subscription())
    push_service.answer(503, times=MAX_ATTEMPTS)
    notification = reply_to(
        alice,
        by=bob,
        page=article,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )
    delivery = delivery_of(notification)

    for _attempt in range(MAX_ATTEMPTS - 1):
        Delivery.objects.filter(pk=delivery.pk).update(due_at=timezone.now())
        tasks.deliveries_send.enqueue(delivery_ids=[delivery.pk])

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == MAX_ATTEMPTS
    assert push_service.received == []


def test_a_delivery_sent_twice_reaches_the_browser_once(
    alice, bob, article, push_service, django_capture_on_commit_callbacks
):
    browser = push_service.subscription()
    subscribe(alice, browser)
    notification = reply_to(
        alice,
        by=bob,
        page=article,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )
    delivery = delivery_of(notification)

    assert delivery_send(delivery_id=delivery.pk) is False
    result = tasks.deliveries_send.enqueue(delivery_ids=[delivery.pk, delivery.pk])

    assert result.return_value == 0
    assert len(push_service.messages_for(browser)) == 1


def test_a_kind_the_member_turned_off_for_the_browser_is_not_sent(
    alice, bob, article, push_service, django_capture_on_commit_callbacks
):
    browser = push_service.subscription()
    subscribe(alice, browser)
    NotificationOptOut.objects.create(
        member=alice, kind=NotificationKind.REPLY, channel=NotificationChannel.PUSH
    )

    notification = reply_to(
        alice,
        by=bob,
        page=article,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )

    assert not Delivery.objects.filter(notification=notification).exists()
    assert push_service.received == []


def test_in_quiet_hours_the_notification_waits_until_they_end(
    alice, bob, article, push_service, django_capture_on_commit_callbacks
):
    browser = push_service.subscription()
    subscribe(alice, browser)
    now = timezone.localtime(timezone.now(), timezone.get_fixed_timezone(9 * 60))
    QuietHours.objects.filter(member=alice).update(
        active=True,
        starts=(now - datetime.timedelta(hours=1)).time(),
        ends=(now + datetime.timedelta(hours=1)).time(),
    )

    notification = reply_to(
        alice,
        by=bob,
        page=article,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )

    delivery = delivery_of(notification)
    assert delivery.status == DeliveryStatus.PENDING
    assert timezone.now() + datetime.timedelta(minutes=55) < delivery.due_at
    assert push_service.received == []


def test_a_message_not_signed_with_the_sites_vapid_key_is_refused(
    alice, bob, article, push_service, settings, django_capture_on_commit_callbacks
):
    browser = push_service.subscription()
    subscribe(alice, browser)
    settings.WEBPUSH_VAPID_PRIVATE_KEY = vapid_key_pair()[1]  # not the public key's pair

    notification = reply_to(
        alice,
        by=bob,
        page=article,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )

    assert push_service.received == []
    [(endpoint, status, _reason)] = push_service.refused
    assert (endpoint, status) == (browser.endpoint, 403)
    assert delivery_of(notification).status == DeliveryStatus.FAILED
