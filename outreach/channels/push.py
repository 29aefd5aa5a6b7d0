"""Browser notifications (Web Push with VAPID)."""

from django.conf import settings

from community.models import NotificationChannel

from . import OutreachChannel


def _configured():
    return bool(settings.WEBPUSH_VAPID_PRIVATE_KEY and settings.WEBPUSH_VAPID_PUBLIC_KEY)


def _members_ready(member_ids):
    from ..models import PushSubscription

    return set(
        PushSubscription.objects.filter(member_id__in=member_ids).values_list(
            "member_id", flat=True
        )
    )


def _send(delivery):
    raise NotImplementedError("browser notifications are not built yet")


CHANNEL = OutreachChannel(
    key=NotificationChannel.PUSH,
    configured=_configured,
    members_ready=_members_ready,
    send=_send,
    settings_template="outreach/includes/push_settings.html",
)
