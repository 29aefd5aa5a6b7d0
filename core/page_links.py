"""Links that a page shows to pages about it which an app above it publishes: a topic, a
survey or the article that invited opinions shows the outcome that answers them.

The page's own app cannot know those apps (the layers of docs/decisions/0012), so each of them
registers a provider in its AppConfig.ready: `provider(page)` returns the `PageLink`s for `page`
(a list, one query at most). Templates list them with `{% page_links page as links %}` and
templates/core/includes/page_links.html.
"""

from dataclasses import dataclass

_providers = []


@dataclass(frozen=True)
class PageLink:
    label: str  # what the linked page is, e.g. 「意見募集の結果」
    title: str
    url: str


def page_links_register(provider):
    """Add `provider(page) -> [PageLink]` to what every page's links are collected from."""
    if provider not in _providers:
        _providers.append(provider)


def page_links(page):
    """Every registered provider's links for `page`, in the order they were registered."""
    return [link for provider in _providers for link in provider(page)]
