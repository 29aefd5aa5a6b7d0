"""Signal receivers for members' data that other models' deletions would otherwise lose."""

from django.db.models import F
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from .models import Comment, Region, User


@receiver(pre_delete, sender=Region)
def region_name_keep(sender, instance, **kwargs):
    """Staff deleting a region (on_delete=SET_NULL) must not wipe members' municipality: the
    region's name is copied to `region_name` first, as if each member had typed it."""
    instance.members.update(region_name=instance.name)


@receiver(pre_delete, sender=User)
def member_likes_uncount(sender, instance, **kwargs):
    """A member's likes go with their account (CASCADE); the comments' counters follow."""
    Comment.objects.filter(likes__member=instance).update(like_count=F("like_count") - 1)
