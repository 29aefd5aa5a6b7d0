"""Writes in discussions: comments (post, edit, delete), likes (スキ) and reports (通報).

Each function takes keyword arguments, checks what it is given and writes in one transaction.
A refusal the member can read and act on raises CommentError, keyed by form field name where
it concerns one field.
"""

import math
import unicodedata
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Site

from core.page_cache import page_cache_purge_on_commit
from core.ratelimit import rate_limit_wait
from core.sanitising import URL_RE, plain_text_clean, plain_text_to_html

from .. import tasks
from ..models import (
    BlockedWord,
    Comment,
    CommentRevision,
    CommentStatus,
    DiscussionMode,
    DiscussionSettings,
    Like,
    PageDiscussion,
    Report,
    ReportReason,
    ReviewReason,
    Stance,
    Suspension,
    TopicPage,
    TopicPageRelatedArticle,
)
from ..models.comments import BODY_MAX_LENGTH, MAX_DEPTH
from ..models.moderation import blocked_word_normalise
from ..selectors.members import user_is_staff

MODERATE_PERMISSION = "community.moderate_comment"
REPORT_TEXT_MAX_LENGTH = 1000


class CommentError(ValidationError):
    """A comment, like or report refused for a reason the member can read and act on."""


def member_can_post(member):
    """Whether `member` may comment, like and report now (see member_post_refusal)."""
    return member_post_refusal(member) is None


def member_post_refusal(member):
    """Why `member` may not comment, like or report now, as a CommentError to show them, or
    None when they may: a signed-in, active account with a verified e-mail address (or staff:
    their accounts are made by a superuser and use MFA) that no moderator has suspended."""
    if member is None or not member.is_authenticated or not member.is_active:
        return CommentError(_("Your account cannot post at the moment."), code="member")
    if not (user_is_staff(member) or _member_email_verified(member)):
        return CommentError(
            _("Confirm your e-mail address before you post."), code="email_unverified"
        )
    suspension = (
        Suspension.objects.in_force()
        .filter(member=member)
        .order_by(F("ends_at").desc(nulls_first=True))
        .first()
    )
    if suspension is not None:
        return CommentError(_suspended_message(suspension), code="suspended")
    return None


def _suspended_message(suspension):
    if suspension.ends_at is None:
        return _("A moderator has suspended your account from posting. Reason: %(reason)s") % {
            "reason": suspension.reason
        }
    until = date_format(timezone.localtime(suspension.ends_at), "SHORT_DATETIME_FORMAT")
    return _(
        "A moderator has suspended your account from posting until %(time)s. Reason: %(reason)s"
    ) % {"time": until, "reason": suspension.reason}


def _member_email_verified(member):
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=member, verified=True).exists()


def discussion_settings_for(page):
    """The DiscussionSettings of the site `page` belongs to (the default site's otherwise)."""
    site = page.get_site() or Site.objects.filter(is_default_site=True).first()
    return DiscussionSettings.for_site(site) if site else DiscussionSettings()


def discussion_mode(page):
    """How `page` takes comments (a DiscussionMode value); open without a PageDiscussion row."""
    mode = PageDiscussion.objects.filter(page_id=page.pk).values_list("mode", flat=True).first()
    return mode or DiscussionMode.OPEN


def discussion_mode_set(*, page, mode, actor):
    """Open, pre-moderate or close the comments of `page` (a DiscussionMode value), by a
    moderator or someone who may edit the page. Returns the mode."""
    if not discussion_mode_settable_by(actor, page=page):
        raise PermissionDenied(_("Only moderators and the page's editors can change this."))
    if mode not in DiscussionMode.values:
        raise ValidationError({"mode": _("Choose how the page takes comments.")})
    if mode == DiscussionMode.OPEN:
        PageDiscussion.objects.filter(page_id=page.pk).delete()
    else:
        PageDiscussion.objects.update_or_create(page_id=page.pk, defaults={"mode": mode})
    page_cache_purge_on_commit(page_id=page.pk)  # the form, or 「コメントは受け付けていません」
    return mode


def discussion_mode_settable_by(user, *, page):
    """Whether `user` may open, pre-moderate or close the comments of `page`."""
    return bool(
        user is not None
        and user.is_active
        and (user.has_perm(MODERATE_PERMISSION) or page.permissions_for_user(user).can_edit())
    )


def comment_create(*, author, page, body, parent=None, stance="", ip_address=None):
    """Post `body` (plain text) by `author` on `page`, as a reply to `parent` if given. On an
    opinion-exchange topic a top-level comment is an opinion, with a `stance` (a Stance value)
    when the topic asks for one.

    Returns the new Comment: published, or pending with its `review_reason` when the page is
    pre-moderated or the text contains a blocked word (staff comments are published). Raises
    CommentError with a message for the member when anything is refused (account, page, text,
    pace). A reply to a depth-3 comment joins that comment's thread at depth 3 with
    `in_reply_to` set to it.
    """
    _member_may_post_check(author)
    mode = _page_open_check(page)
    placement = _reply_placement(page=page, parent=parent)
    stance = _stance_check(page=page, stance=stance, top_level=parent is None)
    limits = discussion_settings_for(page)
    source = _body_clean(body)
    now = timezone.now()
    official = user_is_staff(author)
    first_day = not official and now - author.date_joined < timedelta(days=1)
    if first_day:
        _links_check(source, limit=limits.max_links_first_day)
    with transaction.atomic():
        _member_lock(author)
        _duplicate_check(author=author, source=source, limits=limits, now=now)
        _pace_check(author=author, limits=limits, now=now, first_day=first_day)
        if ip_address:
            _address_pace_check(ip_address, limits=limits)
        review_reason = _review_reason(source=source, mode=mode, official=official)
        comment = Comment.objects.create(
            page_id=page.pk,
            author=author,
            body_source=source,
            body_html=plain_text_to_html(source),
            status=CommentStatus.PENDING if review_reason else CommentStatus.PUBLISHED,
            review_reason=review_reason,
            is_official=official,
            created_at=now,
            stance=stance,
            **placement,
        )
        if comment.status == CommentStatus.PUBLISHED:
            transaction.on_commit(
                lambda: tasks.comment_published_notify.enqueue(comment_id=comment.pk)
            )
        return comment


def _review_reason(*, source, mode, official):
    """Why a new comment must wait for a moderator (a ReviewReason value), or "" when it is
    published at once. Staff comments never wait."""
    if official:
        return ""
    if blocked_word_find(source):
        return ReviewReason.BLOCKED_WORD
    if mode == DiscussionMode.PREMODERATED:
        return ReviewReason.PREMODERATED
    return ""


def blocked_word_find(text):
    """The first word of the blocked-words list that `text` contains, compared NFKC-normalised
    and case-folded (ＳＰＡＭ matches spam), or None."""
    normalised = blocked_word_normalise(text)
    for word in BlockedWord.objects.values_list("word", flat=True):
        if word and word in normalised:
            return word
    return None


def _member_lock(member):
    """Lock the member's row until the transaction ends: one comment at a time per member, so
    the pace and duplicate checks of parallel requests see each other's comments."""
    list(member._meta.model.objects.select_for_update().filter(pk=member.pk).values_list("pk"))


def comment_edit(*, comment, editor, body):
    """Replace the text of `comment` by its author `editor`; returns the comment.

    The previous text is kept as a CommentRevision. `edited_at` (the 編集済み marker) is set
    only when the edit comes after the grace period of DiscussionSettings. A published comment
    whose new text contains a blocked word waits for review again."""
    if editor is None or comment.author_id is None or editor.pk != comment.author_id:
        raise PermissionDenied(_("Only the author can edit this comment."))
    if comment.is_deleted:
        raise CommentError(_("A deleted comment cannot be edited."), code="deleted")
    _member_may_post_check(editor)
    _topic_open_check(comment.page_id)
    if comment.agree_count + comment.disagree_count + comment.pass_count:
        raise CommentError(
            _("Members have voted on this opinion, so it can no longer be edited."), code="voted"
        )
    source = _body_clean(body)
    if source == comment.body_source:
        return comment
    limits = discussion_settings_for(comment.page)
    now = timezone.now()
    if not comment.is_official and now - editor.date_joined < timedelta(days=1):
        _links_check(source, limit=limits.max_links_first_day)
    with transaction.atomic():
        CommentRevision.objects.create(
            comment=comment, body_source=comment.body_source, created_at=now
        )
        comment.body_source = source
        comment.body_html = plain_text_to_html(source)
        if now - comment.created_at > timedelta(minutes=limits.edit_grace_minutes):
            comment.edited_at = now
        if comment.status == CommentStatus.PUBLISHED and _review_reason(
            source=source, mode=DiscussionMode.OPEN, official=comment.is_official
        ):
            comment.status = CommentStatus.PENDING
            comment.review_reason = ReviewReason.BLOCKED_WORD
        comment.save(
            update_fields=["body_source", "body_html", "edited_at", "status", "review_reason"]
        )
    return comment


def comment_delete(*, comment, actor):
    """Soft-delete `comment` by its author or a moderator; returns the comment.

    Its replies stay, under the placeholder 「このコメントは削除されました」. The text leaves
    the comment (body_source and body_html become empty) and is kept only as a
    CommentRevision, which moderators alone see (docs/decisions/0004-comment-deletion.md)."""
    is_author = actor is not None and comment.author_id and actor.pk == comment.author_id
    if not (is_author or (actor is not None and actor.has_perm(MODERATE_PERMISSION))):
        raise PermissionDenied(_("Only the author or a moderator can delete this comment."))
    if comment.is_deleted:
        return comment
    with transaction.atomic():
        if comment.body_source:
            CommentRevision.objects.create(
                comment=comment, body_source=comment.body_source, created_at=timezone.now()
            )
        comment.status = CommentStatus.DELETED
        comment.body_source = comment.body_html = ""
        comment.review_reason = ""
        comment.save(update_fields=["status", "body_source", "body_html", "review_reason"])
        # Nothing is left to decide on: the reports are settled with the comment.
        Report.objects.filter(comment=comment, resolved_at__isnull=True).update(
            resolved_at=timezone.now()
        )
    return comment


def like_toggle(*, member, comment=None, page=None):
    """Like (スキ) `comment` or `page` for `member`, or take the like back if they had given
    one. Returns (liked, count): whether it is liked now, and its number of likes."""
    if (comment is None) == (page is None):
        raise TypeError("like_toggle() needs exactly one of comment or page.")
    _member_may_post_check(member)
    if comment is not None and comment.status != CommentStatus.PUBLISHED:
        raise CommentError(_("This comment can no longer be liked."), code="unavailable")
    _topic_open_check(comment.page_id if comment is not None else page.pk)
    target = {"comment": comment} if comment is not None else {"page_id": page.pk}
    with transaction.atomic():
        removed, _counts = Like.objects.filter(member=member, **target).delete()
        added = not removed and _like_add(member=member, target=target)
        if removed or added:  # pages show the counts
            page_cache_purge_on_commit(page_id=comment.page_id if comment else page.pk)
        if added and comment is not None:
            transaction.on_commit(
                lambda: tasks.like_notify.enqueue(comment_id=comment.pk, member_id=member.pk)
            )
        if comment is None:
            return not removed, Like.objects.filter(**target).count()
        if removed or added:
            Comment.objects.filter(pk=comment.pk).update(
                like_count=F("like_count") + (1 if added else -1)
            )
        comment.like_count = Comment.objects.values_list("like_count", flat=True).get(pk=comment.pk)
        return not removed, comment.like_count


def _like_add(*, member, target):
    """True when a new like was recorded; False when a parallel request recorded it first."""
    try:
        with transaction.atomic():
            Like.objects.create(member=member, **target)
    except IntegrityError:
        return False
    return True


def comment_report(*, comment, reporter, reason, text=""):
    """Report (通報) `comment`; once per member per comment. Returns the Report.

    At DiscussionSettings.report_threshold reports not yet decided on by a moderator, the
    comment is hidden until a moderator reviews it."""
    _member_may_post_check(reporter)
    if comment.author_id == reporter.pk:
        raise CommentError(_("You cannot report your own comment."), code="own")
    if comment.status != CommentStatus.PUBLISHED:
        raise CommentError(_("This comment can no longer be reported."), code="unavailable")
    text = plain_text_clean(text or "").strip()
    _report_reason_check(reason=reason, text=text)
    threshold = discussion_settings_for(comment.page).report_threshold
    with transaction.atomic():
        report = _report_add(comment=comment, reporter=reporter, reason=reason, text=text)
        Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
        if Report.objects.filter(comment=comment, resolved_at__isnull=True).count() >= threshold:
            hidden = Comment.objects.filter(pk=comment.pk, status=CommentStatus.PUBLISHED).update(
                status=CommentStatus.HIDDEN, review_reason=ReviewReason.REPORTS
            )
            if hidden:  # an UPDATE: no signal purges the pages that show it
                comment_pages_purge_on_commit(comment=comment)
        comment.refresh_from_db(fields=["report_count", "status", "review_reason"])
    return report


def _report_add(*, comment, reporter, reason, text):
    already = _("You have already reported this comment.")
    if Report.objects.filter(comment=comment, reporter=reporter).exists():
        raise CommentError(already, code="already_reported")
    try:
        with transaction.atomic():
            return Report.objects.create(
                comment=comment, reporter=reporter, reason=reason, text=text
            )
    except IntegrityError as error:
        raise CommentError(already, code="already_reported") from error


def _report_reason_check(*, reason, text):
    if reason not in ReportReason.values:
        raise CommentError({"reason": _("Choose a reason for your report.")}, code="reason")
    if reason == ReportReason.OTHER and not text:
        raise CommentError(
            {"text": _("Tell us what is wrong with this comment.")}, code="text_required"
        )
    if len(text) > REPORT_TEXT_MAX_LENGTH:
        raise CommentError(
            {
                "text": _("The details can be at most %(limit)s characters.")
                % {"limit": f"{REPORT_TEXT_MAX_LENGTH:,}"}
            },
            code="text_too_long",
        )


def _member_may_post_check(member):
    if refusal := member_post_refusal(member):
        raise refusal


def _page_open_check(page):
    if not page.live:
        raise CommentError(
            _("Comments can only be posted on published pages."), code="page_not_live"
        )
    mode = discussion_mode(page)
    if mode == DiscussionMode.CLOSED:
        raise CommentError(_("Comments are closed on this page."), code="closed")
    _topic_open_check(page.pk)
    return mode


def _topic_open_check(page_id):
    """On an opinion exchange that takes no opinions now (not begun, ended, closed), comments
    are read-only: no likes, no edits."""
    topic = TopicPage.objects.filter(pk=page_id).first()
    if topic is not None and not topic.accepts_opinions():
        raise CommentError(_("This opinion exchange is not taking opinions."), code="closed")


def _stance_check(*, page, stance, top_level):
    """The stance to store: one of Stance for an opinion on a topic that asks for one (required
    there), "" for everything else."""
    if not (top_level and isinstance(page, TopicPage) and page.asks_stance):
        return ""
    if stance not in Stance.values:
        raise CommentError(
            {"stance": _("Choose where you stand: for, neutral or against.")}, code="stance"
        )
    return stance


def _reply_placement(*, page, parent):
    """Where a new comment goes: parent, root, depth and in_reply_to for Comment()."""
    if parent is None:
        return {"parent": None, "root": None, "depth": 1, "in_reply_to": None}
    if parent.page_id != page.pk:
        raise CommentError(
            _("You can only reply to a comment on the same page."), code="parent_page"
        )
    if parent.status != CommentStatus.PUBLISHED:
        raise CommentError(
            _("The comment you are replying to is no longer available."), code="parent"
        )
    root = parent.root if parent.root_id else parent
    if parent.depth >= MAX_DEPTH:
        return {"parent": parent.parent, "root": root, "depth": MAX_DEPTH, "in_reply_to": parent}
    return {"parent": parent, "root": root, "depth": parent.depth + 1, "in_reply_to": None}


def _body_clean(body):
    """The member's text without unsafe characters and surrounding blank space, or
    CommentError when nothing visible is left or it is too long."""
    source = plain_text_clean(body or "").strip()
    if not any(unicodedata.category(character)[0] not in "CZ" for character in source):
        raise CommentError({"body": _("Write a comment before posting.")}, code="empty")
    if len(source) > BODY_MAX_LENGTH:
        raise CommentError(
            {
                "body": _("A comment can be at most %(limit)s characters; this one has %(count)s.")
                % {"limit": f"{BODY_MAX_LENGTH:,}", "count": f"{len(source):,}"}
            },
            code="too_long",
        )
    return source


def _links_check(source, *, limit):
    if len(URL_RE.findall(source)) > limit:
        raise CommentError(
            {
                "body": ngettext(
                    "On your first day you can include at most %(limit)s web address in a comment.",
                    "On your first day you can include at most %(limit)s web addresses in a "
                    "comment.",
                    limit,
                )
                % {"limit": limit}
            },
            code="too_many_links",
        )


def _duplicate_check(*, author, source, limits, now):
    since = now - timedelta(minutes=limits.duplicate_window_minutes)
    if Comment.objects.filter(author=author, body_source=source, created_at__gte=since).exists():
        raise CommentError(
            {"body": _("You have just posted the same text. Please write something new.")},
            code="duplicate",
        )


def _pace_check(*, author, limits, now, first_day):
    """Refuse a comment that comes too soon after the member's last one, or one over the
    first-day allowance; the message says when they may post again."""
    mine = Comment.objects.filter(author=author)
    last = mine.order_by("-created_at").values_list("created_at", flat=True).first()
    gap = (
        limits.min_seconds_between_comments_first_day
        if first_day
        else limits.min_seconds_between_comments
    )
    if last is not None and (wait := gap - (now - last).total_seconds()) > 0:
        raise _wait_error(seconds=wait)
    if first_day and mine.count() >= limits.max_comments_first_day:
        allowed_from = timezone.localtime(author.date_joined + timedelta(days=1))
        raise CommentError(
            _(
                "On your first day you can post %(limit)s comments. You can post again from "
                "%(time)s."
            )
            % {
                "limit": limits.max_comments_first_day,
                "time": date_format(allowed_from, "SHORT_DATETIME_FORMAT"),
            },
            code="first_day_limit",
        )


def _address_pace_check(ip_address, *, limits):
    per_address = (limits.max_comments_per_address, limits.address_window_minutes * 60)
    if wait := rate_limit_wait(scope="comment", ip_address=ip_address, limit=per_address):
        raise _wait_error(seconds=wait)


def _wait_error(*, seconds):
    seconds = max(1, math.ceil(seconds))
    return CommentError(
        ngettext(
            "Please wait %(seconds)s second before posting another comment.",
            "Please wait %(seconds)s seconds before posting another comment.",
            seconds,
        )
        % {"seconds": seconds},
        code="too_soon",
    )


def comment_pages_purge_on_commit(*, comment):
    """Purge the pages that show `comment`: its own, and for an opinion the articles its
    topic lists (they show the topic's opinion count)."""
    page_cache_purge_on_commit(page_id=comment.page_id)
    if comment.depth == 1:
        related = TopicPageRelatedArticle.objects.filter(topic_id=comment.page_id)
        for article_id in related.values_list("article_id", flat=True):
            page_cache_purge_on_commit(page_id=article_id)
