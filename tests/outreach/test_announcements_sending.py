"""Sending announcements (outreach.announcements.sending, opens, stats): now or at a set time,
approval above ANNOUNCEMENT_APPROVAL_OVER by a second member of staff, once per member however
often it runs, a constant number of queries per batch, the signed redirect that counts opened
links per channel, and the statistics by channel."""

import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.models import Notification, NotificationChannel, NotificationKind
from community.services.announcements import announcements_unsubscribe
from community.services.notification_emails import (
    NotificationEmailError,
    email_attempts_max,
    notification_emails_send,
)
from outreach.announcements import sending
from outreach.announcements.models import (
    Announcement,
    AnnouncementOpen,
    AnnouncementRecipient,
    AnnouncementStatus,
    AudienceCondition,
    ConditionKind,
)
from outreach.announcements.stats import announcement_stats
from outreach.models import Delivery, DeliveryStatus
from tests import refusing_mail
from tests.factories import MemberFactory, StaffUserFactory

TOKYO = "13"


@pytest.fixture
def author(db):
    return _sender()


def _sender():
    staff = StaffUserFactory()
    staff.user_permissions.add(Permission.objects.get(codename="send_announcement"))
    return staff


def _tokyo_members(count):
    return [MemberFactory(prefecture=TOKYO, region=None) for _ in range(count)]


def _announcement(author, article):
    announcement = Announcement.objects.create(
        title="アンケートのお願い", text="5分で答えられます。", page=article, created_by=author
    )
    AudienceCondition.objects.create(
        announcement=announcement, kind=ConditionKind.PREFECTURE, prefecture=TOKYO
    )
    return announcement


def test_sent_now_each_member_is_told_once_and_emailed(
    author, article, django_capture_on_commit_callbacks
):
    members = _tokyo_members(3)
    MemberFactory(prefecture="01")  # not in the audience
    announcement = _announcement(author, article)

    with django_capture_on_commit_callbacks(execute=True):
        sending.announcement_submit(announcement=announcement, by=author)

    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.SENT
    assert announcement.recipient_count == 3
    told = Notification.objects.filter(kind=NotificationKind.ANNOUNCEMENT)
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(m.pk for m in members)
    assert {(n.title, n.text) for n in told} == {("アンケートのお願い", "5分で答えられます。")}
    assert all(n.link.startswith("/a/") for n in told)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(m.email for m in members)
    assert "?via=email\n" in mail.outbox[0].body


def test_sending_twice_sends_nothing_more(author, article, django_capture_on_commit_callbacks):
    _tokyo_members(2)
    announcement = _announcement(author, article)
    with django_capture_on_commit_callbacks(execute=True):
        sending.announcement_submit(announcement=announcement, by=author)

    again = sending.announcement_send(announcement_id=announcement.pk)
    Announcement.objects.filter(pk=announcement.pk).update(status=AnnouncementStatus.SCHEDULED)
    once_more = sending.announcement_send(announcement_id=announcement.pk)

    assert (again, once_more) == (0, 0)
    assert Notification.objects.filter(kind=NotificationKind.ANNOUNCEMENT).count() == 2


def test_a_run_that_stopped_is_resumed_for_the_members_not_told(author, article):
    first, *others = _tokyo_members(3)
    announcement = _announcement(author, article)
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    Announcement.objects.filter(pk=announcement.pk).update(
        status=AnnouncementStatus.SENDING, scheduled_at=long_ago, sent_at=long_ago
    )
    AnnouncementRecipient.objects.create(announcement=announcement, member=first)

    assert sending.announcements_due() == [announcement.pk]
    assert sending.announcement_send(announcement_id=announcement.pk) == 2
    told = Notification.objects.values_list("recipient_id", flat=True)
    assert sorted(told) == sorted(m.pk for m in others)


def test_queries_are_constant_per_batch(author, article, monkeypatch):
    monkeypatch.setattr(sending, "BATCH", 2)
    members = _tokyo_members(6)
    counts = []
    for audience in (2, 4, 6):
        for member in members:
            member.prefecture = TOKYO if members.index(member) < audience else "01"
            member.save()
        announcement = _announcement(author, article)
        Announcement.objects.filter(pk=announcement.pk).update(
            status=AnnouncementStatus.SCHEDULED, scheduled_at=timezone.now()
        )
        with CaptureQueriesContext(connection) as queries:
            sent = sending.announcement_send(announcement_id=announcement.pk)
        assert sent == audience
        counts.append(len(queries))

    assert counts[2] - counts[1] == counts[1] - counts[0] > 0


def test_a_large_audience_waits_for_a_second_member_of_staff(
    author, article, settings, django_capture_on_commit_callbacks
):
    settings.ANNOUNCEMENT_APPROVAL_OVER = 2
    _tokyo_members(3)
    announcement = _announcement(author, article)
    sending.announcement_submit(announcement=announcement, by=author)
    assert announcement.status == AnnouncementStatus.AWAITING_APPROVAL
    assert not Notification.objects.exists()

    with pytest.raises(PermissionDenied):
        sending.announcement_approve(announcement=announcement, by=author)
    with pytest.raises(PermissionDenied):
        sending.announcement_approve(announcement=announcement, by=StaffUserFactory())
    approver = _sender()
    with django_capture_on_commit_callbacks(execute=True):
        sending.announcement_approve(announcement=announcement, by=approver)

    announcement.refresh_from_db()
    assert announcement.approved_by == approver
    assert announcement.status == AnnouncementStatus.SENT
    assert Notification.objects.count() == 3


def test_a_scheduled_announcement_goes_when_its_time_comes(
    author, article, django_capture_on_commit_callbacks
):
    _tokyo_members(1)
    announcement = _announcement(author, article)
    later = timezone.now() + datetime.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        sending.announcement_submit(announcement=announcement, by=author, send_at=later)

    call_command("announcements_send", stdout=io.StringIO())
    assert not Notification.objects.exists()
    assert sending.announcements_due(now=later) == [announcement.pk]
    assert sending.announcement_send(announcement_id=announcement.pk, now=later) == 1


def test_a_cancelled_announcement_is_never_sent(author, article):
    _tokyo_members(1)
    announcement = _announcement(author, article)
    later = timezone.now() + datetime.timedelta(hours=2)
    sending.announcement_submit(announcement=announcement, by=author, send_at=later)

    sending.announcement_cancel(announcement=announcement)

    assert sending.announcement_send(announcement_id=announcement.pk, now=later) == 0


def _sent(author, article, django_capture_on_commit_callbacks, count=1):
    members = _tokyo_members(count)
    announcement = _announcement(author, article)
    with django_capture_on_commit_callbacks(execute=True):
        sending.announcement_submit(announcement=announcement, by=author)
    return announcement, members


def test_the_link_counts_the_first_open_per_channel_then_goes_to_the_page(
    author, article, django_capture_on_commit_callbacks
):
    announcement, [member] = _sent(author, article, django_capture_on_commit_callbacks)
    link = Notification.objects.get(recipient=member).link
    client = Client()

    responses = [client.get(f"{link}?via={via}") for via in ("line", "line", "email", "")]

    assert {response.status_code for response in responses} == {302}
    assert responses[0]["Location"] == article.url
    opens = AnnouncementOpen.objects.filter(recipient__announcement=announcement)
    assert sorted(opens.values_list("channel", flat=True)) == ["email", "line", "site"]


def test_a_forged_link_counts_nothing_and_goes_home(
    author, article, django_capture_on_commit_callbacks
):
    _announcement_sent, [member] = _sent(author, article, django_capture_on_commit_callbacks)
    link = Notification.objects.get(recipient=member).link

    response = Client().get(link[:-3] + "xx/?via=line")

    assert response.status_code == 302 and response["Location"] == "/"
    assert not AnnouncementOpen.objects.exists()


def test_statistics_by_channel(author, article, settings, django_capture_on_commit_callbacks):
    """E-mail: three sent, and a fourth refused by the mail server on every attempt (the task's
    and each retry's) counted as failed; LINE: one sent, one failed."""
    settings.ANNOUNCEMENT_PRIVACY_MINIMUM = 1
    settings.EMAIL_BACKEND = "tests.refusing_mail.RefusingBackend"
    refused = MemberFactory(prefecture=TOKYO, region=None, email="refused@example.jp")
    refusing_mail.REFUSED.add(refused.email)
    try:
        announcement, _members = _sent(author, article, django_capture_on_commit_callbacks, count=3)
        ids = list(Notification.objects.values_list("pk", flat=True))
        for _retry in range(email_attempts_max() - 1):
            with pytest.raises(NotificationEmailError):
                notification_emails_send(notification_ids=ids)
    finally:
        refusing_mail.REFUSED.clear()
    notifications = list(Notification.objects.exclude(recipient=refused).order_by("pk"))
    Delivery.objects.create(
        notification=notifications[0], channel="line", status=DeliveryStatus.SENT
    )
    Delivery.objects.create(
        notification=notifications[1], channel="line", status=DeliveryStatus.FAILED
    )
    Client().get(f"{notifications[0].link}?via=line")
    announcements_unsubscribe(notification=notifications[2], via=NotificationChannel.EMAIL)

    stats = {row.label: row for row in announcement_stats(announcement)}

    assert (stats["メール"].sent.exact, stats["メール"].failed.exact) == (3, 1)
    assert stats["メール"].unsubscribed.exact == 1
    assert (stats["LINE"].sent.exact, stats["LINE"].failed.exact) == (1, 1)
    assert stats["LINE"].opened.exact == 1
    assert stats["ブラウザ通知"].sent.exact == 0
