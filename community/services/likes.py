"""Likes (スキ) of comments and pages by members."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.page_cache import page_cache_purge_on_commit

from .. import tasks
from ..models import Comment, CommentStatus, Like
from .posting import CommentError, _member_may_post_check, _topic_open_check


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
                like_count=F("like_count") + (1 if added else -1), changed_at=timezone.now()
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
