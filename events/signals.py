"""What publishing an event page sets off: its seats follow the published capacities."""

from .services import seats_sync


def event_published(sender, instance, **kwargs):
    seats_sync(event=instance)
