"""What outreach does when community announces notifications: plan their deliveries in a
task (deliveries.py), so that the request that made them never waits for it."""


def deliveries_plan_on_announce(sender, *, notification_ids, **kwargs):
    """community's `notifications_announced`: queue the planning of their deliveries."""
    from .deliveries import channels_in_use
    from .tasks import deliveries_plan

    if channels_in_use():
        deliveries_plan.enqueue(notification_ids=list(notification_ids))
