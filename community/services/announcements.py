"""Writes for announcements from the operators (NotificationKind.ANNOUNCEMENT): putting one in
members' notification lists, and whether a member takes announcements at all (User.announcements:
their settings, the one-click link of an announcement's e-mail, 「配信停止」 on LINE).

The app that composes announcements (outreach, above this one) chooses the recipients; nothing
here names it."""

from django.core import signing
from django.db import transaction
from django.utils import timezone

from ..models import Notification, NotificationKind, User
from .notification_emails import ANNOUNCEMENTS_UNSUBSCRIBE_SALT
from .notifications import _emails_enqueue


def announcement_notifications_create(*, links, title, text):
    """One ANNOUNCEMENT notification saying `title` and `text` for each member of `links`
    ({member pk: where it leads, a path or a full address}), e-mailed and delivered on the
    other channels as each chose. One INSERT (and the tasks queued after the commit), whatever
    the number. Returns the new Notifications."""
    notifications = [
        Notification(
            recipient_id=member_id,
            kind=NotificationKind.ANNOUNCEMENT,
            title=title,
            text=text,
            link=link,
        )
        for member_id, link in links.items()
    ]
    with transaction.atomic():
        created = Notification.objects.bulk_create(notifications)
        _emails_enqueue(created)
    return created


def announcements_set(*, member, wanted):
    """Whether `member` takes announcements from now on; returns the member."""
    member.announcements = wanted
    User.objects.filter(pk=member.pk).update(announcements=wanted)
    return member


def announcements_unsubscribe(*, notification, via):
    """Turn announcements off for the recipient of `notification` (an ANNOUNCEMENT), from it
    on channel `via` (a NotificationChannel): the first time is remembered on it, for the
    statistics of its announcement. Returns the member."""
    member = notification.recipient
    with transaction.atomic():
        announcements_set(member=member, wanted=False)
        Notification.objects.filter(pk=notification.pk, unsubscribed_at__isnull=True).update(
            unsubscribed_at=timezone.now(), unsubscribed_via=via
        )
    return member


def announcement_unsubscribe_notification(token):
    """The announcement a one-click `token` was made for (its recipient active), or None when
    the token was altered or made by another site."""
    try:
        pk = signing.Signer(salt=ANNOUNCEMENTS_UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    if not pk.isdigit():
        return None
    return (
        Notification.objects.select_related("recipient")
        .filter(pk=pk, kind=NotificationKind.ANNOUNCEMENT, recipient__is_active=True)
        .first()
    )
