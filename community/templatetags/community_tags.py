"""Template helpers for member pages: avatar colours and profile completeness."""

from django import template

from community.models import User

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
