"""What outreach keeps: each notification's delivery on a channel (Delivery), members' browser
subscriptions (PushSubscription), LINE accounts linked to members (LineAccount) and the
one-time codes that link them (LineLinkCode), and members' quiet hours (QuietHours)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community.models import NotificationChannel

QUIET_STARTS = datetime.time(21, 0)  # Japan time: nothing is sent from 21:00 …
QUIET_ENDS = datetime.time(8, 0)  # … until 8:00; held deliveries go out then


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", pgettext_lazy("delivery status", "Sent")
    FAILED = "failed", pgettext_lazy("delivery status", "Failed")
    SKIPPED = "skipped", _("Not sent (turned off, or nowhere to send it)")


class Delivery(models.Model):
    """One notification on one channel other than e-mail: planned once (the pair is unique),
    claimed by one conditional UPDATE before it is sent (a task run twice sends once), due at
    `due_at` (later when planned within the member's quiet hours, or after a failure the
    provider asked to be retried)."""

    notification = models.ForeignKey(
        "community.Notification",
        verbose_name=_("notification"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    channel = models.CharField(
        pgettext_lazy("notification channel", "channel"),
        max_length=10,
        choices=NotificationChannel.choices,
    )
    status = models.CharField(
        pgettext_lazy("model field", "status"),
        max_length=10,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    due_at = models.DateTimeField(_("due"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(
        pgettext_lazy("model field", "created at"), default=timezone.now
    )

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="delivery_once_per_channel"
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_at"],
                condition=Q(status__in=["pending", "sending"]),
                name="delivery_due",
            ),
        ]

    def __str__(self):
        return f"{self.notification_id} ({self.channel}): {self.status}"


class PushSubscription(models.Model):
    """A browser (or installed web app) that receives a member's browser notifications: the
    push service's endpoint and the keys to encrypt for it (Web Push, RFC 8030/8291)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="push_subscriptions",
    )
    endpoint = models.URLField(_("endpoint"), max_length=1000, unique=True)
    p256dh = models.CharField(_("public key"), max_length=200)
    auth = models.CharField(_("authentication secret"), max_length=100)
    device = models.CharField(_("device"), max_length=120, blank=True)
    created_at = models.DateTimeField(
        pgettext_lazy("model field", "created at"), default=timezone.now
    )
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("browser subscription")
        verbose_name_plural = _("browser subscriptions")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.member_id}: {self.device or self.endpoint[:40]}"


class LineAccount(models.Model):
    """The LINE account a member linked: messages go to `line_user_id` through the
    organisation's official account. Unlinking, unfollowing the account, or LINE refusing a
    message because the member blocked it deletes the row (outreach.line, channels/line.py)."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="line_account",
    )
    line_user_id = models.CharField(_("LINE user ID"), max_length=64, unique=True)
    display_name = models.CharField(_("LINE name"), max_length=100, blank=True)
    linked_at = models.DateTimeField(_("linked"), default=timezone.now)

    class Meta:
        verbose_name = _("LINE account")
        verbose_name_plural = _("LINE accounts")

    def __str__(self):
        return f"{self.member_id}: {self.line_user_id}"


class LineLinkCode(models.Model):
    """A one-time code a member sends to the official account as a message after adding it
    as a friend: the webhook links the sender's LINE account to the member. Codes expire."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="line_link_codes",
    )
    code = models.CharField(_("code"), max_length=12, unique=True)
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        verbose_name = _("LINE link code")
        verbose_name_plural = _("LINE link codes")

    def __str__(self):
        return f"{self.member_id}: {self.code}"


class QuietHours(models.Model):
    """When a member hears nothing on LINE or in their browser, in Japan time (no row: 21:00 to
    8:00). Deliveries planned then are held until the end. Not for e-mail, which waits in the
    inbox anyway."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="quiet_hours",
    )
    active = models.BooleanField(_("hold messages at night"), default=True)
    starts = models.TimeField(_("from"), default=QUIET_STARTS)
    ends = models.TimeField(_("until"), default=QUIET_ENDS)

    class Meta:
        verbose_name = _("quiet hours")
        verbose_name_plural = _("quiet hours")

    def __str__(self):
        return f"{self.member_id}: {self.starts}–{self.ends}"


from .announcements.models import (  # noqa: E402, F401
    Announcement,
    AnnouncementOpen,
    AnnouncementRecipient,
    AudienceCondition,
)
