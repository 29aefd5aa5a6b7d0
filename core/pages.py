"""Wagtail page helpers: for set-up code (demo content, imports, installs), and the site's full
addresses for links that leave it."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone


def page_publish(page):
    """Publish `page`'s current state as a new revision (validated) and return it reloaded."""
    page.save_revision(clean=True).publish()
    page.refresh_from_db()
    return page


def published_at_fill(page):
    """Give a live `page` that was made live without being published (in code: set-up, imports,
    tests) the publishing times Wagtail's publish would have, so "live" always comes with a
    `last_published_at` (the order of the API's lists). Call it from the page's `save`."""
    if page.live and page.last_published_at is None:
        page.first_published_at = page.first_published_at or timezone.now()
        page.last_published_at = page.first_published_at


def child_page_get_or_create(*, parent, page_class, slug, defaults):
    """The live `page_class` child of `parent` with `slug`; created (and published) if missing."""
    page = page_class.objects.child_of(parent).filter(slug=slug).first()
    if page is not None:
        return page
    page = page_class(slug=slug, live=False, **defaults)
    with transaction.atomic():
        parent.add_child(instance=page)
        page_publish(page)
    return page


def site_url(path):
    """`path` as a full address on the default site (its root URL; WAGTAILADMIN_BASE_URL when
    there is no site yet): for links that leave the site, in e-mails and messages."""
    from wagtail.models import Site  # at call time: core loads before Wagtail's models

    site = Site.objects.filter(is_default_site=True).first()
    base = site.root_url if site else settings.WAGTAILADMIN_BASE_URL
    return f"{base.rstrip('/')}{path}"
