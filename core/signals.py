"""Purges of the anonymous page cache (core.page_cache) when pages change: lists, navigation
and links show pages on other pages, so any change to a live page purges every page."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .page_cache import page_cache_purge_all_on_commit


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=Page)
def page_change_cache_purge(sender, instance, **kwargs):
    """Lists, navigation and links show pages on other pages: every page is purged, now and
    again once the transaction commits (Wagtail deletes and moves inside one; a reader
    rendering meanwhile would store the old page)."""
    page_cache_purge_all_on_commit()


@receiver(post_save)
def page_save_cache_purge(sender, instance, **kwargs):
    """A live page saved without publishing (created live by an import, a draft saved) is
    purged too; a draft of a page that is not live changes nothing readers see."""
    if isinstance(instance, Page) and instance.live:
        page_change_cache_purge(sender, instance)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_cache_purge(sender, instance, **kwargs):
    """Restrictions take pages out of lists."""
    page_cache_purge_all_on_commit()


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def site_cache_purge(sender, instance, **kwargs):
    """A site's host or root page decides which page every address shows (core.page_routes
    remembers them)."""
    page_cache_purge_all_on_commit()
