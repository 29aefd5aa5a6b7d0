"""Template helpers for member pages (avatar colours, profile completeness) and for threads:
a thread's list, each comment's shell and head kept in the cache ({% comment_list %},
{% comment_shell %}, {% comment_head %})."""

from django import template

from community.models import User
from community.selectors.comment_heads import comment_head_store
from community.selectors.comment_lists import (
    comment_list_get,
    comment_list_key,
    comment_list_store,
)
from community.selectors.comment_shells import (
    CSRF_PLACEHOLDER,
    comment_shell_fill,
    comment_shell_store,
    comment_shells_prefetch,
)

register = template.Library()

AVATAR_COLOURS = 6


@register.filter
def avatar_colour(member):
    """A stable colour number (0–5) for a member's initials avatar."""
    return (member.pk or 0) % AVATAR_COLOURS


@register.simple_tag
def profile_missing_labels(member):
    """The names of the profile fields `member` has not filled in yet, for nudges."""
    return [str(User._meta.get_field(name).verbose_name) for name in member.profile_missing]


@register.tag
def comment_head(parser, token):
    """{% comment_head comment %}…{% endcomment_head %}: the head of `comment` as the thread's
    prefetch found it cached (community.selectors.comment_heads), or written and kept."""
    try:
        _tag, comment = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError("comment_head takes one argument: the comment") from None
    nodelist = parser.parse(("endcomment_head",))
    parser.delete_first_token()
    return CommentHeadNode(nodelist, parser.compile_filter(comment))


class CommentHeadNode(template.Node):
    def __init__(self, nodelist, comment):
        self.nodelist, self.comment = nodelist, comment

    def render(self, context):
        comment = self.comment.resolve(context)
        cached = getattr(comment, "head_html", None)
        if cached is not None:
            return cached
        html = self.nodelist.render(context)
        if getattr(comment, "head_key", None):  # a comment of a thread (comment_section_get)
            comment_head_store(comment, html)
        return html


@register.tag
def comment_list(parser, token):
    """{% comment_list section %}…{% endcomment_list %}: the list of the thread `section` shows
    (a CommentSection) as this viewer sees it, kept whole where its rows are kept
    (community.selectors.comment_lists); else written from the comments' cached shells, read in
    one cache read (comment_shells). A page that answers a refused vote (`wait`, `vote_error`)
    writes its list and shells afresh and keeps neither."""
    try:
        _tag, section = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError(
            "comment_list takes one argument: the comment section"
        ) from None
    nodelist = parser.parse(("endcomment_list",))
    parser.delete_first_token()
    return CommentListNode(nodelist, parser.compile_filter(section))


class CommentListNode(template.Node):
    def __init__(self, nodelist, section):
        self.nodelist, self.section = nodelist, section

    def render(self, context):
        if context.get("wait") or context.get("vote_error"):
            return self.nodelist.render(context)
        section = self.section.resolve(context)
        viewer = {
            "user": context.get("user"),
            "page_url": context.get("page_url"),
            "posted_pk": context.get("posted_pk"),
        }
        key = comment_list_key(section, **viewer)
        html = comment_list_get(key) if key else None
        if html is None:
            comment_shells_prefetch(section, **viewer)
            with context.push(csrf_token=CSRF_PLACEHOLDER):
                html = self.nodelist.render(context)
            if key:
                comment_list_store(key, html)
        return comment_shell_fill(html, context)


@register.tag
def comment_shell(parser, token):
    """{% comment_shell comment %}…{% endcomment_shell %}: `comment` without its replies as the
    thread's {% comment_list %} found it cached, or written and kept; either way with this
    request's CSRF token."""
    try:
        _tag, comment = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError(
            "comment_shell takes one argument: the comment"
        ) from None
    nodelist = parser.parse(("endcomment_shell",))
    parser.delete_first_token()
    return CommentShellNode(nodelist, parser.compile_filter(comment))


class CommentShellNode(template.Node):
    def __init__(self, nodelist, comment):
        self.nodelist, self.comment = nodelist, comment

    def render(self, context):
        comment = self.comment.resolve(context)
        html = getattr(comment, "shell_html", None)
        if html is None:
            if not getattr(comment, "shell_key", None):  # not prefetched: written, not kept
                return self.nodelist.render(context)
            with context.push(csrf_token=CSRF_PLACEHOLDER):
                html = self.nodelist.render(context)
            comment_shell_store(comment, html)
        return comment_shell_fill(html, context)
