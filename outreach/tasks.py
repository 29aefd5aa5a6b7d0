"""Background work of outreach (django-tasks: immediately in dev and tests, `manage.py
db_worker` in production): planning and sending deliveries (deliveries.py), sending announcements
(announcements/sending.py)."""

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from core.background import task_labels_register


@task()
def deliveries_plan(*, notification_ids):
    """Plan the deliveries of new notifications and queue those due now, in batches."""
    from .deliveries import deliveries_plan as plan

    due = plan(notification_ids=notification_ids)
    deliveries_queue(due)
    return len(due)


@task()
def deliveries_send(*, delivery_ids):
    """Send each delivery (claimed first: sent once however often this runs). The first that
    must be tried again, or failed for good, fails the task after the rest are sent."""
    from .deliveries import delivery_send

    sent, problem = 0, None
    for delivery_id in delivery_ids:
        try:
            sent += delivery_send(delivery_id=delivery_id)
        except Exception as error:  # the others still go; the task fails at the end
            problem = problem or error
    if problem is not None:
        raise problem
    return sent


@task()
def announcement_send(*, announcement_id):
    """Send an announcement that is due (once, however often this runs)."""
    from .announcements.sending import announcement_send as send

    return send(announcement_id=announcement_id)


def deliveries_queue(delivery_ids):
    """Queue `delivery_ids` to be sent, SEND_BATCH to a task."""
    from .deliveries import SEND_BATCH

    for start in range(0, len(delivery_ids), SEND_BATCH):
        deliveries_send.enqueue(delivery_ids=delivery_ids[start : start + SEND_BATCH])


task_labels_register(
    {
        "outreach.tasks.deliveries_plan": _("Plan notifications on LINE and in browsers"),
        "outreach.tasks.deliveries_send": _("Send notifications on LINE and in browsers"),
        "outreach.tasks.announcement_send": _("Send an announcement"),
    }
)
