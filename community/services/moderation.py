"""Moderators' decisions: approve, hide, delete and restore comments (one at a time or in
bulk), suspend members and lift suspensions.

Every decision is written to the moderation log (ModerationAction: who, what, when, why) in
the same transaction as the change, and the member concerned is notified once it commits.
Only holders of `community.moderate_comment` may decide; everyone else gets PermissionDenied.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.page_cache import page_cache_scope_purge_on_commit
from core.sanitising import plain_text_clean, plain_text_to_html

from .. import tasks
from ..models import (
    Comment,
    CommentRevision,
    CommentStatus,
    ModerationAction,
    ModerationActionKind,
    Report,
    Suspension,
)
from ..selectors.members import MEMBERS_SCOPE, user_is_staff
from .comments import comment_delete
from .discussions import MODERATE_PERMISSION
from .posting import CommentError

REASON_MAX_LENGTH = 1000
SUBJECT_LENGTH = 80
SUSPENSION_MAX = timedelta(days=3653)


class ModerationError(CommentError):
    """A decision that cannot be applied to this comment or member, with the reason why."""


@dataclass(frozen=True)
class BulkOutcome:
    """What a bulk decision did: comments changed, and comments skipped because the decision
    did not apply to them (already in that state, or deleted by their author)."""

    done: int
    skipped: int


# --- Comments ---------------------------------------------------------------------------------


def comment_approve(*, comment, moderator, reason=""):
    """Publish a comment that waits for review, or keep (or show again) one that members
    reported; its open reports are resolved either way. Only the author of a waiting comment
    is told: the others never heard of the reports."""
    _moderator_check(moderator)
    reason = _reason_checked(reason)
    with transaction.atomic():
        comment = _comment_lock(comment)
        was_pending = comment.status == CommentStatus.PENDING
        if not (was_pending or _is_reported(comment)):
            raise ModerationError(
                _("Only a comment waiting for review or reported can be approved.")
            )
        _status_set(comment, CommentStatus.PUBLISHED)
        action = _action_log(moderator, ModerationActionKind.APPROVE, comment, reason)
    _after_commit_notify(action, published=was_pending, tell_member=was_pending)
    return action


def comment_hide(*, comment, moderator, reason=""):
    """Hide a published or waiting comment from everyone but its author and moderators."""
    _moderator_check(moderator)
    reason = _reason_checked(reason)
    with transaction.atomic():
        comment = _comment_lock(comment)
        if comment.status not in (CommentStatus.PUBLISHED, CommentStatus.PENDING):
            raise ModerationError(_("Only a published or waiting comment can be hidden."))
        _status_set(comment, CommentStatus.HIDDEN)
        action = _action_log(moderator, ModerationActionKind.HIDE, comment, reason)
    _after_commit_notify(action)
    return action


def comment_remove(*, comment, moderator, reason=""):
    """Delete a comment as a moderator: the placeholder 「このコメントは削除されました」 keeps
    its replies, the text is kept for moderators (see comment_delete), and it can be restored."""
    _moderator_check(moderator)
    reason = _reason_checked(reason)
    with transaction.atomic():
        comment = _comment_lock(comment)
        if comment.is_deleted:
            raise ModerationError(_("This comment has already been deleted."))
        action = _action_log(moderator, ModerationActionKind.DELETE, comment, reason)
        comment_delete(comment=comment, actor=moderator)
    _after_commit_notify(action)
    return action


def comment_restore(*, comment, moderator, reason=""):
    """Publish again a comment a moderator hid or deleted; a deleted one gets its last text
    back. A comment its author deleted stays deleted: that was the author's choice. A comment
    restored before it was ever published is announced as a new one would be."""
    _moderator_check(moderator)
    reason = _reason_checked(reason)
    with transaction.atomic():
        comment = _comment_lock(comment)
        if comment.is_deleted and _deleted_by_moderator(comment):
            comment.body_source = _last_text(comment)
            comment.body_html = plain_text_to_html(comment.body_source)
            comment.save(update_fields=["body_source", "body_html"])
        elif comment.status != CommentStatus.HIDDEN:
            raise ModerationError(
                _("Only a comment hidden or deleted by a moderator can be restored.")
            )
        _status_set(comment, CommentStatus.PUBLISHED)
        action = _action_log(moderator, ModerationActionKind.RESTORE, comment, reason)
    _after_commit_notify(action, published=True)
    return action


COMMENT_DECISIONS = {
    ModerationActionKind.APPROVE: comment_approve,
    ModerationActionKind.HIDE: comment_hide,
    ModerationActionKind.DELETE: comment_remove,
    ModerationActionKind.RESTORE: comment_restore,
}


def comments_moderate(*, comments, moderator, kind, reason=""):
    """Apply one decision (approve, hide, delete or restore) to several comments with one
    reason, all or nothing; each is logged on its own. Comments it does not apply to are
    skipped."""
    _moderator_check(moderator)
    reason = _reason_checked(reason)
    decide = COMMENT_DECISIONS[kind]
    done = skipped = 0
    with transaction.atomic():
        for comment in comments:
            try:
                decide(comment=comment, moderator=moderator, reason=reason)
            except ModerationError:
                skipped += 1
            else:
                done += 1
    return BulkOutcome(done=done, skipped=skipped)


def _comment_lock(comment):
    """The comment as it is now, locked until the transaction ends: two moderators deciding
    at once take turns, and the second sees the first one's decision."""
    locked = Comment.objects.select_for_update(of=("self",)).select_related("author")
    return locked.get(pk=comment.pk)


def _is_reported(comment):
    hidden_by_reports = comment.status == CommentStatus.HIDDEN and comment.review_reason
    published_and_reported = (
        comment.status == CommentStatus.PUBLISHED and _open_reports(comment).exists()
    )
    return bool(hidden_by_reports or published_and_reported)


def _status_set(comment, status):
    comment.status = status
    comment.review_reason = ""
    comment.changed_at = timezone.now()
    comment.save(update_fields=["status", "review_reason", "changed_at"])
    _open_reports(comment).update(resolved_at=timezone.now())


def _open_reports(comment):
    return Report.objects.filter(comment=comment, resolved_at__isnull=True)


def _deleted_by_moderator(comment):
    last_delete_or_restore = (
        ModerationAction.objects.filter(
            comment=comment,
            kind__in=[ModerationActionKind.DELETE, ModerationActionKind.RESTORE],
        )
        .values_list("kind", flat=True)
        .first()
    )
    return last_delete_or_restore == ModerationActionKind.DELETE


def _last_text(comment):
    revision = CommentRevision.objects.filter(comment=comment).order_by("-created_at", "-pk")
    return revision.values_list("body_source", flat=True).first() or ""


# --- Members ----------------------------------------------------------------------------------


def member_suspend(*, member, moderator, reason, ends_at=None):
    """Stop `member` commenting, liking and reporting until `ends_at` (for good when None).
    Returns the Suspension. Staff cannot be suspended; a reason is required."""
    _moderator_check(moderator)
    if user_is_staff(member):
        raise ModerationError(_("Staff accounts cannot be suspended."))
    reason = _reason_required(reason)
    now = timezone.now()
    if ends_at is not None and not now < ends_at <= now + SUSPENSION_MAX:
        raise ModerationError(
            {"ends_at": _("Choose an end in the future, within ten years from now.")}
        )
    with transaction.atomic():
        suspension = Suspension.objects.create(
            member=member, reason=reason, starts_at=now, ends_at=ends_at, created_by=moderator
        )
        action = _action_log(
            moderator,
            ModerationActionKind.SUSPEND,
            None,
            reason,
            member=member,
            subject=_suspension_period(ends_at),
        )
    _after_commit_notify(action)
    return suspension


def suspension_lift(*, suspension, moderator, reason=""):
    """End a suspension in force now. The member is told only when no other suspension of
    theirs remains in force."""
    _moderator_check(moderator)
    reason = _reason_checked(reason)
    now = timezone.now()
    with transaction.atomic():
        if not Suspension.objects.in_force(at=now).filter(pk=suspension.pk).update(lifted_at=now):
            raise ModerationError(_("This suspension is no longer in force."))
        suspension.lifted_at = now
        page_cache_scope_purge_on_commit(MEMBERS_SCOPE)  # the UPDATE sends no signal
        action = _action_log(
            moderator,
            ModerationActionKind.SUSPENSION_LIFT,
            None,
            reason,
            member=suspension.member,
            subject=_suspension_period(suspension.ends_at),
        )
        still_suspended = (
            Suspension.objects.in_force(at=now).filter(member=suspension.member_id).exists()
        )
    _after_commit_notify(action, tell_member=not still_suspended)
    return suspension


def _suspension_period(ends_at):
    if ends_at is None:
        return _("Until lifted")
    until = date_format(timezone.localtime(ends_at), "SHORT_DATETIME_FORMAT")
    return _("Until %(time)s") % {"time": until}


# --- Shared -----------------------------------------------------------------------------------


def _moderator_check(moderator):
    if moderator is None or not moderator.is_active or not moderator.has_perm(MODERATE_PERMISSION):
        raise PermissionDenied(_("Only moderators can do this."))


def _reason_required(reason):
    reason = _reason_checked(reason)
    if not reason:
        raise ModerationError({"reason": _("Give a reason: the member will read it.")})
    return reason


def _reason_checked(reason):
    reason = plain_text_clean(reason or "").strip()
    if len(reason) > REASON_MAX_LENGTH:
        raise ModerationError(
            {
                "reason": _("The reason can be at most %(limit)s characters.")
                % {"limit": f"{REASON_MAX_LENGTH:,}"}
            }
        )
    return reason


def _action_log(moderator, kind, comment, reason, *, member=None, subject=None):
    """Write the decision to the log; `subject` defaults to the start of the comment's text."""
    if subject is None:
        subject = (comment.body_source or _last_text(comment))[:SUBJECT_LENGTH]
    return ModerationAction.objects.create(
        moderator=moderator,
        kind=kind,
        comment=comment,
        member=member if member is not None else comment.author,
        subject=subject,
        reason=reason,
    )


def _after_commit_notify(action, *, published=False, tell_member=True):
    """Once the decision is saved, in the background: tell the member concerned
    (`tell_member`), and when the comment is `published` announce it to its audience (once: a
    comment is never announced twice)."""
    if tell_member or published:
        transaction.on_commit(
            lambda: tasks.moderation_notify.enqueue(
                action_id=action.pk, published=published, tell_member=tell_member
            )
        )
