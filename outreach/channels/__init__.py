"""The channels outreach delivers notifications on (LINE, browser notifications): one
OutreachChannel each, in use where the site is configured for it, and offered in community's
notification settings (community.services.notification_channels).

A channel says which members can receive on it now (`members_ready`: an account linked, a
browser subscribed) and sends one delivery (`send`), raising DeliveryRetry when the provider
asks to be tried again later (5xx, 429), DeliveryGone when there is nobody to send it to any
more (the subscription expired, the account blocked or unlinked), and anything else when the
message was refused for good."""

from dataclasses import dataclass


class DeliveryRetry(Exception):
    """The provider could not take the message now (5xx, 429): try again, after
    `retry_after` seconds when the provider said so."""

    def __init__(self, message, *, retry_after=None):
        super().__init__(message)
        self.retry_after = retry_after


class DeliveryGone(Exception):
    """Nobody to send it to any more (subscription expired, account blocked or unlinked)."""


@dataclass(frozen=True)
class OutreachChannel:
    key: str  # a community NotificationChannel value
    configured: object  # callable() -> whether the site has this channel's credentials
    members_ready: object  # callable(member_ids) -> the set of those who can receive now
    send: object  # callable(delivery) -> None; raises as the module says
    settings_template: str  # its part of the member's notification settings


def outreach_channels():
    """{key: OutreachChannel} of the channels the site is configured for now."""
    from . import line, push

    return {
        channel.key: channel for channel in (line.CHANNEL, push.CHANNEL) if channel.configured()
    }


def channels_register():
    """Offer every channel in the member's notification settings (each shown while the site is
    configured for it). Called once, at start-up."""
    from community.services.notification_channels import (
        ChannelProvider,
        notification_channels_register,
    )

    from . import line, push

    for channel in (line.CHANNEL, push.CHANNEL):
        notification_channels_register(
            ChannelProvider(
                channel=channel.key,
                settings_template=channel.settings_template,
                is_available=channel.configured,
            )
        )
