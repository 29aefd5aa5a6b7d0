"""What became of a sent announcement, by channel: sent, failed, opened (the first opening of
its link per recipient and channel, opens.py) and unsubscribed (recipients who turned
announcements off from it). Four grouped queries whatever the number of recipients; each figure
as staff may see it (audience.counted: exact from the privacy minimum up). An e-mail has failed
once community gave it up (notification_emails.notification_email_counts), as a LINE or browser
delivery once it is `failed`."""

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from community.models import Notification, NotificationChannel
from community.services.notification_emails import notification_email_counts

from ..models import Delivery, DeliveryStatus
from .audience import counted
from .models import AnnouncementOpen
from .opens import SITE


@dataclass(frozen=True)
class ChannelStats:
    label: str
    sent: object  # AudienceCount, or None where the figure does not apply
    failed: object
    opened: object
    unsubscribed: object


def announcement_stats(announcement):
    """[ChannelStats] for e-mail, LINE, browser notifications and the site's notification list."""
    notifications = Notification.objects.filter(
        pk__in=announcement.recipients.values("notification_id")
    )
    deliveries = dict(_delivery_counts(notifications))
    opened = _grouped(
        AnnouncementOpen.objects.filter(recipient__announcement=announcement), "channel"
    )
    unsubscribed = _grouped(notifications.exclude(unsubscribed_via=""), "unsubscribed_via")
    emails = notification_email_counts(notifications)

    def row(channel, label, sent, failed):
        return ChannelStats(
            label=label,
            sent=sent,
            failed=failed,
            opened=counted(opened.get(channel, 0)),
            unsubscribed=counted(unsubscribed.get(channel, 0)),
        )

    return [
        row(
            NotificationChannel.EMAIL,
            NotificationChannel.EMAIL.label,
            counted(emails["sent"]),
            counted(emails["failed"]),
        ),
        *(
            row(
                channel,
                channel.label,
                counted(deliveries.get((channel, DeliveryStatus.SENT), 0)),
                counted(deliveries.get((channel, DeliveryStatus.FAILED), 0)),
            )
            for channel in (NotificationChannel.LINE, NotificationChannel.PUSH)
        ),
        row(SITE, _("Notification list on the site"), None, None),
    ]


def _delivery_counts(notifications):
    rows = (
        Delivery.objects.filter(notification__in=notifications)
        .values("channel", "status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return [((row["channel"], row["status"]), row["count"]) for row in rows]


def _grouped(queryset, field):
    rows = queryset.values(field).annotate(count=Count("pk")).order_by()
    return {row[field]: row["count"] for row in rows}
