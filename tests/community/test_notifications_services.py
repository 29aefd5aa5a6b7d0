"""Notifications (community.services.notifications): who hears of what, likes batched, the
moderators' decisions, following, the e-mail preference, the mails and the daily digest."""

import smtplib
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation

from community.models import (
    CommentStatus,
    Follow,
    ModerationAction,
    ModerationActionKind,
    Notification,
    NotificationEmail,
    NotificationKind,
)
from community.services import comments as comment_services
from community.services import likes as like_services
from community.services import notification_emails as emails
from community.services import notifications as services
from tests import refusing_mail
from tests.factories import (
    CommentFactory,
    PageDiscussionFactory,
    established_member,
)

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def alice(db):
    return established_member(display_name="アリス")


@pytest.fixture
def bob(db):
    return established_member(display_name="ボブ")


def _comment(**kwargs):
    """A published comment posted an hour ago (so its author may post again at once)."""
    return CommentFactory(created_at=timezone.now() - timedelta(hours=1), **kwargs)


def _post(django_capture_on_commit_callbacks, **kwargs):
    """comment_create with its after-commit work (notifications, e-mails) run."""
    with django_capture_on_commit_callbacks(execute=True):
        return comment_services.comment_create(**kwargs)


def _like(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return like_services.like_toggle(**kwargs)


def _notifications(member, kind=None):
    notifications = Notification.objects.filter(recipient=member)
    return list(notifications.filter(kind=kind) if kind else notifications)


# --- Replies ----------------------------------------------------------------------------------


def test_a_reply_notifies_the_author_of_the_parent(
    alice, bob, article, django_capture_on_commit_callbacks
):
    parent = _comment(page=article, author=alice)

    reply = _post(
        django_capture_on_commit_callbacks, author=bob, page=article, body="賛成です", parent=parent
    )

    [notification] = _notifications(alice)
    assert notification.kind == NotificationKind.REPLY
    assert notification.comment == reply and notification.actor == bob
    assert notification.message == "ボブ replied to your comment."
    assert notification.excerpt == "賛成です"


def test_a_reply_attached_at_depth_three_notifies_whom_it_names(
    alice, bob, article, django_capture_on_commit_callbacks
):
    carol = established_member()
    top = _comment(page=article, author=carol)
    middle = _comment(parent=top, author=carol)
    deepest = _comment(parent=middle, author=alice)

    reply = _post(
        django_capture_on_commit_callbacks, author=bob, page=article, body="返信", parent=deepest
    )

    assert reply.depth == 3 and reply.in_reply_to == deepest
    assert [n.comment for n in _notifications(alice, NotificationKind.REPLY)] == [reply]
    assert _notifications(carol, NotificationKind.REPLY) == []


def test_nobody_is_notified_of_their_own_reply(alice, article, django_capture_on_commit_callbacks):
    parent = _comment(page=article, author=alice)

    _post(
        django_capture_on_commit_callbacks, author=alice, page=article, body="追記", parent=parent
    )

    assert _notifications(alice) == []


def test_a_pending_reply_notifies_only_once_published(
    alice, bob, article, django_capture_on_commit_callbacks
):
    PageDiscussionFactory(page=article, mode="premoderated")
    parent = _comment(page=article, author=alice)
    reply = _post(
        django_capture_on_commit_callbacks, author=bob, page=article, body="返信", parent=parent
    )
    assert reply.status == CommentStatus.PENDING
    assert _notifications(alice) == []

    reply.status = CommentStatus.PUBLISHED
    reply.save()
    services.comment_published_notify(comment=reply)
    services.comment_published_notify(comment=reply)  # a second call announces nothing again

    assert [n.kind for n in _notifications(alice)] == [NotificationKind.REPLY]


def test_comment_published_notify_ignores_a_comment_that_is_not_published(alice, bob, article):
    parent = _comment(page=article, author=alice)
    hidden = _comment(parent=parent, author=bob, status=CommentStatus.HIDDEN)

    assert services.comment_published_notify(comment=hidden) == []
    assert _notifications(alice) == []


# --- Following --------------------------------------------------------------------------------


def test_followers_hear_of_new_comments_but_not_of_their_own(
    alice, bob, article, django_capture_on_commit_callbacks
):
    services.follow_toggle(member=alice, page=article)
    services.follow_toggle(member=bob, page=article)

    comment = _post(django_capture_on_commit_callbacks, author=bob, page=article, body="意見")

    [notification] = _notifications(alice)
    assert notification.kind == NotificationKind.FOLLOWED_COMMENT
    assert notification.comment == comment
    assert notification.message == f"ボブ commented on “{article.title}”, which you follow."
    assert _notifications(bob) == []


def test_commenting_follows_the_article(alice, bob, article, django_capture_on_commit_callbacks):
    _post(django_capture_on_commit_callbacks, author=alice, page=article, body="最初の意見")

    assert Follow.objects.filter(member=alice, page=article).exists()
    _post(django_capture_on_commit_callbacks, author=bob, page=article, body="二つ目の意見")
    assert [n.kind for n in _notifications(alice)] == [NotificationKind.FOLLOWED_COMMENT]


def test_a_follower_who_is_replied_to_hears_only_of_the_reply(
    alice, bob, article, django_capture_on_commit_callbacks
):
    parent = _post(django_capture_on_commit_callbacks, author=alice, page=article, body="意見")

    _post(django_capture_on_commit_callbacks, author=bob, page=article, body="返信", parent=parent)

    assert [n.kind for n in _notifications(alice)] == [NotificationKind.REPLY]


def test_follow_toggle_follows_and_unfollows(alice, article):
    assert services.follow_toggle(member=alice, page=article) is True
    assert services.follow_toggle(member=alice, page=article) is False
    assert not Follow.objects.filter(member=alice).exists()


# --- Likes ------------------------------------------------------------------------------------


def test_likes_accumulate_in_one_unread_notification(
    alice, bob, article, django_capture_on_commit_callbacks
):
    comment = _comment(page=article, author=alice)
    carol, dave = (
        established_member(display_name="キャロル"),
        established_member(display_name="デイブ"),
    )

    for liker in (bob, carol, dave):
        _like(django_capture_on_commit_callbacks, member=liker, comment=comment)

    [notification] = _notifications(alice)
    assert notification.kind == NotificationKind.LIKE
    assert notification.actor == dave and notification.actor_count == 3
    assert notification.message == "デイブ and 2 other members liked your comment."


def test_a_like_taken_back_and_given_again_counts_once(
    alice, bob, article, django_capture_on_commit_callbacks
):
    comment = _comment(page=article, author=alice)

    for _ in range(3):  # like, unlike, like
        _like(django_capture_on_commit_callbacks, member=bob, comment=comment)

    [notification] = _notifications(alice)
    assert notification.actor_count == 1
    assert notification.message == "ボブ liked your comment."


def test_a_read_like_notification_closes_the_batch(
    alice, bob, article, django_capture_on_commit_callbacks
):
    comment = _comment(page=article, author=alice)
    _like(django_capture_on_commit_callbacks, member=bob, comment=comment)
    services.notifications_mark_all_read(member=alice)

    _like(django_capture_on_commit_callbacks, member=established_member(), comment=comment)

    assert [n.actor_count for n in Notification.objects.filter(recipient=alice).unread()] == [1]
    assert len(_notifications(alice)) == 2


def test_liking_your_own_comment_notifies_nobody(
    alice, article, django_capture_on_commit_callbacks
):
    comment = _comment(page=article, author=alice)

    _like(django_capture_on_commit_callbacks, member=alice, comment=comment)

    assert _notifications(alice) == []


def test_likes_are_emailed_once_per_batch(alice, bob, article, django_capture_on_commit_callbacks):
    comment = _comment(page=article, author=alice)

    _like(django_capture_on_commit_callbacks, member=bob, comment=comment)
    _like(django_capture_on_commit_callbacks, member=established_member(), comment=comment)
    _like(django_capture_on_commit_callbacks, member=established_member(), comment=comment)

    assert [message.to for message in mail.outbox] == [[alice.email]]


# --- Moderation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        (ModerationActionKind.HIDE, "A moderator has hidden your comment."),
        (ModerationActionKind.DELETE, "A moderator has deleted your comment."),
        (ModerationActionKind.RESTORE, "A moderator has restored your comment."),
        (ModerationActionKind.APPROVE, "A moderator approved your comment; it is now published."),
    ],
)
def test_moderation_of_a_comment_notifies_its_author_with_the_reason(
    alice, moderator, article, kind, message
):
    comment = _comment(page=article, author=alice, body_source="問題の表現")
    action = ModerationAction.objects.create(
        moderator=moderator,
        kind=kind,
        comment=comment,
        member=alice,
        subject="問題の表現",
        reason="個人情報が含まれています",
    )

    notification = services.moderation_notify(action=action)

    assert _notifications(alice) == [notification]
    assert notification.message == message
    assert notification.excerpt == "問題の表現"
    assert notification.reason == "個人情報が含まれています"
    assert notification.actor is None  # moderators are not named to the member


def test_a_suspension_notifies_the_member(alice, moderator):
    action = ModerationAction.objects.create(
        moderator=moderator, kind=ModerationActionKind.SUSPEND, member=alice, reason="荒らし行為"
    )

    notification = services.moderation_notify(action=action)

    assert notification.message == "A moderator has suspended your account from posting."
    assert notification.comment is None and notification.excerpt == ""
    assert notification.reason == "荒らし行為"


def test_a_moderator_acting_on_their_own_comment_is_not_notified(moderator, article):
    comment = _comment(page=article, author=moderator)
    action = ModerationAction.objects.create(
        moderator=moderator, kind=ModerationActionKind.HIDE, comment=comment, member=moderator
    )

    assert services.moderation_notify(action=action) is None
    assert (
        services.moderation_notify(
            action=ModerationAction.objects.create(
                moderator=moderator, kind=ModerationActionKind.HIDE, comment=comment
            )
        )
        is None
    )
    assert not Notification.objects.exists()


def test_an_action_is_notified_once(alice, moderator, article):
    comment = _comment(page=article, author=alice)
    action = ModerationAction.objects.create(
        moderator=moderator, kind=ModerationActionKind.HIDE, comment=comment, member=alice
    )

    services.moderation_notify(action=action)
    assert services.moderation_notify(action=action) is None
    assert len(_notifications(alice)) == 1


# --- E-mail: immediately ----------------------------------------------------------------------


def test_an_immediate_email_says_what_happened_with_a_link_and_unsubscribe_headers(
    alice, bob, article, django_capture_on_commit_callbacks
):
    parent = _comment(page=article, author=alice)

    reply = _post(
        django_capture_on_commit_callbacks,
        author=bob,
        page=article,
        body="電子申請に賛成です",
        parent=parent,
    )

    [message] = mail.outbox
    notification = Notification.objects.get(recipient=alice)
    with translation.override("ja"):
        expected = notification.message
    assert message.to == [alice.email]
    assert message.subject == f"[寄り合い] {expected}"
    assert expected in message.body and "アリス" in message.body
    assert "電子申請に賛成です" in message.body
    assert article.title in message.body
    assert f"http://localhost/comments/{reply.pk}/\n" in message.body  # the comment's permalink
    token = emails.unsubscribe_token(alice)
    unsubscribe_url = f"http://localhost/accounts/notifications/unsubscribe/{token}/"
    assert unsubscribe_url in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe_url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "http://localhost/accounts/notifications/settings/" in message.body
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_a_suspension_email_gives_the_reason(alice, moderator, django_capture_on_commit_callbacks):
    action = ModerationAction.objects.create(
        moderator=moderator, kind=ModerationActionKind.SUSPEND, member=alice, reason="荒らし行為"
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.moderation_notify(action=action)

    [message] = mail.outbox
    assert "荒らし行為" in message.body


@pytest.mark.parametrize("preference", [NotificationEmail.DAILY, NotificationEmail.NONE])
def test_members_on_the_digest_or_without_email_get_no_immediate_email(
    bob, article, preference, django_capture_on_commit_callbacks
):
    alice = established_member(notification_email=preference)
    parent = _comment(page=article, author=alice)

    _post(django_capture_on_commit_callbacks, author=bob, page=article, body="返信", parent=parent)

    assert len(_notifications(alice)) == 1
    assert mail.outbox == []


def test_a_notification_is_emailed_at_most_once(alice, bob, article):
    parent = _comment(page=article, author=alice)
    reply = _comment(parent=parent, author=bob)
    [notification] = services.comment_published_notify(comment=reply)

    assert emails.notification_emails_send(notification_ids=[notification.pk]) == 1
    assert emails.notification_emails_send(notification_ids=[notification.pk]) == 0
    assert len(mail.outbox) == 1


def test_a_reply_hidden_before_its_email_goes_is_not_emailed(alice, bob, article):
    parent = _comment(page=article, author=alice)
    reply = _comment(parent=parent, author=bob)
    [notification] = services.comment_published_notify(comment=reply)
    reply.status = CommentStatus.HIDDEN
    reply.save()

    assert emails.notification_emails_send(notification_ids=[notification.pk]) == 0
    assert mail.outbox == []


def test_a_notification_read_before_its_email_goes_is_not_emailed(alice, bob, article):
    parent = _comment(page=article, author=alice)
    [notification] = services.comment_published_notify(comment=_comment(parent=parent, author=bob))
    services.notification_mark_read(notification=notification, member=alice)

    assert emails.notification_emails_send(notification_ids=[notification.pk]) == 0


@pytest.fixture
def refused(settings):
    """Addresses the mail server refuses (tests.refusing_mail)."""
    settings.EMAIL_BACKEND = "tests.refusing_mail.RefusingBackend"
    refusing_mail.REFUSED.clear()
    yield refusing_mail.REFUSED
    refusing_mail.REFUSED.clear()


def test_an_email_refused_every_time_is_given_up_after_the_last_retry(alice, bob, article, refused):
    """Each attempt (the task's first run, then each of core.background's retries) tries again
    what failed and counts the failure; after the last the notification is left as failed and
    nothing tries it any more."""
    parent = _comment(page=article, author=alice)
    [notification] = services.comment_published_notify(comment=_comment(parent=parent, author=bob))
    refused.add(alice.email)

    for _attempt in range(emails.email_attempts_max()):
        with pytest.raises(emails.NotificationEmailError):
            emails.notification_emails_send(notification_ids=[notification.pk])

    assert emails.notification_emails_send(notification_ids=[notification.pk]) == 0
    notification.refresh_from_db()
    assert notification.emailed_at is None
    assert notification.email_failures == emails.email_attempts_max()
    assert emails.notification_email_counts(Notification.objects.all()) == {"sent": 0, "failed": 1}
    assert mail.outbox == []


def test_an_email_that_goes_on_a_retry_is_sent_not_failed(alice, bob, article, refused):
    parent = _comment(page=article, author=alice)
    [notification] = services.comment_published_notify(comment=_comment(parent=parent, author=bob))
    refused.add(alice.email)
    with pytest.raises(emails.NotificationEmailError):
        emails.notification_emails_send(notification_ids=[notification.pk])
    refused.clear()

    assert emails.notification_emails_send(notification_ids=[notification.pk]) == 1
    assert emails.notification_email_counts(Notification.objects.all()) == {"sent": 1, "failed": 0}


def test_a_digest_refused_every_time_is_given_up_and_counted(bob, article, refused):
    member = _digest_member()
    parent = _comment(page=article, author=member)
    services.comment_published_notify(comment=_comment(parent=parent, author=bob))
    refused.add(member.email)

    for _attempt in range(emails.email_attempts_max()):
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            emails.notification_digest_send(recipient_id=member.pk)

    assert emails.notification_digest_recipients() == []
    assert emails.notification_email_counts(Notification.objects.all()) == {"sent": 0, "failed": 1}


# --- E-mail: the daily digest -----------------------------------------------------------------


def _digest_member():
    return established_member(
        display_name="ダイジェスト", notification_email=NotificationEmail.DAILY
    )


def test_the_digest_lists_every_notification_not_yet_emailed_once(bob, article):
    alice = _digest_member()
    parent = _comment(page=article, author=alice, body_source="元の意見")
    services.comment_published_notify(
        comment=_comment(parent=parent, author=bob, body_source="返信その一")
    )
    services.like_notify(comment=parent, member=bob)

    call_command("send_notification_digests", verbosity=0)

    [message] = mail.outbox
    assert message.to == [alice.email]
    assert "返信その一" in message.body and "元の意見" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert not Notification.objects.filter(recipient=alice, emailed_at__isnull=True).exists()


def test_the_digest_command_is_idempotent(bob, article):
    alice = _digest_member()
    parent = _comment(page=article, author=alice)
    services.comment_published_notify(comment=_comment(parent=parent, author=bob))

    call_command("send_notification_digests", verbosity=0)
    call_command("send_notification_digests", verbosity=0)
    assert len(mail.outbox) == 1

    services.comment_published_notify(comment=_comment(parent=parent, author=bob))
    call_command("send_notification_digests", verbosity=0)
    assert len(mail.outbox) == 2
    assert mail.outbox[1].body.count("> ") == 1  # only the new one


def test_the_digest_skips_read_notifications_and_other_preferences(bob, article):
    alice = _digest_member()
    immediate = established_member()
    silent = established_member(notification_email=NotificationEmail.NONE)
    for member in (alice, immediate, silent):
        parent = _comment(page=article, author=member)
        services.comment_published_notify(comment=_comment(parent=parent, author=bob))
    services.notifications_mark_all_read(member=alice)

    call_command("send_notification_digests", verbosity=0)

    assert mail.outbox == []


def test_the_digest_lists_at_most_twenty_and_counts_the_rest(bob, article, settings):
    alice = _digest_member()
    parent = _comment(page=article, author=alice)
    for _ in range(emails.DIGEST_MAX_ITEMS + 3):
        services.comment_published_notify(comment=_comment(parent=parent, author=bob))
    settings.LANGUAGE_CODE = "en"  # e-mails are written in the site's language

    call_command("send_notification_digests", verbosity=0)

    [message] = mail.outbox
    assert message.subject == "[寄り合い] 23 new notifications"
    assert message.body.count("ボブ replied to your comment.") == 20
    assert "…and 3 more notifications in your list." in message.body


def test_the_digest_command_says_how_many_digests_it_queued(bob, article):
    for _ in range(2):
        parent = _comment(page=article, author=_digest_member())
        services.comment_published_notify(comment=_comment(parent=parent, author=bob))
    output = StringIO()

    call_command("send_notification_digests", stdout=output)

    assert output.getvalue().strip() == "Queued the daily digest for 2 members."
    assert len(mail.outbox) == 2
