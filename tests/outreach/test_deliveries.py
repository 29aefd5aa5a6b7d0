"""Deliveries on channels other than e-mail (outreach.deliveries), with a channel that records
what it is asked to send: planned once per (notification, channel) for members who can receive
and did not turn the kind off, held through quiet hours, sent once however often the task runs,
tried again when the provider is busy, skipped when nobody is there, failed visibly when
refused; and a reply written on the site reaches the channel after its commit."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from community.models import Notification, NotificationKind, NotificationOptOut
from community.services import comments as comment_services
from outreach import deliveries
from outreach.channels import DeliveryGone, DeliveryRetry, OutreachChannel
from outreach.deliveries import DeliveryFailed, deliveries_due, deliveries_plan, delivery_send
from outreach.models import Delivery, DeliveryStatus, QuietHours
from outreach.tasks import deliveries_send
from tests.factories import CommentFactory, established_member

pytestmark = pytest.mark.django_db
JST = ZoneInfo("Asia/Tokyo")
NOON = datetime.datetime(2026, 12, 7, 12, 0, tzinfo=JST)


class RecordingChannel:
    """A channel for these tests: every member in `ready` can receive; `send` records each
    delivery, or raises what `answers` holds next."""

    def __init__(self, ready=()):
        self.ready, self.sent, self.answers = set(ready), [], []

    def channel(self):
        return OutreachChannel(
            key="push",
            configured=lambda: True,
            members_ready=lambda ids: self.ready & set(ids),
            send=self._send,
            settings_template="",
        )

    def _send(self, delivery):
        if self.answers:
            raise self.answers.pop(0)
        self.sent.append(delivery.notification_id)


@pytest.fixture
def recorder(monkeypatch):
    recorder = RecordingChannel()
    monkeypatch.setattr(deliveries, "outreach_channels", lambda: {"push": recorder.channel()})
    return recorder


def _notification(member, kind=NotificationKind.REPLY):
    return Notification.objects.create(recipient=member, kind=kind, comment=CommentFactory())


def test_a_delivery_is_planned_once_for_members_who_can_receive(recorder):
    ready, elsewhere = established_member(), established_member()
    recorder.ready.add(ready.pk)
    notifications = [_notification(ready), _notification(elsewhere)]
    ids = [n.pk for n in notifications]

    due = deliveries_plan(notification_ids=ids, now=NOON)
    again = deliveries_plan(notification_ids=ids, now=NOON)

    assert Delivery.objects.count() == 1
    assert due == again == [Delivery.objects.get().pk]
    assert Delivery.objects.get().notification == notifications[0]


def test_a_kind_turned_off_on_the_channel_is_not_planned(recorder):
    member = established_member()
    recorder.ready.add(member.pk)
    NotificationOptOut.objects.create(member=member, kind=NotificationKind.LIKE, channel="push")
    NotificationOptOut.objects.create(member=member, kind=NotificationKind.REPLY, channel="email")
    like, reply = _notification(member, NotificationKind.LIKE), _notification(member)

    deliveries_plan(notification_ids=[like.pk, reply.pk], now=NOON)

    assert list(Delivery.objects.values_list("notification_id", flat=True)) == [reply.pk]


def test_an_announcement_to_a_member_who_turned_announcements_off_is_not_planned(recorder):
    wants, refuses = established_member(), established_member(announcements=False)
    recorder.ready.update({wants.pk, refuses.pk})
    sent, held = (
        Notification.objects.create(recipient=member, kind=NotificationKind.ANNOUNCEMENT)
        for member in (wants, refuses)
    )

    deliveries_plan(notification_ids=[sent.pk, held.pk], now=NOON)

    assert list(Delivery.objects.values_list("notification_id", flat=True)) == [sent.pk]


def test_a_closed_account_hears_nothing(recorder):
    member = established_member(is_active=False)
    recorder.ready.add(member.pk)

    assert deliveries_plan(notification_ids=[_notification(member).pk], now=NOON) == []
    assert not Delivery.objects.exists()


@pytest.mark.parametrize(
    ("planned", "due"),
    [
        ((12, 0), None),  # outside: at once
        ((20, 59), None),
        ((21, 0), (1, 8, 0)),  # from 21:00 to 8:00 the next morning
        ((23, 30), (1, 8, 0)),
        ((0, 15), (0, 8, 0)),  # after midnight: 8:00 the same day
        ((7, 59), (0, 8, 0)),
        ((8, 0), None),
    ],
)
def test_quiet_hours_hold_a_delivery_until_they_end(recorder, planned, due):
    member = established_member()
    recorder.ready.add(member.pk)
    now = NOON.replace(hour=planned[0], minute=planned[1])

    held = deliveries_plan(notification_ids=[_notification(member).pk], now=now)

    delivery = Delivery.objects.get()
    if due is None:
        assert held == [delivery.pk] and delivery.due_at == now
    else:
        days, hour, minute = due
        expected = (now + datetime.timedelta(days=days)).replace(hour=hour, minute=minute)
        assert held == [] and delivery.due_at == expected


def test_a_members_own_quiet_hours_and_none(recorder):
    early, night_owl = established_member(), established_member()
    recorder.ready |= {early.pk, night_owl.pk}
    QuietHours.objects.create(member=early, starts=datetime.time(13, 0), ends=datetime.time(14, 30))
    QuietHours.objects.create(member=night_owl, active=False)
    at = NOON.replace(hour=13, minute=10)

    due = deliveries_plan(
        notification_ids=[_notification(early).pk, _notification(night_owl).pk], now=at
    )

    held = Delivery.objects.get(notification__recipient=early)
    assert held.due_at == at.replace(hour=14, minute=30)
    assert due == [Delivery.objects.get(notification__recipient=night_owl).pk]


def test_a_delivery_is_sent_once_however_often_the_task_runs(recorder):
    member = established_member()
    recorder.ready.add(member.pk)
    [delivery_id] = deliveries_plan(notification_ids=[_notification(member).pk], now=NOON)

    deliveries_send.call(delivery_ids=[delivery_id, delivery_id])
    deliveries_send.call(delivery_ids=[delivery_id])

    delivery = Delivery.objects.get()
    assert len(recorder.sent) == 1
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)
    assert delivery.sent_at is not None


def test_a_busy_provider_is_tried_again_later_and_the_task_fails(recorder, settings):
    settings.TASK_RETRY_DELAYS = [60, 300]
    member = established_member()
    recorder.ready.add(member.pk)
    [delivery_id] = deliveries_plan(notification_ids=[_notification(member).pk], now=NOON)
    recorder.answers = [DeliveryRetry("429 Too Many Requests", retry_after=120)]

    with pytest.raises(DeliveryRetry):
        delivery_send(delivery_id=delivery_id, now=NOON)

    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert delivery.due_at == NOON + datetime.timedelta(seconds=120)  # Retry-After > 60 s
    assert "429" in delivery.error
    assert delivery_send(delivery_id=delivery_id, now=NOON) is False  # not due yet
    assert delivery_send(delivery_id=delivery_id, now=delivery.due_at) is True
    assert recorder.sent == [delivery.notification_id]


def test_a_delivery_tried_too_often_fails_visibly(recorder):
    member = established_member()
    recorder.ready.add(member.pk)
    [delivery_id] = deliveries_plan(notification_ids=[_notification(member).pk], now=NOON)
    Delivery.objects.filter(pk=delivery_id).update(attempts=deliveries.MAX_ATTEMPTS - 1)
    recorder.answers = [DeliveryRetry("503 Service Unavailable")]

    with pytest.raises(DeliveryFailed, match="503"):
        delivery_send(delivery_id=delivery_id, now=NOON)

    assert Delivery.objects.get().status == DeliveryStatus.FAILED


def test_nobody_to_send_to_is_skipped_and_a_refusal_fails(recorder):
    gone, refused = established_member(), established_member()
    recorder.ready |= {gone.pk, refused.pk}
    ids = deliveries_plan(
        notification_ids=[_notification(gone).pk, _notification(refused).pk], now=NOON
    )
    recorder.answers = [DeliveryGone("410 Gone"), ValueError("400 Bad Request")]

    with pytest.raises(DeliveryFailed, match="400 Bad Request"):
        deliveries_send.call(delivery_ids=ids)

    statuses = dict(Delivery.objects.values_list("notification__recipient", "status"))
    assert statuses == {gone.pk: DeliveryStatus.SKIPPED, refused.pk: DeliveryStatus.FAILED}
    assert recorder.sent == []


def test_what_a_dead_worker_left_sending_is_due_again(recorder):
    member = established_member()
    recorder.ready.add(member.pk)
    [delivery_id] = deliveries_plan(notification_ids=[_notification(member).pk], now=NOON)
    Delivery.objects.filter(pk=delivery_id).update(
        status=DeliveryStatus.SENDING, claimed_at=NOON - datetime.timedelta(minutes=11)
    )
    fresh = deliveries_plan(notification_ids=[_notification(member).pk], now=NOON)
    Delivery.objects.filter(pk__in=fresh).update(status=DeliveryStatus.SENDING, claimed_at=NOON)

    assert deliveries_due(now=NOON) == [delivery_id]
    assert Delivery.objects.get(pk=delivery_id).status == DeliveryStatus.PENDING


def test_a_reply_on_the_site_reaches_the_channel_after_its_commit(
    recorder, article, django_capture_on_commit_callbacks
):
    author, replier = established_member(), established_member()
    recorder.ready.add(author.pk)
    QuietHours.objects.create(member=author, active=False)  # whatever the hour the test runs
    parent = CommentFactory(page=article, author=author)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        comment_services.comment_create(
            author=replier, page=article, body="賛成です", parent=parent
        )
        assert recorder.sent == []  # nothing before the commit

    assert callbacks
    [notification] = Notification.objects.filter(recipient=author, kind=NotificationKind.REPLY)
    assert recorder.sent == [notification.pk]
    assert Delivery.objects.get().status == DeliveryStatus.SENT
