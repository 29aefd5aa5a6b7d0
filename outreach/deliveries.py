"""Delivering notifications on LINE and as browser notifications: planning each
(notification, channel) once, holding it through the member's quiet hours, sending it once,
and trying again when the provider asks.

- **Planned** after the commit that made the notifications (community's
  `notifications_announced`, receivers.py), by a task: one Delivery per notification and
  channel whose recipient can receive on it and did not turn the kind off there
  (community.NotificationOptOut). The pair is unique, so planning twice plans once. A
  constant number of queries per batch of notifications, whatever their number.
- **Held**: a delivery planned within the recipient's quiet hours (QuietHours; 21:00–8:00
  Japan time when they set none) is due when they end; `manage.py deliveries_send` (cron, every
  few minutes) queues what has come due.
- **Sent** by a task that first claims the delivery with one conditional UPDATE (pending and
  due → sending): a task run twice, or two workers, send it once. Sent → `sent`; the provider
  busy (5xx, 429) → back to `pending`, due after a growing delay (or the provider's
  Retry-After), and the task fails so that staff see it and core.background queues it again;
  nobody to send to (an expired subscription, a blocked account) → `skipped`; refused for good
  → `failed`, and the task fails with the reason (Settings → Background tasks).
- A delivery left `sending` by a worker that died is pending again after STALE_AFTER.
"""

import datetime
import logging

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from community.models import Notification, NotificationKind, NotificationOptOut
from core.japan import japan_zone

from .channels import DeliveryGone, DeliveryRetry, outreach_channels
from .models import Delivery, DeliveryStatus, QuietHours

logger = logging.getLogger(__name__)

SEND_BATCH = 200  # deliveries per send task
MAX_ATTEMPTS = 5  # then the delivery is failed
STALE_AFTER = datetime.timedelta(minutes=10)


class DeliveryFailed(Exception):
    """A delivery was refused for good (or tried MAX_ATTEMPTS times): the task fails with it, so
    that superusers see it on the background tasks screen."""


def channels_in_use():
    """Whether any channel is configured (else nothing is planned)."""
    return bool(outreach_channels())


def deliveries_plan(*, notification_ids, now=None):
    """Plan the deliveries of the notifications `notification_ids` on every configured channel;
    returns the ids of those due now (the rest wait for quiet hours to end), in the order of
    their notifications."""
    now = now or timezone.now()
    channels = outreach_channels()
    if not channels or not notification_ids:
        return []
    notifications = list(
        Notification.objects.filter(pk__in=notification_ids, recipient__is_active=True)
        .exclude(kind=NotificationKind.ANNOUNCEMENT, recipient__announcements=False)
        .order_by("pk")
        .values_list("pk", "recipient_id", "kind")
    )
    members = {recipient for _pk, recipient, _kind in notifications}
    off = set(
        NotificationOptOut.objects.filter(member_id__in=members).values_list(
            "member_id", "kind", "channel"
        )
    )
    due = _due_times(members, now=now)
    rows = []
    for key, channel in channels.items():
        ready = channel.members_ready(members)
        rows += [
            Delivery(notification_id=pk, channel=key, due_at=due.get(member, now))
            for pk, member, kind in notifications
            if member in ready and (member, kind, key) not in off
        ]
    Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return list(
        Delivery.objects.filter(
            notification_id__in=[pk for pk, _member, _kind in notifications],
            status=DeliveryStatus.PENDING,
            due_at__lte=now,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _due_times(members, *, now):
    """{member id: when their quiet hours end} for those of `members` in their quiet hours at
    `now` (the others are due at once)."""
    chosen = {row.member_id: row for row in QuietHours.objects.filter(member_id__in=members)}
    default = QuietHours()
    due = {}
    for member in members:
        hours = chosen.get(member, default)
        end = quiet_end(hours, now=now)
        if end is not None:
            due[member] = end
    return due


def quiet_end(hours, *, now):
    """When the quiet hours `hours` (a QuietHours) that `now` falls in end, or None when `now`
    is outside them (or they are off)."""
    if not hours.active or hours.starts == hours.ends:
        return None
    local = now.astimezone(japan_zone())
    time = local.time()
    if hours.starts < hours.ends:  # within one day (13:00–14:00)
        inside = hours.starts <= time < hours.ends
    else:  # across midnight (21:00–8:00)
        inside = time >= hours.starts or time < hours.ends
    if not inside:
        return None
    end = local.replace(hour=hours.ends.hour, minute=hours.ends.minute, second=0, microsecond=0)
    if end <= local:
        end += datetime.timedelta(days=1)
    return end


def deliveries_due(*, now=None):
    """Ids of the deliveries due now: pending ones whose time has come, and those a worker left
    `sending` for longer than STALE_AFTER (made pending again)."""
    now = now or timezone.now()
    Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lt=now - STALE_AFTER).update(
        status=DeliveryStatus.PENDING
    )
    return list(
        Delivery.objects.filter(status=DeliveryStatus.PENDING, due_at__lte=now)
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)
    )


def delivery_send(*, delivery_id, now=None):
    """Send the delivery if it is pending and due (see the module); returns whether it was
    sent now. Raises DeliveryRetry or DeliveryFailed for the task to fail visibly."""
    now = now or timezone.now()
    claimed = Delivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, due_at__lte=now
    ).update(status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return False
    delivery = Delivery.objects.select_related("notification__recipient").get(pk=delivery_id)
    channel = outreach_channels().get(delivery.channel)
    try:
        if channel is None or not delivery.notification.recipient.is_active:
            raise DeliveryGone("the channel is no longer configured, or the account is closed")
        channel.send(delivery)
    except DeliveryGone as gone:
        _finish(delivery, DeliveryStatus.SKIPPED, error=str(gone))
        return False
    except DeliveryRetry as busy:
        if delivery.attempts >= MAX_ATTEMPTS:
            _finish(delivery, DeliveryStatus.FAILED, error=str(busy))
            raise DeliveryFailed(f"Delivery {delivery_id}: {busy}") from busy
        delay = max(busy.retry_after or 0, retry_delay(delivery.attempts))
        Delivery.objects.filter(pk=delivery_id).update(
            status=DeliveryStatus.PENDING,
            due_at=now + datetime.timedelta(seconds=delay),
            error=str(busy)[:500],
        )
        raise
    except Exception as refused:
        _finish(delivery, DeliveryStatus.FAILED, error=str(refused))
        raise DeliveryFailed(f"Delivery {delivery_id}: {refused}") from refused
    _finish(delivery, DeliveryStatus.SENT, sent_at=now)
    return True


def retry_delay(attempts):
    """Seconds to wait before attempt `attempts` + 1: the background tasks' delays
    (settings.TASK_RETRY_DELAYS), the last one repeated."""
    delays = settings.TASK_RETRY_DELAYS
    return delays[min(attempts, len(delays)) - 1] if delays else 60


def _finish(delivery, status, *, error="", sent_at=None):
    Delivery.objects.filter(pk=delivery.pk).update(
        status=status, error=error[:500], sent_at=sent_at
    )
