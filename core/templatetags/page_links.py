"""`{% page_links page as links %}`: the links other apps give `page` (core.page_links)."""

from django import template

from core.page_links import page_links as links_of

register = template.Library()


@register.simple_tag
def page_links(page):
    return links_of(page)
