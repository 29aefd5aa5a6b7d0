"""What the comments section of a page shows to one viewer (CommentSection): the thread, the
sorts the page offers, the counts and the viewer's rights. The page's own likes are read
apart, for its like button (page_likes)."""

from dataclasses import dataclass
from functools import partial

from django.utils.translation import gettext_lazy

from core.page_cache import page_cache_remember

from ..models import DiscussionMode, Stance, TopicPage, VoteCountsShown
from ..services.discussions import MODERATE_PERMISSION, discussion_mode
from ..services.posting import member_post_refusal
from .comments import comment_counts, comment_thread, reply_target_get
from .members import members_with_public_page_ids

ARTICLE_SORTS = ("oldest", "newest", "liked")
TOPIC_SORTS = ("newest", "agreed", "divisive", "oldest")
TOPIC_UNCOUNTED_SORTS = ("newest", "oldest")


@dataclass(frozen=True)
class CommentSection:
    """What the comments section of a page shows to one viewer (see comment_section_get)."""

    comments: object  # a django.core.paginator.Page of top-level comments (comment_thread)
    sort: str
    count: int  # published comments on the page, replies included
    mode: str  # a DiscussionMode value
    viewer_can_post: bool
    viewer_needs_verification: bool  # signed in without a verified e-mail address
    viewer_refusal: str  # why else a signed-in viewer may not post now (suspended), or ""
    viewer_can_moderate: bool  # may delete anyone's comment (community.moderate_comment)
    member_page_ids: frozenset  # authors in the thread whose member page may be linked
    reply_to: object  # the published comment the form answers (?reply_to=), or None
    rows_key: str | None = None  # the kept rows the thread shows (comment_rows), or None
    is_topic: bool = False  # an opinion exchange: top-level comments are opinions
    votes_open: bool = False  # the topic takes opinions, replies and votes now

    sorts: tuple = ARTICLE_SORTS  # the keys of the sorts this page offers, default first

    @property
    def is_closed(self):
        """The discussion takes nothing now (comments closed; a topic ended or closed)."""
        return self.mode == DiscussionMode.CLOSED

    @property
    def sort_choices(self):
        """(key, label) of the sorts this page offers, the default first."""
        return tuple((key, SORT_LABELS[key]) for key in self.sorts)

    @property
    def opinion_columns(self):
        """The opinions of this page of the thread as (for, against, the others): the
        two-column layout of a topic."""
        groups = {Stance.AGREE: [], Stance.DISAGREE: [], "": []}
        for opinion in self.comments.object_list:
            groups.get(opinion.stance, groups[""]).append(opinion)
        return groups[Stance.AGREE], groups[Stance.DISAGREE], groups[""]


SORT_LABELS = {
    "oldest": gettext_lazy("Oldest first"),
    "newest": gettext_lazy("Newest first"),
    "liked": gettext_lazy("Most liked"),
    "agreed": gettext_lazy("Most agreed"),
    "divisive": gettext_lazy("Most divisive"),
}


def comment_sorts(page):
    """The sorts `page`'s thread offers, the default first: newest opinions first on a topic,
    the conversation from its start on an article. Opinions sort by their votes only where
    everyone may see the counts (a topic that always shows them, or one that has ended):
    elsewhere the order would tell what the counts hide until one votes."""
    if not isinstance(page, TopicPage):
        return ARTICLE_SORTS
    if page.vote_counts_shown == VoteCountsShown.ALWAYS or not page.accepts_opinions():
        return TOPIC_SORTS
    return TOPIC_UNCOUNTED_SORTS


def comment_sort_default(page):
    """The sort a page's thread opens with (the first of comment_sorts)."""
    return comment_sorts(page)[0]


def comment_section_get(*, page, viewer, sort="oldest", page_number=1, reply_to_pk=None):
    """The comments section of `page` for `viewer`, in a fixed number of queries whatever the
    number of comments (the thread, the counts, the viewer's rights, the linked members)."""
    is_topic = isinstance(page, TopicPage)
    sorts = comment_sorts(page)
    sort = sort if sort in sorts else sorts[0]
    comments = comment_thread(page=page, viewer=viewer, sort=sort, page_number=page_number)
    votes_open = is_topic and page.accepts_opinions()
    count, mode = page_cache_remember(
        f"comment-section:{page.pk}",
        partial(_page_figures, page),
        page_id=page.pk,
    )
    if is_topic and not votes_open:
        mode = DiscussionMode.CLOSED  # ended or closed: read-only, like closed comments
    refusal = member_post_refusal(viewer, kept=True) if viewer.is_authenticated else None
    can_post = viewer.is_authenticated and refusal is None
    needs_verification = refusal is not None and refusal.code == "email_unverified"
    authors = {c.author_id for c in _thread_walk(comments.object_list) if c.author_id}
    member_page_ids = members_with_public_page_ids(authors)
    return CommentSection(
        comments=comments,
        sort=sort,
        count=count,
        mode=mode,
        viewer_can_post=can_post,
        viewer_needs_verification=needs_verification,
        viewer_refusal=refusal.messages[0] if refusal and not needs_verification else "",
        viewer_can_moderate=bool(viewer.is_authenticated and viewer.has_perm(MODERATE_PERMISSION)),
        member_page_ids=member_page_ids,
        reply_to=reply_target_get(page=page, pk=reply_to_pk) if can_post else None,
        rows_key=comments.rows_key,
        is_topic=is_topic,
        votes_open=votes_open,
        sorts=sorts,
    )


def _page_figures(page):
    """(published comments on `page`, replies included; its DiscussionMode): what the section
    shows of the page, which only writes that purge it change (core.page_cache)."""
    return comment_counts(pages=[page]).get(page.pk, 0), discussion_mode(page)


def comment_section_walk(section):
    """Every comment `section` shows, replies included, in the order they are written."""
    return _thread_walk(section.comments.object_list)


def _thread_walk(comments):
    for comment in comments:
        yield comment
        yield from _thread_walk(comment.replies)
