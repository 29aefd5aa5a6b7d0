"""A page's comment rows kept per page generation: what the thread's queries read (the page of
top-level comments, their replies, the comment each answers, the number of comments), shared
by every viewer without comments of their own waiting for review (the rows name those who
have some, so that nobody asks on each read).

Every write a thread shows — a comment posted, edited, deleted or moderated, a like, a vote,
the discussion opened or closed — purges the page's generation in the page cache
(core.page_cache), so rows kept under it are the rows the queries would read. The authors are
not kept: their names, pictures, badges and public profiles change without a purge, so they
are read afresh on every request (one query) and the thread shows them exactly as before.
Kept for PAGE_FRAGMENT_SECONDS; off with it (the test settings), and when the cache fails."""

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator

from core.page_cache import cache_call, page_cache_generations, page_fragment_seconds

from ..models import Comment, CommentStatus

MAX_PAGE_KEPT = 1_000  # ?comments_page beyond it (or not a number) is read, never kept


def comment_rows_get(*, page, viewer, sort, page_number, per_page, read):
    """(django.core.paginator.Page of top-level comments, their replies, key) of `page`'s
    thread in `sort` for `viewer`, with authors: from the rows kept for the page's generation,
    or from `read()` (which gives the same with authors selected), kept when the viewer's
    thread is everyone's (they have no comment waiting for review on the page). `key` names
    the kept rows these are, or is None when they are not kept (this viewer's own thread, rows
    off, the cache failing): what is written from kept rows may be kept under it
    (comment_lists)."""
    key = _key(page=page, sort=sort, page_number=page_number, per_page=per_page)
    kept = cache_call("get", key) if key else None
    viewer_id = viewer.pk if viewer is not None and viewer.is_authenticated else None
    if kept is not None and viewer_id not in kept[0]:
        waiting, count, number, threads, replies = kept
        comments_page = Paginator(range(count), per_page).get_page(number)
        comments_page.object_list = threads
        _authors_attach([*threads, *replies])
        return comments_page, replies, key
    comments_page, replies = read()
    if key and kept is None:
        waiting = _waiting_for_review(page=page)
        if viewer_id not in waiting:
            _keep(key, waiting, comments_page, replies)
            return comments_page, replies, key
    return comments_page, replies, None


def _key(*, page, sort, page_number, per_page):
    """The rows' key, or None when they are not to be kept or read: rows off, the cache
    failing, or a page number no link writes."""
    seconds = page_fragment_seconds()
    number = str(page_number)
    if seconds <= 0 or not number.isdigit() or not 0 < int(number) <= MAX_PAGE_KEPT:
        return None
    generations = page_cache_generations(page_id=page.pk)
    if generations is None:
        return None
    return f"commentrows:{page.pk}:{generations}:{sort}:{int(number)}:{per_page}"


def _waiting_for_review(*, page):
    """The members with comments waiting for review on `page`: they see theirs in the thread,
    so their rows are never kept nor read. A comment's review purges the page."""
    return frozenset(
        Comment.objects.filter(page_id=page.pk, status=CommentStatus.PENDING)
        .exclude(author_id=None)
        .values_list("author_id", flat=True)
    )


def _keep(key, waiting, comments_page, replies):
    """Keep the rows without their authors (and the answered comments' authors), with the
    members who must not be given them (`waiting`)."""
    threads = list(comments_page.object_list)
    rows = [*threads, *replies]
    answered = [row.in_reply_to for row in replies if row.in_reply_to_id]
    taken = [(row, row._state.fields_cache.pop("author", None)) for row in rows + answered]
    try:
        value = (waiting, comments_page.paginator.count, comments_page.number, threads, replies)
        cache_call("set", key, value, page_fragment_seconds())
    finally:
        for row, author in taken:
            if author is not None:
                row._state.fields_cache["author"] = author


def _authors_attach(rows):
    """Give `rows` and the comments they answer their authors, with regions, in one query."""
    answered = [row.in_reply_to for row in rows if row.in_reply_to_id]
    everyone = [*rows, *answered]
    ids = {row.author_id for row in everyone if row.author_id}
    authors = get_user_model().objects.select_related("region").in_bulk(ids) if ids else {}
    for row in everyone:
        row.author = authors.get(row.author_id)
