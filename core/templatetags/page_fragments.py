"""`{% page_fragment "name" %}…{% endpage_fragment %}`: a part of a page served from the page's
fragments (core.page_fragments) when the context's `page_fragments` has it, else rendered
(and stored when it was looked up). Without `page_fragments` in the context it simply renders.

Only what is the same for every reader the fragment is looked up for may go inside: never a
CSRF token or the viewer's own parts (core/page_fragments.py).
"""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


class PageFragmentNode(template.Node):
    def __init__(self, name, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context):
        fragments = context.get("page_fragments")
        if fragments is None:
            return self.nodelist.render(context)
        name = self.name.resolve(context)
        return mark_safe(fragments.html(name, lambda: self.nodelist.render(context)))  # noqa: S308 - rendered by this template


@register.tag("page_fragment")
def page_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one argument: the fragment's name.")
    nodelist = parser.parse(("endpage_fragment",))
    parser.delete_first_token()
    return PageFragmentNode(parser.compile_filter(bits[1]), nodelist)
