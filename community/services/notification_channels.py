"""Where members hear of their notifications besides the notification list: e-mail (this app,
community.services.notifications) and the channels other apps deliver (LINE, browser
notifications: outreach), and which kinds each member wants on each.

This app never names the apps that deliver the other channels. After the commit of every
transaction that made notifications, `notifications_announced` is sent with their ids; an app
delivering a channel listens, and registers the channel (notification_channels_register) so that
the member's notification settings show it: a column of kinds to turn off, and the app's own part
of the page (linking an account, a device list).

A member's choices are opt-outs (NotificationOptOut): every kind is on every channel they have
set up unless they turned it off, so that nothing a member chose before channels existed
changes (e-mail as User.notification_email says)."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.dispatch import Signal

from ..models import NotificationChannel, NotificationKind, NotificationOptOut

# Sent after the commit that made notifications: `notification_ids`, a list of their pks.
notifications_announced = Signal()


@dataclass(frozen=True)
class ChannelProvider:
    """A channel another app delivers: `settings_template` is its part of the notification
    settings page (rendered with `member`, and `channel`: this provider), `is_available()`
    whether the site is set up for it now (its credentials configured)."""

    channel: str  # a NotificationChannel value
    settings_template: str
    is_available: object


NOTIFICATION_CHANNELS = {}


def notification_channels_register(provider):
    """Make `provider` (a ChannelProvider) one of the channels members choose kinds for."""
    NOTIFICATION_CHANNELS[provider.channel] = provider


def notification_channel_providers():
    """The registered ChannelProviders the site is set up for, in NotificationChannel's
    order."""
    return [
        NOTIFICATION_CHANNELS[channel]
        for channel in NotificationChannel.values
        if channel in NOTIFICATION_CHANNELS and NOTIFICATION_CHANNELS[channel].is_available()
    ]


def notifications_announce_on_commit(notifications):
    """Send `notifications_announced` for `notifications` once the transaction commits."""
    ids = [notification.pk for notification in notifications]
    if ids:
        transaction.on_commit(
            lambda: notifications_announced.send(sender=NotificationOptOut, notification_ids=ids)
        )


def notification_opt_outs(*, member):
    """{(kind, channel)} the member turned off."""
    return set(NotificationOptOut.objects.filter(member=member).values_list("kind", "channel"))


def notification_opt_outs_set(*, member, off):
    """Make `off`, a set of (kind, channel), exactly what `member` turned off (pairs that are
    not a NotificationKind and a NotificationChannel are ignored)."""
    rows = [
        NotificationOptOut(member=member, kind=kind, channel=channel)
        for kind, channel in sorted(off)
        if kind in NotificationKind.values and channel in NotificationChannel.values
    ]
    with transaction.atomic():
        NotificationOptOut.objects.filter(member=member).delete()
        NotificationOptOut.objects.bulk_create(rows)


def opted_out(channel, *, member="recipient", kind=None):
    """An Exists() for a queryset: the member of its field `member` turned a kind off on
    `channel` — the kind of its field "kind" (a Notification queryset), or `kind`, a
    NotificationKind value (a queryset of members, member="pk")."""
    return Exists(
        NotificationOptOut.objects.filter(
            member_id=OuterRef(member), kind=kind or OuterRef("kind"), channel=channel
        )
    )
