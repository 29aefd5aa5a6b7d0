"""Template helpers for member pages (avatar colours, profile completeness) and for threads:
each comment's head kept in the cache ({% comment_head %})."""

from django import template

from community.models import User
from community.selectors.comment_heads import comment_head_store

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
