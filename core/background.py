"""Background tasks that fail are tried again, and what keeps failing stays visible to staff.

django-tasks-db's worker (`manage.py db_worker`) marks a task that raised as FAILED and moves
on. Here a failed task of the database backend goes back to the queue after a growing delay,
`settings.TASK_RETRY_DELAYS` (one retry per delay); after the last it stays FAILED and is listed
for superusers under Settings → Background tasks (core.views.tasks_admin), where it can be
run again. Every task we enqueue is safe to run twice: the e-mail tasks claim each notification
before sending and release it when sending fails.

A task whose worker died mid-run (kill -9, a lost machine) would stay RUNNING for ever; our
`db_worker` (core/management/commands/db_worker.py) puts such tasks back in the queue with
`stale_tasks_requeue`.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

# What each task does, in words staff understand, by its dotted path: each app names its own
# tasks with `task_labels_register` (in its tasks module).
TASK_LABELS = {
    "modelsearch.tasks.insert_or_update_object_task": _("Update the search index"),
}


def task_labels_register(labels):
    """Name tasks for the staff screen: {dotted path: lazy label}."""
    TASK_LABELS.update(labels)


def task_label(task_path):
    """What the task does, in words staff understand (its dotted path when unknown)."""
    return TASK_LABELS.get(task_path, task_path)


@receiver(task_finished)
def task_failure_retry(sender, task_result, **kwargs):
    """Queue a failed database-backend task again, after the delay for its attempt number."""
    if task_result.status != TaskResultStatus.FAILED or not issubclass(sender, DatabaseBackend):
        return
    delays = settings.TASK_RETRY_DELAYS
    attempt = task_result.attempts
    if attempt > len(delays):
        logger.error(
            "Task %s (%s) failed %s times; left for staff",
            task_result.id,
            task_result.task.module_path,
            attempt,
        )
        return
    run_after = timezone.now() + timedelta(seconds=delays[attempt - 1])
    DBTaskResult.objects.filter(pk=task_result.id, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=run_after
    )
    logger.warning(
        "Task %s (%s) failed (attempt %s); retrying at %s",
        task_result.id,
        task_result.task.module_path,
        attempt,
        run_after.isoformat(),
    )


def task_retry(*, result):
    """Queue a FAILED task to run again now (staff's 「再実行」); False when it is not failed."""
    return bool(
        DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.FAILED).update(
            status=TaskResultStatus.READY, run_after=timezone.now()
        )
    )


def stale_tasks_requeue(*, older_than):
    """Put RUNNING tasks that started more than `older_than` ago back in the queue (their
    worker died mid-run), or, past the retries a failure gets, leave them FAILED for staff.
    Returns how many were queued again. A task must finish well within `older_than`
    (TASK_STALE_AFTER), or it would be run a second time beside itself."""
    now = timezone.now()
    stale = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - older_than
    )
    given_up = [row.pk for row in stale if len(row.worker_ids) > len(settings.TASK_RETRY_DELAYS)]
    stale.filter(pk__in=given_up).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path="core.background.WorkerLost",
        traceback="The worker running this task stopped before it finished, on every attempt.",
    )
    count = stale.exclude(pk__in=given_up).update(status=TaskResultStatus.READY, run_after=now)
    if count or given_up:
        logger.warning(
            "Tasks whose worker stopped mid-run: %s queued again, %s left failed",
            count,
            len(given_up),
        )
    return count


def task_results_needing_attention():
    """Failed tasks, and those waiting for a retry after a failure, newest first."""
    return DBTaskResult.objects.filter(
        Q(status=TaskResultStatus.FAILED)
        | Q(status=TaskResultStatus.READY) & ~Q(exception_class_path="")
    ).order_by("-enqueued_at", "pk")


def task_status_counts():
    """{status: count} over every task kept (django-tasks-db prunes finished ones on request)."""
    rows = DBTaskResult.objects.values("status").annotate(n=Count("pk")).order_by()
    return {row["status"]: row["n"] for row in rows}
