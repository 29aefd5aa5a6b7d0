"""Each comment of a thread as one kind of viewer sees it, its replies apart: the comment's
head (comment_heads), its votes and its footer — the like button, 返信する, 編集, 削除,
モデレート, 通報 and the notice under a comment just posted. Writing these footers for every
comment on every request was most of what a long thread cost after the heads were cached.

A shell is filed under a digest of its head's key and of everything else it shows: the
comment's likes and votes, the viewer's own like, vote and authorship, the viewer's rights on
the page (signed in, may post, may moderate, the discussion open, votes open), the page's
address (sign-in links), the comment just posted, the URL configuration and the templates.
Viewers who see a comment the same way share its shell; a like, a vote, an edit or a right
gained is simply another key, never a stale shell (tests/community/test_comment_heads.py).

The CSRF token of a shell's forms is per request: shells are written with a placeholder in
its place, which each request fills with its own (`comment_shell_fill`). One cache read for
the thread's shells, one more for the heads of the shells that missed."""

import hashlib

from django.core.cache import cache
from django.template.defaulttags import CsrfTokenNode
from django.urls import get_script_prefix, get_urlconf

from core.template_sources import templates_digest

from .comment_heads import (
    CACHE_SECONDS,
    HEAD_TEMPLATES,
    comment_heads_key,
    comment_heads_prefetch,
)
from .comment_section import comment_section_walk

# The templates a shell is written with beyond its head's: editing any of them files shells
# under new keys.
SHELL_TEMPLATES = (
    "community/includes/opinion_vote.html",
    "community/includes/comment_like.html",
)
# Stands for the request's CSRF token while a shell is written: only a template writes a raw
# <input>, never a comment's (sanitised) text nor a name (escaped).
CSRF_PLACEHOLDER = "comment-shell-csrf-token"
_CSRF_PLACEHOLDER_INPUT = (
    f'<input type="hidden" name="csrfmiddlewaretoken" value="{CSRF_PLACEHOLDER}">'
)


def comment_shells_prefetch(section, *, user, page_url, posted_pk):
    """Set `.shell_key` and `.shell_html` (the shell as cached, or None to write it) on each
    comment of `section` (a CommentSection), replies included, and fetch the heads of those to
    write. `user` is the viewer, `page_url` the sign-in links' `next`, `posted_pk` the id
    (text) of the comment just posted."""
    viewer = comment_shell_viewer(
        section=section, user=user, page_url=page_url, posted_pk=posted_pk
    )
    shared = repr((templates_digest(*HEAD_TEMPLATES, *SHELL_TEMPLATES), viewer))
    comments = list(comment_section_walk(section))
    comment_heads_key(comments, member_page_ids=section.member_page_ids)
    keys = {}
    for comment in comments:
        comment.shell_key = keys[comment.pk] = _shell_key(comment, shared)
    found = cache.get_many(list(keys.values())) if keys else {}
    missing = []
    for comment in comments:
        comment.shell_html = found.get(comment.shell_key)
        if comment.shell_html is None:
            missing.append(comment)
    comment_heads_prefetch(missing)


def comment_shell_viewer(*, section, user, page_url, posted_pk):
    """What a thread's shells show of its viewer and page, beyond each comment's own marks:
    `section` a CommentSection, `page_url` the sign-in links' `next`, `posted_pk` the id (text)
    of the comment just posted."""
    return (
        bool(user is not None and user.is_authenticated),
        section.is_topic,
        section.votes_open,
        section.viewer_can_post,
        section.is_closed,
        section.viewer_can_moderate,
        str(page_url or ""),
        str(posted_pk or ""),
        get_urlconf(),
        get_script_prefix(),
    )


def comment_shell_store(comment, html):
    """Keep the shell `html` just written (with CSRF_PLACEHOLDER) for `comment`."""
    cache.set(comment.shell_key, html, CACHE_SECONDS)


def comment_shell_fill(html, context):
    """`html`, a shell, with the CSRF token of the request being rendered in `context`."""
    if _CSRF_PLACEHOLDER_INPUT not in html:
        return html
    return html.replace(_CSRF_PLACEHOLDER_INPUT, CsrfTokenNode().render(context))


def _shell_key(comment, shared):
    shown = (
        shared,
        comment.head_key,
        comment.like_count,
        comment.liked_by_viewer,
        comment.by_viewer,
        comment.agree_count,
        comment.disagree_count,
        comment.pass_count,
        getattr(comment, "viewer_vote", None),
        getattr(comment, "counts_shown", None),
        comment.parent_id,
    )
    return f"comment-shell:{hashlib.sha256(repr(shown).encode()).hexdigest()}"
