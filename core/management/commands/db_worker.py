"""`manage.py db_worker`: django-tasks-db's worker, which also puts back in the queue the tasks
of workers that died mid-run (core.background), at start and every minute after."""

import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django_tasks_db.management.commands import db_worker

from core.background import stale_tasks_requeue

logger = logging.getLogger(__name__)

SWEEP_EVERY_SECONDS = 60


class Command(db_worker.Command):
    help = (
        "Run a database background worker; tasks left running by a worker that died are queued "
        "again after TASK_STALE_AFTER seconds."
    )

    def handle(self, *args, **options):
        stale_after = timedelta(seconds=settings.TASK_STALE_AFTER)
        stale_tasks_requeue(older_than=stale_after)
        if not options["batch"]:
            sweeper = threading.Thread(target=_sweep, args=(stale_after,), daemon=True)
            sweeper.start()
        return super().handle(*args, **options)


def _sweep(stale_after):
    while True:
        time.sleep(SWEEP_EVERY_SECONDS)
        try:
            stale_tasks_requeue(older_than=stale_after)
        except Exception:  # e.g. the database restarting: the next sweep tries again
            logger.warning("Could not look for stale tasks", exc_info=True)
        finally:
            connection.close()
