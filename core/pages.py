"""Wagtail page helpers for set-up code (demo content, imports, installs)."""

from django.db import transaction


def page_publish(page):
    """Publish `page`'s current state as a new revision (validated) and return it reloaded."""
    page.save_revision(clean=True).publish()
    page.refresh_from_db()
    return page


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
