"""What publishing an event page sets off: its seats follow the published capacities, its
calendar entry's SEQUENCE grows if its times or status changed, and once the publish is
committed, its registrants hear of a postponement, a cancellation or a new date (a background
task: never inside the request that publishes)."""

from django.db import transaction

from .services import calendar_version_publish, seats_sync
from .tasks import event_change_notices_send


def event_published(sender, instance, **kwargs):
    seats_sync(event=instance)
    calendar_version_publish(event=instance)
    event_id = instance.pk
    transaction.on_commit(lambda: event_change_notices_send.enqueue(event_id=event_id))
