"""Purges of the anonymous page cache (core.page_cache) for what articles show but is not a
page: authors and series appear on many articles."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.page_cache import page_cache_purge_all_on_commit

from .models import Author, Series


@receiver(post_save, sender=Author)
@receiver(post_delete, sender=Author)
@receiver(post_save, sender=Series)
@receiver(post_delete, sender=Series)
def shown_everywhere_cache_purge(sender, instance, **kwargs):
    """Authors and series appear on many articles."""
    page_cache_purge_all_on_commit()
