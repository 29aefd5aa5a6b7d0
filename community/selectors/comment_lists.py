"""A thread's list as one kind of viewer sees it, kept whole: the sorts, every comment of the
page of the thread with its replies (their shells, comment_shells) and the page links — what
comments.html and opinions.html write between the heading and the form. On a long thread,
even from cached shells, writing the list was most of what a member's read cost.

A list is kept only for a thread read from kept rows (comment_rows: `rows_key`, which names the
page's generation, the sort and the page of the thread), under a digest of that key and of
everything else it shows: the authors as they are now (names, pictures, badges, public
attributes, member pages — read afresh on every request, as the rows never hold them), the
viewer's rights and page (as a shell's), the viewer's own marks (the comments they liked or
wrote, their votes), the language, the time zone and the templates. Viewers without marks on
the thread share one list; a viewer with some has their own, written once while the page's
generation lasts. A comment, like, vote or moderation purges the generation, so a new rows key
and a new list; an author renamed is a new digest (tests/community/test_comment_lists.py).

Its forms' CSRF tokens are written as comment_shells' placeholder and filled per request. Kept
for PAGE_FRAGMENT_SECONDS, as the rows."""

import hashlib

from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language

from core.page_cache import cache_call, page_fragment_seconds
from core.template_sources import templates_digest

from .comment_heads import HEAD_TEMPLATES, author_shown
from .comment_section import comment_section_walk
from .comment_shells import SHELL_TEMPLATES, comment_shell_viewer

# The templates a list is written with beyond its shells': editing any of them files lists
# under new keys.
LIST_TEMPLATES = (
    "community/includes/comments.html",
    "community/includes/opinions.html",
    "community/includes/opinion_list.html",
)


def comment_list_key(section, *, user, page_url, posted_pk):
    """Where the list of `section` (a CommentSection) as `user` sees it is kept, or None when
    it is not to be kept (its rows are not kept rows). `page_url` is the sign-in links' `next`,
    `posted_pk` the id (text) of the comment just posted."""
    if section.rows_key is None:
        return None
    authors, answered_authors, marks = {}, {}, []
    for comment in comment_section_walk(section):
        author = comment.author
        if author is not None and author.pk not in authors:
            attributes = getattr(comment, "author_attributes", ())
            authors[author.pk] = (
                author_shown(author),
                [(str(a.label), str(a.value)) for a in attributes],
            )
        answered = comment.in_reply_to.author if comment.in_reply_to_id else None
        if answered is not None:
            answered_authors[answered.pk] = author_shown(answered)
        vote = getattr(comment, "viewer_vote", "")
        if comment.liked_by_viewer or comment.by_viewer or vote:
            marks.append((comment.pk, comment.liked_by_viewer, comment.by_viewer, vote))
    shown = (
        section.rows_key,
        templates_digest(*HEAD_TEMPLATES, *SHELL_TEMPLATES, *LIST_TEMPLATES),
        get_language(),
        get_current_timezone_name(),
        comment_shell_viewer(section=section, user=user, page_url=page_url, posted_pk=posted_pk),
        section.sorts,
        sorted(authors.items()),
        sorted(answered_authors.items()),
        sorted(section.member_page_ids),
        marks,
    )
    return f"comment-list:{hashlib.sha256(repr(shown).encode()).hexdigest()}"


def comment_list_get(key):
    """The list kept under `key` (with comment_shells' CSRF placeholder), or None."""
    return cache_call("get", key)


def comment_list_store(key, html):
    """Keep the list `html` just written (with comment_shells' CSRF placeholder) under `key`."""
    cache_call("set", key, html, page_fragment_seconds())
