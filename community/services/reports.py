"""Reports (通報) of comments by members: once per member per comment; enough of them hide the
comment until a moderator reviews it."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.sanitising import plain_text_clean

from ..consensus.generation import consensus_changed
from ..models import Comment, CommentStatus, Report, ReportReason, ReviewReason
from .comments import comment_pages_purge_on_commit
from .discussions import discussion_settings_for
from .posting import CommentError, _member_may_post_check

REPORT_TEXT_MAX_LENGTH = 1000


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
                status=CommentStatus.HIDDEN,
                review_reason=ReviewReason.REPORTS,
                changed_at=timezone.now(),
            )
            if hidden:  # an UPDATE: no signal purges the pages that show it
                comment_pages_purge_on_commit(comment=comment)
                consensus_changed(topic_ids=[comment.page_id])
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
