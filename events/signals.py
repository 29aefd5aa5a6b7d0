"""What publishing an event page sets off: its seats follow the published capacities, its
calendar entry's SEQUENCE grows if its times or status changed, and once the publish is
committed, its registrants hear of a postponement, a cancellation or a new date (a background
task: never inside the request that publishes). And what adding an event index sets off: Event
staff may edit the events under it.

event_published is connected in EventsConfig.ready; the @receiver here when ready imports this
module."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import GroupPagePermission

from .models import EventIndexPage
from .services import calendar_version_publish, seats_sync
from .tasks import event_change_notices_send

EVENT_STAFF_GROUP = "Event staff"  # made by events 0002 (docs/roles.md)
# What Event staff may do to the pages under an event index: edit them (as events 0002 gave
# on the indexes that existed then), which their registration and check-in screens require.
EVENT_STAFF_PAGE_PERMISSIONS = ["change_page"]


def event_published(sender, instance, **kwargs):
    seats_sync(event=instance)
    calendar_version_publish(event=instance)
    event_id = instance.pk
    transaction.on_commit(lambda: event_change_notices_send.enqueue(event_id=event_id))


@receiver(post_save, sender=EventIndexPage, dispatch_uid="event_index_created")
def event_index_created(sender, instance, created, raw=False, **kwargs):
    """A new event index (made in the admin, copied, or by seed_demo): the Event staff group
    may edit the events under it. Nothing when the group was deleted."""
    if not created or raw:
        return
    group = Group.objects.filter(name=EVENT_STAFF_GROUP).first()
    if group is None:
        return
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=EVENT_STAFF_PAGE_PERMISSIONS
    )
    for permission in permissions:
        GroupPagePermission.objects.get_or_create(group=group, page=instance, permission=permission)
