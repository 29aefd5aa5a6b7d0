"""Discussions on pages: comments in threads, their edit history, likes (スキ) and reports.

One engine serves every discussable page (articles, and opinion-exchange topics, where a
top-level comment with a stance is an opinion): a comment
points at a Wagtail Page with a plain foreign key. Writes go through community.services,
reads through community.selectors.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from core.channels import CHANNEL_MAX_LENGTH, Channel

MAX_DEPTH = 3
BODY_MAX_LENGTH = 5000
REFERENCE_MAX_LENGTH = 50

# Who an opinion staff keyed in is attributed to, by channel: never a member.
ATTRIBUTIONS = {
    Channel.PAPER: _("Opinion received on paper"),
    Channel.COUNTER: _("Opinion received at the counter"),
    Channel.POST: _("Opinion received by post"),
    Channel.EVENT: _("Opinion received at an event"),
}


class DiscussionMode(models.TextChoices):
    OPEN = "open", _("Open")
    PREMODERATED = "premoderated", _("Pre-moderated (new comments wait for review)")
    CLOSED = "closed", _("Closed")


class PageDiscussion(models.Model):
    """How a page takes comments; a page without this row is open."""

    page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="discussion",
    )
    mode = models.CharField(
        _("comments"), max_length=20, choices=DiscussionMode.choices, default=DiscussionMode.OPEN
    )

    class Meta:
        verbose_name = _("page discussion")
        verbose_name_plural = _("page discussions")

    def __str__(self):
        return f"{self.page} ({self.get_mode_display()})"


class Stance(models.TextChoices):
    """Where an opinion stands on its topic's question."""

    AGREE = "agree", _("For")
    NEUTRAL = "neutral", _("Neutral")
    DISAGREE = "disagree", _("Against")


class CommentStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    PENDING = "pending", _("Waiting for review")
    HIDDEN = "hidden", _("Hidden")
    DELETED = "deleted", _("Deleted")


class ReviewReason(models.TextChoices):
    PREMODERATED = "premoderated", _("The page is pre-moderated")
    BLOCKED_WORD = "blocked_word", _("Contains a blocked word")
    REPORTS = "reports", _("Reported by several members")


class CommentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=CommentStatus.PUBLISHED)


class Comment(models.Model):
    """A member's comment on a page, top-level (depth 1) or a reply (depth 2 or 3).

    `root` is the top-level comment of the thread (None for a top-level comment), so a whole
    thread loads with one query. A reply to a depth-3 comment is attached to that comment's
    parent, at depth 3, with `in_reply_to` naming the comment it answers.
    `body_html` is written once from `body_source` by core.sanitising.plain_text_to_html.
    """

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="discussion_comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,  # the comment stays, shown as 「退会したユーザー」
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    root = models.ForeignKey(
        "self",
        verbose_name=_("thread"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="descendants",
    )
    depth = models.PositiveSmallIntegerField(_("depth"), default=1)
    in_reply_to = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body_source = models.TextField(_("text"), blank=True)
    body_html = models.TextField(_("text as shown"), blank=True, editable=False)
    status = models.CharField(
        pgettext_lazy("model field", "status"),
        max_length=20,
        choices=CommentStatus.choices,
        default=CommentStatus.PUBLISHED,
    )
    review_reason = models.CharField(
        _("why it waits for review"),
        max_length=20,
        choices=ReviewReason.choices,
        blank=True,
        help_text=_("Set while the comment is pending or hidden without a moderator's decision."),
    )
    is_official = models.BooleanField(
        _("official"), default=False, help_text=_("Written by staff (公式 badge).")
    )
    created_at = models.DateTimeField(
        pgettext_lazy("model field", "created at"), default=timezone.now
    )
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    # When anything a reader sees of it last changed (text, status, counts): the public API's
    # order and `updated_since`, so harvesters read each change once. Services set it in the
    # same write that makes the change.
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now, editable=False)
    like_count = models.PositiveIntegerField(_("likes"), default=0)
    report_count = models.PositiveIntegerField(_("reports"), default=0)
    # Opinions (top-level comments on an opinion-exchange topic): the author's stance, and the
    # members' votes counted as they are cast (community.models.topics.OpinionVote).
    stance = models.CharField(_("stance"), max_length=10, choices=Stance.choices, blank=True)
    agree_count = models.PositiveIntegerField(_("agree"), default=0)
    disagree_count = models.PositiveIntegerField(_("disagree"), default=0)
    pass_count = models.PositiveIntegerField(_("pass"), default=0)
    # An opinion staff keyed in from a letter, a sheet or a counter visit: its channel, and the
    # number written on the paper so that the same sheet is never entered twice.
    channel = models.CharField(
        pgettext_lazy("channel", "channel"),
        max_length=CHANNEL_MAX_LENGTH,
        choices=Channel.choices,
        default=Channel.WEB,
    )
    reference = models.CharField(
        _("reference number"), max_length=REFERENCE_MAX_LENGTH, blank=True, default=""
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        permissions = [
            ("moderate_comment", _("Can moderate comments")),
            ("enter_opinions", _("Can enter opinions received on paper, by post or in person")),
        ]
        indexes = [
            models.Index(
                fields=["page", "status", "parent", "created_at"], name="comment_page_listing"
            ),
            models.Index(fields=["root"], name="comment_thread"),
            models.Index(fields=["author", "created_at"], name="comment_author_recent"),
            # The public API's keysets over opinions (api.paging), all topics or one: with the
            # equalities first, SQLite walks them in order even before ANALYZE has run (with
            # (changed_at, id) alone it chose comment_page_listing and sorted every opinion).
            models.Index(fields=["status", "depth", "changed_at", "id"], name="comment_changed"),
            models.Index(
                fields=["page", "status", "depth", "changed_at", "id"], name="comment_page_changed"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(depth__gte=1, depth__lte=MAX_DEPTH), name="comment_depth_range"
            ),
            models.CheckConstraint(
                condition=Q(stance="") | Q(depth=1), name="comment_stance_on_opinions_only"
            ),
            models.CheckConstraint(
                condition=Q(depth=1, parent__isnull=True, root__isnull=True)
                | Q(depth__gt=1, parent__isnull=False, root__isnull=False),
                name="comment_parent_matches_depth",
            ),
            # "never to a member": an opinion that did not come through the web has no author
            models.CheckConstraint(
                condition=Q(channel=Channel.WEB) | Q(author__isnull=True, depth=1),
                name="comment_offline_without_author",
            ),
            models.UniqueConstraint(
                fields=["page", "reference"],
                condition=~Q(reference=""),
                name="comment_reference_once_per_page",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.body_source[:40]}"

    @property
    def is_deleted(self):
        return self.status == CommentStatus.DELETED

    @property
    def attribution(self):
        """What stands for the author of an opinion staff keyed in (「郵送でいただいたご意見」),
        or "" for a member's comment."""
        return ATTRIBUTIONS.get(self.channel, "")


class CommentRevision(models.Model):
    """A previous text of a comment, kept when it is edited or deleted (for moderators)."""

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="revisions"
    )
    body_source = models.TextField(_("text"))
    created_at = models.DateTimeField(pgettext_lazy("model field", "created at"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment revision")
        verbose_name_plural = _("comment revisions")

    def __str__(self):
        return f"#{self.comment_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class Like(models.Model):
    """A member's スキ on a comment or on a page (exactly one of them)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="likes",
    )
    comment = models.ForeignKey(
        Comment,
        verbose_name=_("comment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="likes",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="likes",
    )
    created_at = models.DateTimeField(pgettext_lazy("model field", "created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("like")
        verbose_name_plural = _("likes")
        constraints = [
            models.CheckConstraint(
                condition=Q(comment__isnull=False, page__isnull=True)
                | Q(comment__isnull=True, page__isnull=False),
                name="like_one_target",
            ),
            models.UniqueConstraint(
                fields=["member", "comment"],
                condition=Q(comment__isnull=False),
                name="like_once_per_comment",
            ),
            models.UniqueConstraint(
                fields=["member", "page"],
                condition=Q(page__isnull=False),
                name="like_once_per_page",
            ),
        ]

    def __str__(self):
        return f"{self.member_id} → {self.comment_id or self.page_id}"


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    OFFENSIVE = "offensive", _("Offensive or abusive")
    OFF_TOPIC = "off_topic", _("Off topic")
    PERSONAL_INFORMATION = "personal_information", _("Personal information")
    OTHER = "other", _("Other")


class Report(models.Model):
    """A member's report (通報) of a comment; one per member per comment."""

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,  # the report still counts once the member has left
        related_name="reports",
    )
    reason = models.CharField(_("reason"), max_length=30, choices=ReportReason.choices)
    text = models.TextField(_("details"), max_length=1000, blank=True)
    created_at = models.DateTimeField(pgettext_lazy("model field", "created at"), auto_now_add=True)
    resolved_at = models.DateTimeField(
        _("resolved at"),
        null=True,
        blank=True,
        help_text=_("When a moderator decided on the reported comment."),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="report_once_per_member")
        ]

    def __str__(self):
        return f"#{self.comment_id}: {self.get_reason_display()}"


@register_setting(icon="comment")
class DiscussionSettings(BaseSiteSetting):
    """Moderation thresholds and anti-abuse limits for comments, edited in the admin."""

    report_threshold = models.PositiveSmallIntegerField(
        _("reports before a comment is hidden"),
        default=3,
        help_text=_("At this many reports a comment is hidden until a moderator reviews it."),
    )
    edit_grace_minutes = models.PositiveSmallIntegerField(
        _("edit grace period (minutes)"),
        default=5,
        help_text=_("Edits within this time after posting are not marked as edited."),
    )
    min_seconds_between_comments_first_day = models.PositiveIntegerField(
        _("seconds between comments on a member's first day"), default=30
    )
    min_seconds_between_comments = models.PositiveIntegerField(
        _("seconds between comments afterwards"), default=10
    )
    max_comments_first_day = models.PositiveIntegerField(
        _("comments allowed on a member's first day"), default=10
    )
    duplicate_window_minutes = models.PositiveIntegerField(
        _("refuse the same text again within (minutes)"), default=10
    )
    max_links_first_day = models.PositiveSmallIntegerField(
        _("web addresses allowed in a comment on a member's first day"), default=2
    )
    max_comments_per_address = models.PositiveIntegerField(
        _("comments allowed from one internet address"),
        default=30,
        help_text=_(
            "Counts every member posting from the same address (a shared office or school "
            "network counts as one)."
        ),
    )
    address_window_minutes = models.PositiveIntegerField(_("… within (minutes)"), default=10)
    min_group_size = models.PositiveSmallIntegerField(
        _("smallest group shown in opinion-exchange reports"),
        default=5,
        validators=[MinValueValidator(2)],
        help_text=_(
            "A stakeholder type, prefecture or region with fewer voters on an opinion is not "
            "shown or exported on its own, so that nobody's vote can be singled out."
        ),
    )

    class Meta:
        verbose_name = _("discussion settings")
        verbose_name_plural = _("discussion settings")
