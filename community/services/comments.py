"""Writes of comments: post, edit and delete, and the page-cache purges of a comment's pages.

Each function takes keyword arguments, checks what it is given and writes in one transaction.
A refusal the member can read and act on raises CommentError (posting.py), keyed by form field
name where it concerns one field."""

import unicodedata
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.page_cache import page_cache_purge_on_commit
from core.sanitising import plain_text_clean, plain_text_to_html

from .. import tasks
from ..models import (
    BlockedWord,
    Comment,
    CommentRevision,
    CommentStatus,
    DiscussionMode,
    Report,
    ReviewReason,
    Stance,
    TopicPage,
    TopicPageRelatedArticle,
)
from ..models.comments import BODY_MAX_LENGTH, MAX_DEPTH
from ..models.moderation import blocked_word_normalise
from ..selectors.members import user_is_staff
from .discussions import MODERATE_PERMISSION, discussion_settings_for
from .posting import (
    CommentError,
    _address_pace_check,
    _duplicate_check,
    _links_check,
    _member_may_post_check,
    _pace_check,
    _page_open_check,
    _topic_open_check,
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
            changed_at=now,
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
        comment.changed_at = now
        if now - comment.created_at > timedelta(minutes=limits.edit_grace_minutes):
            comment.edited_at = now
        if comment.status == CommentStatus.PUBLISHED and _review_reason(
            source=source, mode=DiscussionMode.OPEN, official=comment.is_official
        ):
            comment.status = CommentStatus.PENDING
            comment.review_reason = ReviewReason.BLOCKED_WORD
        comment.save(
            update_fields=[
                "body_source",
                "body_html",
                "edited_at",
                "status",
                "review_reason",
                "changed_at",
            ]
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
        comment.changed_at = timezone.now()
        comment.save(
            update_fields=["status", "body_source", "body_html", "review_reason", "changed_at"]
        )
        # Nothing is left to decide on: the reports are settled with the comment.
        Report.objects.filter(comment=comment, resolved_at__isnull=True).update(
            resolved_at=timezone.now()
        )
    return comment


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


def comment_pages_purge_on_commit(*, comment):
    """Purge the pages that show `comment`: its own, and for an opinion the articles its
    topic lists (they show the topic's opinion count)."""
    page_cache_purge_on_commit(page_id=comment.page_id)
    if comment.depth == 1:
        related = TopicPageRelatedArticle.objects.filter(topic_id=comment.page_id)
        for article_id in related.values_list("article_id", flat=True):
            page_cache_purge_on_commit(page_id=article_id)
