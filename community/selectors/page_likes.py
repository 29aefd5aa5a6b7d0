"""The スキ (likes) of a page itself, for its like button (community/includes/page_like.html),
read without building the page's comment section."""

from dataclasses import dataclass

from django.db.models import Count, Q

from ..models import Like


@dataclass(frozen=True)
class PageLikes:
    like_count: int
    liked_by_viewer: bool


def page_likes_get(*, page, viewer):
    """How many likes `page` has and whether `viewer` gave one, in one query."""
    likes = Like.objects.filter(page_id=page.pk).aggregate(
        count=Count("pk"),
        mine=Count("pk", filter=Q(member_id=getattr(viewer, "pk", None))),
    )
    return PageLikes(like_count=likes["count"], liked_by_viewer=bool(likes["mine"]))
