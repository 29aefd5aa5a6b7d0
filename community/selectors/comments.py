"""Reads for discussions: a page's comment thread (replies, likes, opinion votes), comment
counts, the pages that take comments and the comment a form or link points at."""

from functools import partial

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Least
from django.http import Http404
from django.shortcuts import get_object_or_404
from wagtail.models import Page

from core.prepared import PreparedQuery

from ..models import Comment, CommentStatus, Like, OpinionVote, TopicPage, VoteCountsShown
from ..models.discussion import discussable_page_models
from .comment_rows import comment_rows_get
from .members import member_public_attributes

COMMENT_SORTS = {
    "oldest": ("created_at", "pk"),
    "newest": ("-created_at", "-pk"),
    "liked": ("-like_count", "created_at", "pk"),
    # Opinions on a topic: most agreed, and most divisive (many agree *and* many disagree).
    "agreed": ("-agree_count", "-created_at", "-pk"),
    "divisive": (
        Least("agree_count", "disagree_count").desc(),
        (F("agree_count") + F("disagree_count") + F("pass_count")).desc(),
        "-created_at",
        "-pk",
    ),
}
COMMENTS_PER_PAGE = 50

# The comments on a page a member liked (ids), compiled once per database (core.prepared):
# one statement whatever the thread, instead of Django building one for its ids each read.
_VIEWER_LIKES = PreparedQuery(
    lambda *, viewer, page: Like.objects.filter(
        member_id=viewer, comment__page_id=page
    ).values_list("comment_id"),
    names=["viewer", "page"],
)


def comment_thread(*, page, viewer, sort="oldest", page_number=1, per_page=COMMENTS_PER_PAGE):
    """One page (django.core.paginator.Page) of the top-level comments on `page`, in `sort`
    order (a key of COMMENT_SORTS; anything else is "oldest").

    Each comment has `.replies`: its direct replies, oldest first, each with its own
    `.replies`; `.liked_by_viewer`; `.by_viewer` (the viewer wrote it); and
    `.author_attributes`: the author's stakeholder type and region as anyone may see them
    (ProfileAttribute list, empty unless the member made them public). Shown are published
    comments, the viewer's own ones
    waiting for review, and deleted ones that still have shown replies (as placeholders).
    Authors, their regions and the comment a reply answers (`in_reply_to`) are loaded with
    them. Four queries whatever the number of comments (count, top level, replies, the
    viewer's likes); fewer when there is nothing to show or the viewer is anonymous. With
    rendered pages' fragments on (PAGE_FRAGMENT_SECONDS), the rows come from those kept for the
    page's generation when they can (comment_rows): then the authors and, for a signed-in
    viewer, whether they have comments waiting for review are read instead. `.rows_key` on the
    page returned names the kept rows it shows (comment_rows), or is None.
    """
    sort = sort if sort in COMMENT_SORTS else "oldest"
    comments_page, replies, rows_key = comment_rows_get(
        page=page,
        viewer=viewer,
        sort=sort,
        page_number=page_number,
        per_page=per_page,
        read=partial(
            _rows_read,
            page=page,
            viewer=viewer,
            sort=sort,
            page_number=page_number,
            per_page=per_page,
        ),
    )
    comments_page.rows_key = rows_key
    threads = comments_page.object_list
    _viewer_mark(threads + replies, viewer=viewer, page=page)
    if isinstance(page, TopicPage):
        opinion_votes_mark(threads, viewer=viewer, topic=page)
    comment_author_attributes_mark(threads + replies)
    _threads_build(threads, replies)
    return comments_page


def _rows_read(*, page, viewer, sort, page_number, per_page):
    """The page of top-level comments (its object_list a list) and their replies, with
    authors: three queries (count, top level, replies), two without top-level comments."""
    top_level = _top_level_visible_to(viewer, page=page).order_by(*COMMENT_SORTS[sort])
    comments_page = Paginator(top_level, per_page).get_page(page_number)
    comments_page.object_list = threads = list(comments_page.object_list)
    replies = list(_replies_visible_to(viewer, threads=threads)) if threads else []
    return comments_page, replies


def _shown_to(viewer):
    """Published comments and the viewer's own ones waiting for review."""
    shown = Q(status=CommentStatus.PUBLISHED)
    if viewer is not None and viewer.is_authenticated:
        shown |= Q(status=CommentStatus.PENDING, author_id=viewer.pk)
    return shown


def _top_level_visible_to(viewer, *, page):
    """Top-level comments on `page` shown to `viewer`, with deleted ones that have a
    published reply (shown as placeholders)."""
    replied = Comment.objects.filter(root=OuterRef("pk"), status=CommentStatus.PUBLISHED)
    placeholder = Q(Exists(replied), status=CommentStatus.DELETED)
    return (
        Comment.objects.filter(page_id=page.pk, depth=1)
        .filter(_shown_to(viewer) | placeholder)
        .select_related("author__region")
    )


def _replies_visible_to(viewer, *, threads):
    """All replies in `threads` shown to `viewer`, oldest first. Deleted ones come too:
    _threads_build keeps those that still have shown replies, as placeholders."""
    return (
        Comment.objects.filter(root_id__in=[thread.pk for thread in threads])
        .filter(_shown_to(viewer) | Q(status=CommentStatus.DELETED))
        .select_related("author__region", "in_reply_to__author")
        .order_by("created_at", "pk")
    )


def _viewer_mark(comments, *, viewer, page):
    """Set `.liked_by_viewer` and `.by_viewer` on each of `comments`, comments on `page`
    (one query)."""
    signed_in = viewer is not None and viewer.is_authenticated
    liked = set()
    if comments and signed_in:
        liked = {pk for (pk,) in _VIEWER_LIKES.rows(viewer=viewer.pk, page=page.pk)}
    for comment in comments:
        comment.liked_by_viewer = comment.pk in liked
        comment.by_viewer = signed_in and comment.author_id == viewer.pk


def opinion_votes_mark(opinions, *, viewer, topic):
    """Set on each of `opinions` (top-level comments on `topic`) what its vote buttons show:
    `.viewer_vote` (the viewer's VoteChoice value, or ""), `.counts_shown` and the figures
    `.vote_total`, `.agree_percent`, `.disagree_percent`, `.pass_percent` (whole numbers).

    Counts are shown once the topic no longer takes votes, always when the topic says so, after
    the viewer voted on the opinion, and to the opinion's author. One query for a signed-in
    viewer, none otherwise (`.by_viewer` must be set, as _viewer_mark does)."""
    votes = {}
    if opinions and viewer is not None and viewer.is_authenticated:
        votes = dict(
            OpinionVote.objects.filter(
                member_id=viewer.pk, opinion_id__in=[opinion.pk for opinion in opinions]
            ).values_list("opinion_id", "choice")
        )
    open_now = topic.accepts_opinions()
    always = topic.vote_counts_shown == VoteCountsShown.ALWAYS
    for opinion in opinions:
        opinion.viewer_vote = votes.get(opinion.pk, "")
        opinion.counts_shown = bool(
            not open_now or always or opinion.viewer_vote or getattr(opinion, "by_viewer", False)
        )
        opinion_figures_mark(opinion)


def opinion_figures_mark(opinion):
    """Set `.vote_total` and the whole-number percentages of agree, disagree and pass."""
    counts = (opinion.agree_count, opinion.disagree_count, opinion.pass_count)
    opinion.vote_total = total = sum(counts)
    opinion.agree_percent, opinion.disagree_percent, opinion.pass_percent = (
        round(100 * count / total) if total else 0 for count in counts
    )


def comment_author_attributes_mark(comments):
    """Set `.author_attributes` on each of `comments`: what its author made public (no
    query: authors come with their regions)."""
    everyone = AnonymousUser()
    by_author = {}
    for comment in comments:
        author = comment.author
        if author is not None and author.pk not in by_author:
            by_author[author.pk] = member_public_attributes(member=author, viewer=everyone)
        comment.author_attributes = by_author.get(comment.author_id, [])


def _threads_build(threads, replies):
    """Nest `replies` (oldest first) under their parents; a reply whose parent is not shown is
    left out, and so is a deleted reply with nothing shown under it."""
    by_pk = {comment.pk: comment for comment in threads}
    for comment in threads:
        comment.replies = []
    for reply in replies:
        parent = by_pk.get(reply.parent_id)
        if parent is not None:
            reply.replies = []
            parent.replies.append(reply)
            by_pk[reply.pk] = reply
    for comment in threads:
        comment.replies = _placeholders_prune(comment.replies)


def _placeholders_prune(replies):
    kept = []
    for reply in replies:
        reply.replies = _placeholders_prune(reply.replies)
        if reply.status != CommentStatus.DELETED or reply.replies:
            kept.append(reply)
    return kept


def comment_counts(*, pages):
    """{page id: number of published comments} for `pages` (article cards), in one query;
    pages without comments are missing from the dict."""
    rows = (
        Comment.objects.published()
        .filter(page_id__in=[page.pk for page in pages])
        .order_by()
        .values("page_id")
        .annotate(count=Count("pk"))
        .values_list("page_id", "count")
    )
    return dict(rows)


def discussable_pages():
    """Live pages that everyone may read and that take comments."""
    return Page.objects.live().public().type(*discussable_page_models())


def discussable_page_get(*, pk):
    """The page with this pk if it takes comments and a site serves it; 404 otherwise."""
    page = get_object_or_404(discussable_pages().specific(), pk=pk)
    if page.get_url() is None:
        raise Http404
    return page


def comment_on_discussable_page_get(*, pk, **filters):
    """The comment with this pk (and `filters`) on a page that takes comments and everyone may
    read, with its page and author; 404 otherwise. Every comment form looks comments up here,
    so a comment on an unpublished or restricted page is out of reach."""
    comments = Comment.objects.select_related("page", "author").filter(
        page__in=discussable_pages(), **filters
    )
    return get_object_or_404(comments, pk=pk)


def comment_page_number(*, page, comment, viewer, per_page=COMMENTS_PER_PAGE):
    """The page of `page`'s oldest-first thread (comment_thread's `page_number`) on which
    `viewer` finds `comment`: the page of its top-level comment."""
    root = comment.root if comment.root_id else comment
    earlier = Q(created_at__lt=root.created_at) | Q(created_at=root.created_at, pk__lt=root.pk)
    before = _top_level_visible_to(viewer, page=page).filter(earlier).count()
    return before // per_page + 1


def reply_target_get(*, page, pk):
    """The published comment on `page` with this pk that a reply may answer, or None."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        Comment.objects.published().filter(page_id=page.pk, pk=pk).select_related("author").first()
    )
