"""The cached head of each comment of a thread: its header (stance, avatar, author, badges,
public profile, time), the comment it answers and its text — everything comment.html shows
the same to every viewer, and most of what writing a thread costs (each comment's includes,
two dates, translations). Footers (likes, votes, the viewer's actions) are written on every
request.

Each head is filed under a digest of everything it shows, so an edit, a moderation, a profile
or picture changed, a new public member page, another language or time zone, or a changed
template is simply another key, never a stale head (tests/community/test_comment_heads.py).
Heads are read only for comments whose shell (comment_shells: the head with the comment's
votes and footer, as one kind of viewer sees them) is not cached, in one cache read; heads
written are stored by the template tag `{% comment_head %}` (community_tags)."""

import hashlib

from django.core.cache import cache
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language

from core.template_sources import templates_digest

# The templates a head is written with: editing any of them files heads under new keys.
HEAD_TEMPLATES = (
    "community/includes/comment.html",
    "community/includes/opinion_stance.html",
    "community/includes/avatar.html",
    "community/includes/verified_badge.html",
)
CACHE_SECONDS = 7 * 24 * 60 * 60


def comment_heads_key(comments, *, member_page_ids):
    """Set `.head_key` on each of `comments` (a thread, replies included): where its head is
    filed (no cache read)."""
    shared = (templates_digest(*HEAD_TEMPLATES), get_language(), get_current_timezone_name())
    for comment in comments:
        comment.head_key = _head_key(comment, shared, member_page_ids)


def comment_heads_prefetch(comments):
    """Set `.head_html` on each of `comments` (with a `.head_key`): its head as cached, or
    None when it is to be written (one cache read)."""
    found = cache.get_many([comment.head_key for comment in comments]) if comments else {}
    for comment in comments:
        comment.head_html = found.get(comment.head_key)


def comment_head_store(comment, html):
    """Keep the head `html` just written for `comment` (one with a `.head_key`)."""
    cache.set(comment.head_key, html, CACHE_SECONDS)


def _head_key(comment, shared, member_page_ids):
    author, answered = comment.author, comment.in_reply_to if comment.in_reply_to_id else None
    shown = (
        *shared,
        comment.pk,
        comment.depth,
        comment.is_official,
        comment.status,
        comment.stance,
        comment.channel,
        comment.created_at.isoformat(),
        bool(comment.edited_at),
        comment.body_html,
        comment.in_reply_to_id,
        author_shown(answered.author) if answered and answered.author else None,
        author_shown(author),
        author is not None and author.pk in member_page_ids,
        [(str(a.label), str(a.value)) for a in getattr(comment, "author_attributes", ())],
    )
    digest = hashlib.sha256(repr(shown).encode()).hexdigest()
    return f"comment-head:{digest}"


def author_shown(author):
    if author is None:
        return None
    picture = author.avatar.url if author.avatar else ""
    return (author.pk, str(author.public_name), picture, author.verified_as)
