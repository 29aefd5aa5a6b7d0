"""Reads for notifications: a member's notifications, how many are unread, where one leads,
and whether a member follows a page."""

from django.urls import reverse

from ..models import Follow, Notification


def notification_list(*, member):
    """The notifications of `member` that are still shown (NotificationQuerySet.shown), newest
    first (the latest like of a batch counts), with what their messages need: actor, comment,
    page and moderation action."""
    return (
        Notification.objects.filter(recipient=member)
        .shown()
        .select_related("actor", "comment__page", "moderation_action", "topic", "proposal", "page")
        .order_by("-updated_at", "-pk")
    )


def notification_unread_count(*, member):
    """How many shown notifications `member` has not read (one query)."""
    return Notification.objects.filter(recipient=member).unread().shown().count()


def notification_target_url(*, notification):
    """Where opening `notification` leads: its comment's permalink, or None when it concerns
    no comment (a suspension)."""
    if notification.comment_id is None:
        return None
    return reverse("community:comment_permalink", args=[notification.comment_id])


def page_followed(*, member, page):
    """Whether `member` follows `page` (False for anonymous visitors, without a query)."""
    if member is None or not member.is_authenticated:
        return False
    return Follow.objects.filter(member_id=member.pk, page_id=page.pk).exists()
