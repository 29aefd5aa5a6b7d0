"""Signal receivers: members' data that other models' deletions would otherwise lose, purges
of the anonymous page cache (core.page_cache) for comments and of what it keeps of members'
accounts, and the consensus reports' tokens (community.consensus.generation) for the writes
that change reports."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.utils import timezone

from core.page_cache import page_cache_purge_all_on_commit, page_cache_scope_purge_on_commit

from .consensus.generation import consensus_changed
from .models import Comment, CommentStatus, Region, Suspension, User
from .selectors.members import MEMBERS_SCOPE
from .services.comments import comment_pages_purge_on_commit

# What a consensus report reads of a member: the author's profile and name, and whether they
# count among participants.
REPORTED_MEMBER_FIELDS = {"stakeholder_type", "prefecture", "region", "display_name", "is_active"}


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
    now = timezone.now()
    Comment.objects.filter(likes__member=instance).update(
        like_count=F("like_count") - 1, changed_at=now
    )
    # Their own comments lose their name: the public API's copies must learn it.
    Comment.objects.filter(author=instance, status=CommentStatus.PUBLISHED).update(changed_at=now)
    page_cache_purge_all_on_commit()


# Comments reach the cache through their saves, whichever service or admin screen made them;
# likes and votes move counters with UPDATE, so their services purge themselves.
@receiver(post_save, sender=Comment)
@receiver(post_delete, sender=Comment)
def comment_page_cache_purge(sender, instance, **kwargs):
    """A comment written, edited, deleted or moderated changes the pages that show it."""
    comment_pages_purge_on_commit(comment=instance)


@receiver(post_save, sender=Comment)
@receiver(post_delete, sender=Comment)
def comment_consensus_changed(sender, instance, **kwargs):
    """An opinion or reply written, edited, moderated or deleted (its votes with it) changes
    the report of its topic (for other pages the token is never read)."""
    consensus_changed(topic_ids=[instance.page_id])


@receiver(post_save, sender=User)
def member_consensus_changed(sender, instance, created, update_fields=None, **kwargs):
    """A member's profile, name or activity changed: reports show authors as they are now.
    Saves of other fields only (signing in writes last_login) change nothing."""
    if created or (update_fields is not None and not REPORTED_MEMBER_FIELDS & set(update_fields)):
        return
    consensus_changed(site=True)


@receiver(pre_delete, sender=User)
@receiver(post_save, sender=Region)
@receiver(post_delete, sender=Region)
def site_consensus_changed(sender, instance, **kwargs):
    """A member deleted (their votes stay, unlinked, and are no longer counted among voters;
    their opinions lose their author), a region renamed or deleted (votes lose it)."""
    consensus_changed(site=True)


@receiver(post_save, sender=User)
@receiver(post_delete, sender=User)
@receiver(post_save, sender=EmailAddress)
@receiver(post_delete, sender=EmailAddress)
@receiver(post_save, sender=Suspension)
@receiver(post_delete, sender=Suspension)
@receiver(post_delete, sender=Group)
@receiver(post_delete, sender=Permission)
@receiver(m2m_changed, sender=User.groups.through)
@receiver(m2m_changed, sender=User.user_permissions.through)
@receiver(m2m_changed, sender=Group.permissions.through)
def members_facts_forget(sender, update_fields=None, **kwargs):
    """An account, address, suspension, group or permission written: forget what the pages
    cache keeps of members' accounts (public member pages, who may post). Signing in, which
    writes last_login alone, changes none of it."""
    if update_fields is not None and set(update_fields) == {"last_login"}:
        return
    page_cache_scope_purge_on_commit(MEMBERS_SCOPE)
