"""How something reached the organisation (its channel of receipt): the web, or on paper, at a
counter, by post or e-mail, at an event and keyed in by staff. One list for every app that
records it, so that reports and exports name channels the same way everywhere."""

from django.db import models
from django.utils.translation import pgettext_lazy


class Channel(models.TextChoices):
    """The channel of receipt; WEB is what a member sends from the site themselves. Store it in
    a CharField(max_length=10, choices=Channel.choices, default=Channel.WEB). Labels carry the
    context "channel" (Web / 紙 / 窓口 / 郵送・メール / イベント)."""

    WEB = "web", pgettext_lazy("channel", "Web")
    PAPER = "paper", pgettext_lazy("channel", "Paper")
    COUNTER = "counter", pgettext_lazy("channel", "Counter")
    POST = "post", pgettext_lazy("channel", "Post or e-mail")
    EVENT = "event", pgettext_lazy("channel", "Event")


CHANNEL_MAX_LENGTH = 10


def channels_offline():
    """The channels staff key in (every one but the web), as (value, label) choices."""
    return [(value, label) for value, label in Channel.choices if value != Channel.WEB]
