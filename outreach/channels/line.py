"""LINE messages through the organisation's official account (Messaging API)."""

from django.conf import settings

from community.models import NotificationChannel

from . import OutreachChannel


def _configured():
    return bool(settings.LINE_MESSAGING_ACCESS_TOKEN and settings.LINE_MESSAGING_CHANNEL_SECRET)


def _members_ready(member_ids):
    from ..models import LineAccount

    return set(
        LineAccount.objects.filter(member_id__in=member_ids).values_list("member_id", flat=True)
    )


def _send(delivery):
    raise NotImplementedError("LINE messages are not built yet")


CHANNEL = OutreachChannel(
    key=NotificationChannel.LINE,
    configured=_configured,
    members_ready=_members_ready,
    send=_send,
    settings_template="outreach/includes/line_settings.html",
)
