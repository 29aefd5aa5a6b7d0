"""Reads for moderators: the moderation queue, a comment's history, a member's suspensions
and the moderation log."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from ..models import Comment, CommentStatus, ModerationAction, Report, User


class QueueFilter:
    """The views of the moderation queue (the `status` filter)."""

    REVIEW = "review"
    REPORTED = "reported"
    PENDING = "pending"
    HIDDEN = "hidden"
    DELETED = "deleted"
    ALL = "all"


def moderation_queue(*, status=QueueFilter.REVIEW, page_id=None, member_id=None, query=""):
    """Comments for the moderation queue, newest first, with their page and author and
    `open_report_count` (reports no moderator has decided on); their open reports are
    prefetched as `open_reports`.

    `status` picks a QueueFilter view; REVIEW is everything that needs a decision: waiting,
    hidden by reports, or published with open reports. `query` searches the text, the
    author's nickname and e-mail address, and the page title."""
    open_reports = Report.objects.filter(comment=OuterRef("pk"), resolved_at__isnull=True)
    comments = Comment.objects.select_related("author", "page").annotate(
        open_report_count=Coalesce(
            Subquery(open_reports.order_by().values("comment").annotate(n=Count("pk")).values("n")),
            0,
        )
    )
    comments = comments.filter(_queue_condition(status, open_reports))
    if page_id:
        comments = comments.filter(page_id=page_id)
    if member_id:
        comments = comments.filter(author_id=member_id)
    if query := " ".join(query.split()):
        comments = comments.filter(
            Q(body_source__icontains=query)
            | Q(author__display_name__icontains=query)
            | Q(author__email__icontains=query)
            | Q(page__title__icontains=query)
        )
    open_prefetch = Prefetch(
        "reports",
        queryset=Report.objects.filter(resolved_at__isnull=True)
        .select_related("reporter")
        .order_by("reason", "-created_at"),  # grouped by reason in the queue
        to_attr="open_reports",
    )
    return comments.prefetch_related(open_prefetch).order_by("-created_at", "-pk")


def _queue_condition(status, open_reports):
    by_status = {
        QueueFilter.REPORTED: Exists(open_reports),
        QueueFilter.PENDING: Q(status=CommentStatus.PENDING),
        QueueFilter.HIDDEN: Q(status=CommentStatus.HIDDEN),
        QueueFilter.DELETED: Q(status=CommentStatus.DELETED),
        QueueFilter.ALL: Q(),
    }
    return by_status.get(
        status,
        Q(status=CommentStatus.PENDING)
        | Q(status=CommentStatus.HIDDEN) & ~Q(review_reason="")
        | Exists(open_reports),
    )


def moderation_comment_get(*, pk):
    """One comment for the moderator's detail screen, with its revisions, every report and
    the moderation log for it."""
    comments = Comment.objects.select_related("author", "page", "in_reply_to__author")
    return get_object_or_404(
        comments.prefetch_related(
            "revisions",
            Prefetch("reports", queryset=Report.objects.select_related("reporter")),
            Prefetch(
                "moderation_actions",
                queryset=ModerationAction.objects.select_related("moderator"),
            ),
        ),
        pk=pk,
    )


def member_moderation_get(*, pk):
    """A member for the suspension screen, with their suspensions (newest first) and
    `comment_totals`: (status label, number of their comments) for each status they have."""
    member = get_object_or_404(User.objects.prefetch_related("suspensions__created_by"), pk=pk)
    totals = dict(
        Comment.objects.filter(author=member)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    member.comment_totals = [
        (status.label, totals[status]) for status in CommentStatus if status in totals
    ]
    return member


def moderation_log(*, kind="", member_id=None, moderator_id=None):
    """The moderation log, newest first."""
    actions = ModerationAction.objects.select_related("moderator", "member", "comment__page")
    if kind:
        actions = actions.filter(kind=kind)
    if member_id:
        actions = actions.filter(member_id=member_id)
    if moderator_id:
        actions = actions.filter(moderator_id=moderator_id)
    return actions.order_by("-created_at", "-pk")
