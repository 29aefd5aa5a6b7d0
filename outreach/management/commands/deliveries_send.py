"""`manage.py deliveries_send`: queue the LINE and browser notifications that have come due (held
through quiet hours, waiting to be tried again, or left by a worker that died). Run it from cron
every few minutes (docs/deploy.md)."""

from django.core.management.base import BaseCommand

from outreach.deliveries import deliveries_due
from outreach.tasks import deliveries_queue


class Command(BaseCommand):
    help = "Queue the LINE and browser notifications that have come due."

    def handle(self, *args, **options):
        due = deliveries_due()
        deliveries_queue(due)
        self.stdout.write(f"{len(due)} deliveries queued")
