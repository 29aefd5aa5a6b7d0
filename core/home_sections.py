"""Sections of the site's home page that apps above the one owning it publish: upcoming
events, for example. The home page's app cannot know those apps (docs/decisions/0012), so each
of them registers a provider in its AppConfig.ready: `provider(request, home=…)` returns a
HomeSection, or None when it has nothing to show (then there is no section at all).

Each provider keeps to a fixed number of queries, whatever it lists: the home page's count
must not grow with the content. The home page shows the sections in the order they were
registered (articles.HomePage, templates/articles/home_page.html).
"""

from dataclasses import dataclass, field

_providers = []


@dataclass(frozen=True)
class HomeSection:
    template: str  # rendered with the page's context and `section` (the context below)
    context: dict = field(default_factory=dict)


def home_sections_register(provider):
    """Add `provider(request, *, home) -> HomeSection | None` to what the home page shows."""
    if provider not in _providers:
        _providers.append(provider)


def home_sections(request, *, home):
    """The registered providers' sections for `home`, in the order they were registered,
    leaving out those with nothing to show."""
    sections = (provider(request, home=home) for provider in _providers)
    return [section for section in sections if section is not None]
