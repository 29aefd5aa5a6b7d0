"""What a discussable page shows a signed-in viewer of the page and of themselves, read in one
statement: the page's スキ count and whether they gave one (the like button), whether they
follow the page (the follow button) and how many notifications they have not read (the
account menu). Read afresh on every request: it is the viewer's own state, right on the next
read after any change."""

from dataclasses import dataclass

from django.db import connections, router

from ..models import Follow, Like, Notification

# Stand-ins for the page and the viewer while the querysets are compiled (ids never used).
_PAGE, _VIEWER = -73_400_001, -73_400_002
_statements = {}  # database alias -> (SQL, params with the stand-ins)


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
    database = router.db_for_read(Like)
    sql, params = _statement(database)
    stand_ins = {_PAGE: page.pk, _VIEWER: viewer.pk}
    with connections[database].cursor() as cursor:
        cursor.execute(sql, [stand_ins.get(p, p) if type(p) is int else p for p in params])
        like_count, liked, following, unread = cursor.fetchone()
    return PageViewer(
        like_count=like_count,
        liked_by_viewer=bool(liked),
        following=bool(following),
        unread_count=unread,
    )


def _statement(database):
    """The SQL of page_viewer_get, compiled once per database from the querysets that say what
    each figure counts: Django takes about as long to build and compile a queryset as the
    database takes to run all four, so a read only swaps in its page and viewer."""
    if database not in _statements:
        parts = [
            Like.objects.filter(page_id=_PAGE),
            Like.objects.filter(page_id=_PAGE, member_id=_VIEWER),
            Follow.objects.filter(page_id=_PAGE, member_id=_VIEWER),
            Notification.objects.filter(recipient_id=_VIEWER).unread().shown(),
        ]
        compiled = [
            qs.order_by().values("pk").query.get_compiler(using=database).as_sql() for qs in parts
        ]
        (likes, p1), (liked, p2), (following, p3), (unread, p4) = compiled
        # Django's compiled SQL; every value is a parameter.
        sql = (
            f"SELECT (SELECT COUNT(*) FROM ({likes}) page_likes), EXISTS({liked}), "  # noqa: S608
            f"EXISTS({following}), (SELECT COUNT(*) FROM ({unread}) unread)"
        )
        _statements[database] = (sql, (*p1, *p2, *p3, *p4))
    return _statements[database]
