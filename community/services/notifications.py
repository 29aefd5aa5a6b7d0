"""Writes for notifications: telling members what happened to their comments and on the
articles they follow, following pages, reading notifications, the e-mail preference, and the
e-mails themselves (sent by community.tasks, never during a request).

Nobody is told of their own actions, and nothing is said about a comment until it is
published: comment_published_notify is called by comment_create for a comment published at
once, and by the moderation services when a waiting comment is approved.
"""

import logging
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core.pages import site_url

from ..models import (
    CommentStatus,
    Follow,
    Like,
    Notification,
    NotificationChannel,
    NotificationEmail,
    NotificationKind,
    TopicIndexPage,
    User,
)
from ..models.notifications import MODERATION_MESSAGES, NEW_COMMENT_KINDS
from ..selectors.notifications import notification_target_url
from ..selectors.topics import topic_participants
from .notification_channels import notifications_announce_on_commit, opted_out

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "community.notifications.unsubscribe"
ANNOUNCEMENTS_UNSUBSCRIBE_SALT = "community.notifications.announcements"
DIGEST_MAX_ITEMS = 20
DIGEST_MAX_AGE = timedelta(days=7)  # older unread notifications are left to the list
EMAIL_SUBJECT_PREFIX = "[寄り合い] "


# --- Telling members --------------------------------------------------------------------------


def comment_published_notify(*, comment):
    """Announce the newly published `comment`: the member it replies to (the author of
    `in_reply_to` for a reply attached at depth 3, of `parent` otherwise) hears of the reply,
    every other follower of the page of a new comment; its author follows the page from now on.

    Returns the new Notifications. Does nothing for a comment that is not published, or that
    was announced before (a comment restored after being hidden is not announced again)."""
    if comment.status != CommentStatus.PUBLISHED:
        return []
    if comment.author_id:
        follow_add(member_id=comment.author_id, page_id=comment.page_id)
    if Notification.objects.filter(comment=comment, kind__in=NEW_COMMENT_KINDS).exists():
        return []
    notifications = [
        Notification(recipient_id=member_id, kind=kind, actor_id=comment.author_id, comment=comment)
        for member_id, kind in _comment_audience(comment)
    ]
    with transaction.atomic():
        created = Notification.objects.bulk_create(notifications)
        _emails_enqueue(created)
    return created


def _comment_audience(comment):
    """(member pk, NotificationKind) for everyone to tell of `comment`: the member it answers
    (REPLY), then the page's other active followers (FOLLOWED_COMMENT); never its author."""
    replied_to = _replied_member_id(comment)
    if replied_to:
        yield replied_to, NotificationKind.REPLY
    followers = (
        Follow.objects.filter(page_id=comment.page_id, member__is_active=True)
        .exclude(member_id__in=[pk for pk in (comment.author_id, replied_to) if pk])
        .values_list("member_id", flat=True)
    )
    for member_id in followers:
        yield member_id, NotificationKind.FOLLOWED_COMMENT


def _replied_member_id(comment):
    """The member `comment` answers, unless that is its own author or they have left."""
    answered = comment.in_reply_to if comment.in_reply_to_id else comment.parent
    if answered is None or not answered.author_id or answered.author_id == comment.author_id:
        return None
    return answered.author_id


def like_notify(*, comment, member):
    """Tell the author of `comment` that `member` liked it. Likes accumulate in one unread
    notification per comment (「AさんとほかN人が…」), e-mailed once, when it begins.

    Returns the notification, or None when there is nobody to tell (one's own comment, a
    departed author, a comment that is not published)."""
    author_id = comment.author_id
    if not author_id or author_id == member.pk or comment.status != CommentStatus.PUBLISHED:
        return None
    try:
        with transaction.atomic():
            return _like_batch_add(comment=comment, member=member)
    except IntegrityError:
        # A parallel like began the batch first (notification_one_unread_like_batch).
        with transaction.atomic():
            return _like_batch_add(comment=comment, member=member)


def _like_batch_add(*, comment, member):
    now = timezone.now()
    batches = Notification.objects.select_for_update().filter(
        recipient_id=comment.author_id, kind=NotificationKind.LIKE, comment=comment
    )
    notification = batches.unread().first()
    began = notification is None
    if began:
        liked_at = Like.objects.filter(member=member, comment=comment).values_list(
            "created_at", flat=True
        )
        notification = Notification.objects.create(
            recipient_id=comment.author_id,
            kind=NotificationKind.LIKE,
            comment=comment,
            actor=member,
            created_at=liked_at.first() or now,
            updated_at=now,
        )
    # Counted from the likes themselves, so a like taken back and given again counts once.
    likers = Like.objects.filter(comment=comment, created_at__gte=notification.created_at)
    notification.actor = member
    notification.actor_count = max(1, likers.exclude(member_id=comment.author_id).count())
    notification.updated_at = now
    notification.save(update_fields=["actor", "actor_count", "updated_at"])
    if began:
        _emails_enqueue([notification])
    return notification


def moderation_notify(*, action):
    """Tell the member concerned by `action` (a ModerationAction: approve, hide, delete,
    restore, suspend or lift a suspension) what a moderator decided, with the reason.

    Returns the Notification, or None when there is nobody to tell: no member (a departed
    author), the moderator acting on their own content, or an action already notified."""
    member_id = action.member_id or (action.comment.author_id if action.comment_id else None)
    if not member_id or member_id == action.moderator_id or action.kind not in MODERATION_MESSAGES:
        return None
    if Notification.objects.filter(moderation_action=action).exists():
        return None
    with transaction.atomic():
        notification = Notification.objects.create(
            recipient_id=member_id,
            kind=NotificationKind.MODERATION,
            comment_id=action.comment_id,
            moderation_action=action,
            created_at=action.created_at,
            updated_at=action.created_at,
        )
        _emails_enqueue([notification])
    return notification


def topic_closed_notify(*, topic):
    """Tell everyone who took part in `topic` (opinions, replies, votes) that staff closed it,
    except the member of staff who closed it. Returns the new Notifications; none when the
    topic was announced closed before."""
    closure = topic.closure_or_none
    if (
        closure is None
        or Notification.objects.filter(topic=topic, kind=NotificationKind.TOPIC_CLOSED).exists()
    ):
        return []
    notifications = [
        Notification(
            recipient_id=member_id,
            kind=NotificationKind.TOPIC_CLOSED,
            actor_id=closure.closed_by_id,
            topic=topic,
        )
        for member_id in topic_participants(topic_id=topic.pk).values_list("pk", flat=True)
        if member_id != closure.closed_by_id
    ]
    with transaction.atomic():
        created = Notification.objects.bulk_create(notifications)
        _emails_enqueue(created)
    return created


def proposal_decided_notify(*, proposal):
    """Tell the proposer a moderator accepted or declined their topic proposal (once)."""
    if not proposal.proposer_id or not proposal.decided_at:
        return None
    with transaction.atomic():
        notification, created = Notification.objects.get_or_create(
            recipient_id=proposal.proposer_id,
            kind=NotificationKind.PROPOSAL_DECIDED,
            proposal=proposal,
            defaults={"actor_id": proposal.decided_by_id},
        )
        if created:
            _emails_enqueue([notification])
    return notification


def answers_published_notify(*, page, anchors):
    """Tell each member in `anchors` ({member id: the id of their row on `page`}) that an
    official answer to their opinion is published on `page`. Once per member and page: a
    member told before is not told again (the database refuses a second one: a task run twice
    at once fails once, and its retry finds them told). Returns the new Notifications."""
    told = set(
        Notification.objects.filter(kind=NotificationKind.ANSWERED, page=page).values_list(
            "recipient_id", flat=True
        )
    )
    notifications = [
        Notification(
            recipient_id=member_id, kind=NotificationKind.ANSWERED, page=page, anchor=anchor
        )
        for member_id, anchor in anchors.items()
        if member_id not in told
    ]
    with transaction.atomic():
        created = Notification.objects.bulk_create(notifications)
        _emails_enqueue(created)
    return created


def page_notice_add(*, recipient_id, page, notice, anchor=""):
    """Put a NOTICE (a code registered with models.notifications.page_notices_register) about
    `page` in the member's notification list. Not e-mailed from here: the app that tells them
    sends its own e-mail (an event's carries its calendar file). Returns the Notification."""
    notification = Notification.objects.create(
        recipient_id=recipient_id,
        kind=NotificationKind.NOTICE,
        page=page,
        notice=notice,
        anchor=anchor,
        emailed_at=timezone.now(),
    )
    notifications_announce_on_commit([notification])
    return notification


def _emails_enqueue(notifications):
    """E-mail the notifications of members who want them at once, and tell the other channels
    of them, after the transaction."""
    ids = [notification.pk for notification in notifications]
    if ids:
        from ..tasks import notification_emails_send

        transaction.on_commit(lambda: notification_emails_send.enqueue(notification_ids=ids))
    notifications_announce_on_commit(notifications)


# --- Following pages --------------------------------------------------------------------------


def follow_add(*, member_id, page_id):
    """Make the member follow the page (nothing changes if they already do)."""
    Follow.objects.bulk_create(
        [Follow(member_id=member_id, page_id=page_id)], ignore_conflicts=True
    )


def follow_toggle(*, member, page):
    """Follow `page` for `member`, or stop following it if they did; returns whether they
    follow it now."""
    with transaction.atomic():
        removed, _counts = Follow.objects.filter(member=member, page_id=page.pk).delete()
        if not removed:
            follow_add(member_id=member.pk, page_id=page.pk)
    return not removed


# --- Reading ----------------------------------------------------------------------------------


def notification_mark_read(*, notification, member):
    """Mark `notification` read for its recipient `member`; returns it."""
    if notification.recipient_id != member.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notifications_mark_all_read(*, member):
    """Mark every unread notification of `member` read; returns how many there were."""
    return Notification.objects.filter(recipient=member).unread().update(read_at=timezone.now())


def notification_email_set(*, member, preference):
    """Set how often `member` is e-mailed (a NotificationEmail value); returns the member."""
    if preference not in NotificationEmail.values:
        raise ValueError(f"Unknown notification e-mail preference: {preference!r}")
    member.notification_email = preference
    User.objects.filter(pk=member.pk).update(notification_email=preference)
    return member


# --- Unsubscribing ----------------------------------------------------------------------------


def unsubscribe_token(member):
    """The signed token of the one-click unsubscribe link in `member`'s e-mails."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(member.pk))


def unsubscribe_member(token):
    """The member an unsubscribe `token` was made for, or None when it was altered, made by
    another site, or the account no longer exists."""
    try:
        pk = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=pk, is_active=True).first() if pk.isdigit() else None


# --- E-mail (run by community.tasks) ----------------------------------------------------------


def notification_emails_send(*, notification_ids):
    """E-mail each of the notifications whose recipient wants e-mail immediately, unless it
    was e-mailed or read already. Returns how many e-mails were sent.

    One address that is refused does not stop the others: its notification is released for a
    later attempt and, once the rest are sent, NotificationEmailError makes the task fail
    visibly (django-tasks keeps it for staff; a retry sends only what is left)."""
    sent, failed = 0, []
    for pk in _email_due(notification_ids):
        notification = _email_claim(pk)
        if notification is None:
            continue
        try:
            _email_send(
                recipient=notification.recipient,
                template="community/email/notification",
                context={"notification": notification, "url": _email_link(notification)},
                unsubscribe_path=_unsubscribe_path(notification),
            )
        except Exception:
            logger.exception("Notification %s could not be e-mailed", pk)
            Notification.objects.filter(pk=pk).update(emailed_at=None)
            failed.append(pk)
        else:
            sent += 1
    if failed:
        raise NotificationEmailError(f"Not e-mailed: notifications {failed}")
    return sent


class NotificationEmailError(Exception):
    """Some notifications could not be e-mailed (each was released to be tried again)."""


def _emails_due_now():
    """Notifications to e-mail at once: unread, shown, to an active member who wants e-mail
    immediately and did not turn the kind off for e-mail."""
    return (
        Notification.objects.shown()
        .filter(
            read_at__isnull=True,
            recipient__is_active=True,
            recipient__notification_email=NotificationEmail.IMMEDIATELY,
        )
        .exclude(opted_out(NotificationChannel.EMAIL))
        .exclude(kind=NotificationKind.ANNOUNCEMENT, recipient__announcements=False)
    )


def _email_due(notification_ids):
    """Of `notification_ids`, those to e-mail now, in their order (one query: an announcement
    to thousands on the digest claims none of them one by one)."""
    due = set(
        _emails_due_now()
        .filter(pk__in=notification_ids, emailed_at__isnull=True)
        .values_list("pk", flat=True)
    )
    return [pk for pk in notification_ids if pk in due]


def _email_claim(pk):
    """The notification, marked e-mailed, when it is due to be e-mailed now; else None.

    The claim is its own short transaction, so no write lock is held while mail is sent. The
    conditions sit on the UPDATE itself, which PostgreSQL checks again on a row a parallel
    worker just claimed: only one of them sends."""
    due = _emails_due_now().filter(pk=pk)
    claimed = Notification.objects.filter(
        pk=pk, emailed_at__isnull=True, pk__in=due.values("pk")
    ).update(emailed_at=timezone.now())
    return _with_related(Notification.objects).get(pk=pk) if claimed else None


def notification_digest_recipients():
    """Pks of members on the daily digest who have notifications not yet e-mailed."""
    return list(_digest_due().order_by().values_list("recipient_id", flat=True).distinct())


def notification_digest_send(*, recipient_id):
    """E-mail `recipient_id` one digest of their unread notifications not yet e-mailed (the
    newest DIGEST_MAX_ITEMS listed, the rest counted), and mark them e-mailed. Running it
    again sends nothing until something new happens; a digest that cannot be sent is released
    for the next run. Returns how many were included."""
    now = timezone.now()
    ids = list(_digest_due().filter(recipient_id=recipient_id).values_list("pk", flat=True))
    if not ids or not Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(
        emailed_at=now
    ):
        return 0
    claimed = Notification.objects.filter(pk__in=ids, emailed_at=now)
    notifications = list(_with_related(claimed).order_by("-updated_at", "-pk"))
    items = [
        {"notification": notification, "url": _email_link(notification)}
        for notification in notifications[:DIGEST_MAX_ITEMS]
    ]
    try:
        _email_send(
            recipient=notifications[0].recipient,
            template="community/email/digest",
            context={
                "items": items,
                "count": len(notifications),
                "more": len(notifications) - len(items),
            },
        )
    except Exception:
        claimed.update(emailed_at=None)
        raise
    return len(notifications)


def _digest_due():
    return (
        Notification.objects.unread()
        .shown()
        .filter(
            emailed_at__isnull=True,
            updated_at__gte=timezone.now() - DIGEST_MAX_AGE,
            recipient__is_active=True,
            recipient__notification_email=NotificationEmail.DAILY,
        )
        .exclude(opted_out(NotificationChannel.EMAIL))
        .exclude(kind=NotificationKind.ANNOUNCEMENT, recipient__announcements=False)
    )


def _with_related(queryset):
    return queryset.select_related(
        "recipient",
        "actor",
        "comment__page",
        "moderation_action",
        "topic__closure",
        "proposal",
        "page",
    )


def notification_target_path(*, notification):
    """Where opening `notification` leads, as a path: a closed topic's page (its conclusion
    is on top); the member's list of proposals at the decided one (the accepted topic is a
    draft nobody else can see yet; a declined one shows the reason there); the page of an
    official answer or a notice (at its anchor, if any); else the comment's permalink
    (selectors.notifications.notification_target_url). None when there is nowhere."""
    if notification.kind == NotificationKind.TOPIC_CLOSED:
        topic = notification.topic
        return topic.get_url() if topic is not None and topic.live else None
    if notification.kind == NotificationKind.PROPOSAL_DECIDED:
        return _proposal_list_path(notification.proposal_id)
    if notification.kind == NotificationKind.ANNOUNCEMENT:
        return notification.link or None
    if notification.kind in (NotificationKind.ANSWERED, NotificationKind.NOTICE):
        page = notification.page
        if page is None or not page.live:
            return None
        return f"{page.get_url()}#{notification.anchor}" if notification.anchor else page.get_url()
    return notification_target_url(notification=notification)


def _proposal_list_path(proposal_id):
    index = TopicIndexPage.objects.live().first()
    if index is None or proposal_id is None:
        return None
    return f"{index.get_url()}{index.reverse_subpage('my_proposals')}#proposal-{proposal_id}"


def notification_link(notification, *, channel=""):
    """The full address of what the notification is about, or None. An announcement's says
    on which `channel` (a NotificationChannel value) it was followed, for its statistics."""
    with translation.override(settings.LANGUAGE_CODE):  # the language the e-mails are in
        path = notification_target_path(notification=notification)
    if path and channel and notification.kind == NotificationKind.ANNOUNCEMENT:
        path = f"{path}?{urlencode({'via': channel})}"
    if path and path.startswith(("http://", "https://")):
        return path
    return site_url(path) if path else None


def _email_link(notification):
    return notification_link(notification, channel=NotificationChannel.EMAIL)


def _unsubscribe_path(notification):
    """An announcement's one-click link turns announcements off (and is counted for it); every
    other e-mail's stops notification e-mails (None: the default)."""
    if notification.kind != NotificationKind.ANNOUNCEMENT:
        return None
    token = signing.Signer(salt=ANNOUNCEMENTS_UNSUBSCRIBE_SALT).sign(str(notification.pk))
    return reverse("community:announcements_unsubscribe", args=[token])


def _email_send(*, recipient, template, context, unsubscribe_path=None):
    """Render `template`_subject.txt and _body.txt in the site's language (Japanese: the
    site keeps no language per member) and send them to `recipient` with the one-click
    unsubscribe headers of RFC 8058 (to `unsubscribe_path`, or by default the link that stops
    notification e-mails)."""
    with translation.override(settings.LANGUAGE_CODE):
        if unsubscribe_path is None:
            unsubscribe_path = reverse("community:unsubscribe", args=[unsubscribe_token(recipient)])
        unsubscribe_url = site_url(unsubscribe_path)
        context = {
            **context,
            "recipient": recipient,
            "unsubscribe_url": unsubscribe_url,
            "settings_url": site_url(reverse("community:notification_settings")),
            "list_url": site_url(reverse("community:notification_list")),
        }
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    EmailMessage(
        subject=f"{EMAIL_SUBJECT_PREFIX}{subject}",
        body=body,
        to=[recipient.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    ).send()
