"""Writes for notifications: telling members what happened to their comments and on the
articles they follow, following pages, reading notifications, the e-mail preference, and where
a notification leads. The e-mails themselves are notification_emails.py.

Nobody is told of their own actions, and nothing is said about a comment until it is
published: comment_published_notify is called by comment_create for a comment published at
once, and by the moderation services when a waiting comment is approved.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from core.pages import site_url

from ..models import (
    CommentStatus,
    Follow,
    Like,
    Notification,
    NotificationEmail,
    NotificationKind,
    TopicIndexPage,
    User,
)
from ..models.notifications import MODERATION_MESSAGES, NEW_COMMENT_KINDS
from ..selectors.notifications import notification_target_url
from ..selectors.topics import topic_participants
from .notification_channels import notifications_announce_on_commit

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
