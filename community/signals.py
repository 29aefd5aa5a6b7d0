"""Signal receivers: members' data that other models' deletions would otherwise lose, and
purges of the anonymous page cache."""

from django.db.models import F
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from articles.models import Author, Series

from .models import Comment, Region, User
from .page_cache import (
    comment_pages_purge_on_commit,
    page_cache_purge_all_on_commit,
)


@receiver(pre_delete, sender=Region)
def region_name_keep(sender, instance, **kwargs):
    """Staff deleting a region (on_delete=SET_NULL) must not wipe members' municipality: the
    region's name is copied to `region_name` first, as if each member had typed it."""
    instance.members.update(region_name=instance.name)


@receiver(pre_delete, sender=User)
def member_likes_uncount(sender, instance, **kwargs):
    """A member's likes go with their account (CASCADE); the comments' counters follow, and
    every cached page, which may show their name and likes (their comments are detached by
    an UPDATE that sends no signal)."""
    Comment.objects.filter(likes__member=instance).update(like_count=F("like_count") - 1)
    page_cache_purge_all_on_commit()


# --- The anonymous page cache (community.page_cache) -------------------------------------------
# Comments reach the cache through their saves, whichever service or admin screen made them;
# likes and votes move counters with UPDATE, so their services purge themselves.


@receiver(post_save, sender=Comment)
@receiver(post_delete, sender=Comment)
def comment_page_cache_purge(sender, instance, **kwargs):
    """A comment written, edited, deleted or moderated changes the pages that show it."""
    comment_pages_purge_on_commit(comment=instance)


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
@receiver(post_save, sender=Author)
@receiver(post_delete, sender=Author)
@receiver(post_save, sender=Series)
@receiver(post_delete, sender=Series)
def shown_everywhere_cache_purge(sender, instance, **kwargs):
    """Restrictions take pages out of lists; authors and series appear on many articles."""
    page_cache_purge_all_on_commit()
