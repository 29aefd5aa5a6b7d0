"""What staff did after an event: the invitations of its attendees to a follow-up survey or
opinion exchange, one row per (event, page), so that a second click sends nothing again."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FollowUpInvitation(models.Model):
    """The attendees of `event` were invited to `page` (a survey or an opinion exchange) by
    `sent_by` at `sent_at`; `count` notices were sent."""

    event = models.ForeignKey(
        "events.EventPage",
        on_delete=models.CASCADE,
        related_name="follow_up_invitations",
        verbose_name=_("event"),
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("follow-up page"),
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    count = models.PositiveIntegerField(_("notices sent"), default=0)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("follow-up invitation")
        verbose_name_plural = _("follow-up invitations")
        constraints = [
            models.UniqueConstraint(fields=["event", "page"], name="follow_up_invitation_once"),
        ]

    def __str__(self):
        return f"{self.event_id} → {self.page_id}: {self.count}"
