"""`{% page_fragment "name" %}…{% endpage_fragment %}`: a part of a page served from the page's
fragments (core.page_fragments) when the context's `page_fragments` has it, else rendered
(and stored when it was looked up). Without `page_fragments` in the context it simply renders.

Only what is the same for every reader the fragment is looked up for may go inside: never the
viewer's own parts (core/page_fragments.py). `{% page_fragment "name" csrf %}` may hold forms
with `{% csrf_token %}`: it is stored with a placeholder for the token, and served with the
request's own (the context's `csrf_token`, as `{% csrf_token %}` writes it).
"""

from functools import partial

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


class PageFragmentNode(template.Node):
    def __init__(self, name, nodelist, *, csrf=False):
        self.name, self.nodelist, self.csrf = name, nodelist, csrf

    def render(self, context):
        fragments = context.get("page_fragments")
        if fragments is None:
            return self.nodelist.render(context)
        name = self.name.resolve(context)
        if not self.csrf:
            html = fragments.html(name, lambda: self.nodelist.render(context))
            return mark_safe(html)  # noqa: S308 - rendered by this template
        token = str(context.get("csrf_token") or "")
        if token in ("", "NOTPROVIDED"):  # {% csrf_token %} writes nothing: nothing to fill in
            return self.nodelist.render(context)
        html = fragments.html_with_token(name, partial(self._render_with_token, context), token)
        return mark_safe(html)  # noqa: S308 - rendered by this template

    def _render_with_token(self, context, token):
        with context.push(csrf_token=token):
            return self.nodelist.render(context)


@register.tag("page_fragment")
def page_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) not in (2, 3) or bits[2:] not in ([], ["csrf"]):
        raise template.TemplateSyntaxError(
            f"{bits[0]} takes the fragment's name, then optionally `csrf`."
        )
    nodelist = parser.parse(("endpage_fragment",))
    parser.delete_first_token()
    return PageFragmentNode(parser.compile_filter(bits[1]), nodelist, csrf=len(bits) == 3)
