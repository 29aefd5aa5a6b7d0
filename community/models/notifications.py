"""Notifications: what happened to a member's comments and the articles they follow, shown in
their notification list and e-mailed as they chose (User.notification_email). Writes go
through community.services.notifications."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from .comments import CommentStatus
from .moderation import ModerationActionKind


class NotificationEmail(models.TextChoices):
    """How often a member is e-mailed about their notifications."""

    IMMEDIATELY = "immediately", _("Immediately, one e-mail per notification")
    DAILY = "daily", _("Once a day, in a digest")
    NONE = "none", _("Never (the notification list only)")


class NotificationKind(models.TextChoices):
    REPLY = "reply", _("Reply to your comment")
    LIKE = "like", _("Likes on your comment")
    MODERATION = "moderation", _("A moderator's decision")
    FOLLOWED_COMMENT = "followed_comment", _("New comment on an article you follow")
    TOPIC_CLOSED = "topic_closed", _("An opinion exchange you took part in was closed")
    PROPOSAL_DECIDED = "proposal_decided", _("A decision on your topic proposal")
    ANSWERED = "answered", _("An official answer to your opinion")
    NOTICE = "notice", _("News about something you signed up for")
    ANNOUNCEMENT = "announcement", _("Announcements from the operators")


class NotificationChannel(models.TextChoices):
    """Where a member may hear of a notification besides their notification list. E-mail is
    this app's (community.services.notifications); the others are delivered by the apps that
    register them (notification_channels_register)."""

    EMAIL = "email", pgettext_lazy("notification channel", "E-mail")
    LINE = "line", pgettext_lazy("notification channel", "LINE")
    PUSH = "push", _("Browser notifications")


# Notifications that announce a new comment (the reply, the comment on a followed page).
NEW_COMMENT_KINDS = (NotificationKind.REPLY, NotificationKind.FOLLOWED_COMMENT)


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def shown(self):
        """Leave out notifications of a reply or a new comment that is no longer published
        (hidden or deleted since): members are not pointed at what moderators removed."""
        return self.filter(
            ~Q(kind__in=NEW_COMMENT_KINDS) | Q(comment__status=CommentStatus.PUBLISHED)
        )


MODERATION_MESSAGES = {
    ModerationActionKind.APPROVE: _("A moderator approved your comment; it is now published."),
    ModerationActionKind.HIDE: _("A moderator has hidden your comment."),
    ModerationActionKind.DELETE: _("A moderator has deleted your comment."),
    ModerationActionKind.RESTORE: _("A moderator has restored your comment."),
    ModerationActionKind.SUSPEND: _("A moderator has suspended your account from posting."),
    ModerationActionKind.SUSPENSION_LIFT: _("A moderator has lifted your suspension."),
}
EXCERPT_LENGTH = 80

# What a NOTICE notification says, by its `notice` code: {code: text with %(title)s, the page's
# title}. The apps whose pages people sign up for (events) register theirs (page_notices_register),
# so this app never names them.
PAGE_NOTICES = {}


def page_notices_register(messages):
    """Add {notice code: lazily translated text with %(title)s} to what NOTICE notifications say."""
    PAGE_NOTICES.update(messages)


class Notification(models.Model):
    """Something that happened which `recipient` should hear about.

    `comment` is where the notification leads (the reply, the liked comment, the new comment
    on a followed article, the moderated comment). Likes on one comment accumulate in one
    unread notification: `actor` is the latest to like it and `actor_count` how many members
    liked it since the notification began (`created_at`); `updated_at` moves with each.
    `emailed_at` is set once the notification has gone out by e-mail (at most once);
    `email_failures` counts the attempts that failed (services.notification_emails)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_count = models.PositiveIntegerField(_("number of members"), default=1)
    comment = models.ForeignKey(
        "community.Comment",
        verbose_name=_("comment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    moderation_action = models.ForeignKey(
        "community.ModerationAction",
        verbose_name=_("moderation action"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    topic = models.ForeignKey(
        "community.TopicPage",
        verbose_name=_("opinion exchange"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    proposal = models.ForeignKey(
        "community.TopicProposal",
        verbose_name=_("topic proposal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # An official answer: the page where staff answered the member's opinion, and the row there.
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    anchor = models.CharField(_("place on the page"), max_length=40, blank=True)
    notice = models.CharField(_("notice"), max_length=40, blank=True)
    # An announcement says what staff wrote and leads where they chose (outreach, above this
    # app, writes them: nothing here names it). `link` is a path or a full address.
    title = models.CharField(_("title"), max_length=100, blank=True)
    text = models.CharField(_("text"), max_length=300, blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    # The member turned announcements off from this announcement (its e-mail's one-click link,
    # 「配信停止」 on LINE): when, and on which channel.
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    unsubscribed_via = models.CharField(
        _("unsubscribed via"), max_length=10, choices=NotificationChannel.choices, blank=True
    )
    created_at = models.DateTimeField(
        pgettext_lazy("model field", "created at"), default=timezone.now
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    email_failures = models.PositiveSmallIntegerField(_("failed e-mail attempts"), default=0)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-updated_at"], name="notification_listing"),
            # Only what may still be e-mailed (the digest's query): a small index.
            models.Index(
                fields=["updated_at"],
                condition=Q(emailed_at__isnull=True, read_at__isnull=True),
                name="notification_email_due",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "comment"],
                condition=Q(kind=NotificationKind.LIKE, read_at__isnull=True),
                name="notification_one_unread_like_batch",
            ),
            models.UniqueConstraint(
                fields=["recipient", "page"],
                condition=Q(kind=NotificationKind.ANSWERED),
                name="notification_one_answer_per_page",
            ),
        ]

    def __str__(self):
        return f"{self.recipient_id}: {self.get_kind_display()}"

    @property
    def is_unread(self):
        return self.read_at is None

    @property
    def actor_name(self):
        if self.actor_id:
            return self.actor.public_name
        # an opinion staff keyed in has no author: its channel stands for one
        if self.comment_id and self.comment.attribution:
            return self.comment.attribution
        return _("Deleted user")

    @property
    def message(self):
        """One line saying what happened, in the active language."""
        name = self.actor_name
        if self.kind == NotificationKind.REPLY:
            return _("%(name)s replied to your comment.") % {"name": name}
        if self.kind == NotificationKind.LIKE:
            return self._like_message(name)
        if self.kind == NotificationKind.FOLLOWED_COMMENT:
            return self._followed_comment_message(name)
        if self.kind == NotificationKind.TOPIC_CLOSED:
            title = self.topic.title if self.topic_id else ""
            return _(
                "The opinion exchange “%(title)s” you took part in has closed. Read its conclusion."
            ) % {"title": title}
        if self.kind == NotificationKind.PROPOSAL_DECIDED:
            return self._proposal_message()
        if self.kind == NotificationKind.ANSWERED:
            title = self.page.title if self.page_id else ""
            return _("An official answer to your opinion was published: “%(title)s”.") % {
                "title": title
            }
        if self.kind == NotificationKind.NOTICE:
            title = self.page.title if self.page_id else ""
            return str(PAGE_NOTICES.get(self.notice, "")) % {"title": title}
        if self.kind == NotificationKind.ANNOUNCEMENT:
            if not self.text:
                return self.title
            return _("%(title)s — %(text)s") % {"title": self.title, "text": self.text}
        action = self.moderation_action
        return str(MODERATION_MESSAGES.get(action.kind, "")) if action else ""

    def _followed_comment_message(self, name):
        from .topics import TopicPage  # members → notifications: topics imports members

        page = self.comment.page if self.comment_id else None
        values = {"name": name, "title": page.title if page else ""}
        if page is not None and issubclass(page.specific_class, TopicPage):
            return (
                _("%(name)s posted in the opinion exchange “%(title)s”, which you follow.") % values
            )
        return _("%(name)s commented on “%(title)s”, which you follow.") % values

    def _proposal_message(self):
        from .topics import ProposalStatus  # members → notifications: topics imports members

        proposal = self.proposal
        title = proposal.title if proposal else ""
        if proposal is not None and proposal.status == ProposalStatus.DECLINED:
            return _("Your topic proposal “%(title)s” was not taken up.") % {"title": title}
        return _(
            "Your topic proposal “%(title)s” was accepted. Staff will prepare the opinion exchange."
        ) % {"title": title}

    def _like_message(self, name):
        others = self.actor_count - 1
        if others < 1:
            return _("%(name)s liked your comment.") % {"name": name}
        return ngettext(
            "%(name)s and %(count)s other member liked your comment.",
            "%(name)s and %(count)s other members liked your comment.",
            others,
        ) % {"name": name, "count": others}

    @property
    def excerpt(self):
        """The start of the text concerned: the comment while it is published, or what the
        moderator acted on (the comment as it read, or a suspension's period); "" when there
        is nothing to show."""
        if self.kind == NotificationKind.MODERATION:
            action = self.moderation_action
            return action.subject if action is not None else ""
        if self.kind == NotificationKind.TOPIC_CLOSED:
            closure = getattr(self.topic, "closure", None) if self.topic_id else None
            return _excerpt(closure.conclusion) if closure is not None else ""
        if self.kind == NotificationKind.PROPOSAL_DECIDED:
            return _excerpt(self.proposal.question) if self.proposal_id else ""
        comment = self.comment
        if comment is None or comment.status != CommentStatus.PUBLISHED:
            return ""
        return _excerpt(comment.body_source)

    @property
    def reason(self):
        """The moderator's reason, for moderation notifications and declined proposals."""
        if self.kind == NotificationKind.PROPOSAL_DECIDED:
            return self.proposal.decline_reason if self.proposal_id else ""
        action = self.moderation_action
        return action.reason if action is not None else ""


def _excerpt(text):
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_LENGTH else f"{text[:EXCERPT_LENGTH]}…"


class Follow(models.Model):
    """A member follows a page (an article): they hear of each new comment on it."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="follows",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="followers",
    )
    created_at = models.DateTimeField(_("followed since"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["member", "page"], name="follow_once_per_page")
        ]

    def __str__(self):
        return f"{self.member_id} → {self.page_id}"


class NotificationOptOut(models.Model):
    """A kind of notification `member` does not want on `channel`. Every kind is on every
    channel the member has set up unless a row here says otherwise, so that what members
    chose before channels existed stays as it was (e-mail: User.notification_email)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="notification_opt_outs",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    channel = models.CharField(
        pgettext_lazy("notification channel", "channel"),
        max_length=10,
        choices=NotificationChannel.choices,
    )

    class Meta:
        verbose_name = _("notification opt-out")
        verbose_name_plural = _("notification opt-outs")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "kind", "channel"], name="notification_opt_out_unique"
            ),
        ]

    def __str__(self):
        return f"{self.member_id}: {self.kind} ({self.channel})"
