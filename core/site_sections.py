"""The site's sections, which the header and footer link to: one page each (記事, イベント,
意見交換 …), plus the pages each menu lists by their own titles (プライバシーポリシー …).

Each app registers its own in its AppConfig.ready (site_section_register), so the layout never
names an app above core (docs/decisions/0012). site_sections_find(site) reads them all in one
query; site_nav(pages) turns what it found into the header's and footer's links, in order.
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

_sections = {}


@dataclass(frozen=True)
class SiteSection:
    key: str  # what templates call it: {{ nav.<key> }}
    model: str  # "app_label.ModelName" of its page
    label: str = ""  # the link's text (lazy); "" for menu pages, which show their titles
    order: int = 100  # place in the header and footer, smallest first
    header: bool = True
    footer: bool = False
    menu_pages: bool = False  # every live page of the model marked "Show in menus", not one


@dataclass(frozen=True)
class NavLink:
    key: str
    page: Page
    label: str


def site_section_register(section):
    """Add `section` (a SiteSection); registering the same key again replaces it."""
    _sections[section.key] = section


def site_sections_find(site):
    """{key: the section's first live page of `site` (in tree order) or None; a list of pages
    for menu pages}, in one query. The pages are plain `Page` objects (enough for `.url`)."""
    found = {s.key: [] if s.menu_pages else None for s in _sections.values()}
    if site is None or not _sections:
        return found
    kinds = {}
    for section in _sections.values():
        model = apps.get_model(section.model)
        kinds.setdefault(ContentType.objects.get_for_model(model).pk, []).append(section)
    pages = Page.objects.live().in_site(site).filter(content_type_id__in=kinds)
    for page in pages.order_by("path"):
        for section in kinds[page.content_type_id]:
            if not section.menu_pages:
                found[section.key] = found[section.key] or page
            elif page.show_in_menus:
                found[section.key].append(page)
    return found


def site_nav(pages):
    """`pages` (from site_sections_find) with, under "header" and "footer", the NavLinks
    each shows, in the sections' order; sections without a live page are left out."""
    header, footer = [], []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.key)):
        found = pages.get(section.key)
        links = [
            NavLink(section.key, page, section.label or page.title)
            for page in (found if section.menu_pages else [found] if found else [])
        ]
        if section.header:
            header.extend(links)
        if section.footer:
            footer.extend(links)
    return {**pages, "header": header, "footer": footer}
