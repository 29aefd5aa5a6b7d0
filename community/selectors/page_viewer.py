"""What a discussable page shows a signed-in viewer of the page and of themselves, read in one
statement: the page's スキ count and whether they gave one (the like button), whether they
follow the page (the follow button) and how many notifications they have not read (the
account menu). Read afresh on every request: it is the viewer's own state, right on the next
read after any change."""

from dataclasses import dataclass

from core.prepared import PreparedQuery

from ..models import Follow, Like, Notification


@dataclass(frozen=True)
class PageViewer:
    """A signed-in viewer's page: `like_count` and `liked_by_viewer` as
    community.selectors.page_likes.PageLikes, `following` the page, `unread_count`."""

    like_count: int
    liked_by_viewer: bool
    following: bool
    unread_count: int


def page_viewer_get(*, page, viewer):
    """The PageViewer of `page` for the signed-in `viewer`, in one query: the results of
    page_likes_get, notifications.page_followed and notification_unread_count together."""
    [(like_count, liked, following, unread)] = _PAGE_VIEWER.rows(page=page.pk, viewer=viewer.pk)
    return PageViewer(
        like_count=like_count,
        liked_by_viewer=bool(liked),
        following=bool(following),
        unread_count=unread,
    )


def _page_viewer_querysets(*, page, viewer):
    return [
        qs.order_by().values("pk")
        for qs in (
            Like.objects.filter(page_id=page),
            Like.objects.filter(page_id=page, member_id=viewer),
            Follow.objects.filter(page_id=page, member_id=viewer),
            Notification.objects.filter(recipient_id=viewer).unread().shown(),
        )
    ]


def _page_viewer_sql(likes, liked, following, unread):
    # Django's compiled SQL; every value is a parameter.
    return (
        f"SELECT (SELECT COUNT(*) FROM ({likes}) page_likes), EXISTS({liked}), "  # noqa: S608
        f"EXISTS({following}), (SELECT COUNT(*) FROM ({unread}) unread)"
    )


# Compiled once per database (core.prepared): Django takes about as long to build and compile
# these querysets as the database takes to run all four.
_PAGE_VIEWER = PreparedQuery(
    _page_viewer_querysets, names=["page", "viewer"], combine=_page_viewer_sql
)
