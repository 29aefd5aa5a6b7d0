"""Moderation: what moderators did and why (the action log), suspended members and the
blocked-words list. Writes go through community.services.moderation."""

import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

BLOCKED_WORD_MAX_LENGTH = 100


class ModerationActionKind(models.TextChoices):
    APPROVE = "approve", pgettext_lazy("moderation", "Approved")
    HIDE = "hide", _("Hidden")
    DELETE = "delete", _("Deleted")
    RESTORE = "restore", _("Restored")
    SUSPEND = "suspend", _("Suspended the member")
    SUSPENSION_LIFT = "suspension_lift", _("Lifted the suspension")


class ModerationAction(models.Model):
    """One thing a moderator did to a comment or a member: who, what, when and why.

    Rows are only ever added. The comment or member may go later (a member closing their
    account); the row stays with a null link and the snapshot of what was acted on."""

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="moderation_actions_taken",
    )
    kind = models.CharField(_("action"), max_length=20, choices=ModerationActionKind.choices)
    comment = models.ForeignKey(
        "community.Comment",
        verbose_name=_("comment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_actions",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_actions_received",
        help_text=_("The member whose comment or account was acted on."),
    )
    subject = models.CharField(
        _("acted on"),
        max_length=200,
        blank=True,
        help_text=_("What the action concerned, as it read at the time."),
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation log")
        indexes = [models.Index(fields=["comment", "-created_at"], name="moderation_by_comment")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject}"


class SuspensionQuerySet(models.QuerySet):
    def in_force(self, *, at=None):
        """Suspensions that stop their member posting at `at` (now by default)."""
        at = at or timezone.now()
        return self.filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=at), starts_at__lte=at, lifted_at__isnull=True
        )


class Suspension(models.Model):
    """A member may not comment, like or report from `starts_at` until `ends_at` (for good
    when empty), unless a moderator lifts it earlier."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="suspensions",
    )
    reason = models.TextField(_("reason"))
    starts_at = models.DateTimeField(_("from"), default=timezone.now)
    ends_at = models.DateTimeField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("suspended by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)

    objects = SuspensionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        indexes = [models.Index(fields=["member", "lifted_at"], name="suspension_by_member")]

    def __str__(self):
        return f"{self.member} ({self.starts_at:%Y-%m-%d})"

    def in_force(self, *, at):
        """Whether it stops its member posting at `at` (SuspensionQuerySet.in_force in Python,
        for suspensions read once and judged later)."""
        return (
            self.lifted_at is None
            and self.starts_at <= at
            and (self.ends_at is None or self.ends_at > at)
        )


class BlockedWord(models.Model):
    """A word or phrase that sends a comment containing it to the review queue.

    Stored normalised (NFKC, lower case) and matched against the comment's text normalised the
    same way, so ＳＰＡＭ and spam are one entry."""

    word = models.CharField(_("word or phrase"), max_length=BLOCKED_WORD_MAX_LENGTH, unique=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        ordering = ["word"]
        verbose_name = _("blocked word")
        verbose_name_plural = _("blocked words")

    def __str__(self):
        return self.word

    def clean(self):
        self.word = blocked_word_normalise(self.word)
        if not self.word:
            raise ValidationError({"word": _("Enter a word or phrase.")})
        if len(self.word) > BLOCKED_WORD_MAX_LENGTH:  # normalising can lengthen: ﷺ is 18
            raise ValidationError(
                {"word": _("Keep it to %(limit)s characters.") % {"limit": BLOCKED_WORD_MAX_LENGTH}}
            )


def blocked_word_normalise(text):
    """The form in which blocked words are stored and comments are searched for them."""
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())
