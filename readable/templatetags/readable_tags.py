from django import template

from ..preferences import furigana_grade

register = template.Library()


@register.simple_tag(takes_context=True)
def furigana_shown(context):
    """Whether this reader has furigana on (readable.preferences)."""
    request = context.get("request")
    return request is not None and furigana_grade(request) is not None
