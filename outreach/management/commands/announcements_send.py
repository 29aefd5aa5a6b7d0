"""`manage.py announcements_send`: queue the announcements whose time has come (and resume one a
worker stopped sending). Run it from cron every few minutes, with deliveries_send
(docs/deploy.md)."""

from django.core.management.base import BaseCommand

from outreach.announcements.sending import announcements_due
from outreach.tasks import announcement_send


class Command(BaseCommand):
    help = "Queue the announcements that have come due."

    def handle(self, *args, **options):
        due = announcements_due()
        for announcement_id in due:
            announcement_send.enqueue(announcement_id=announcement_id)
        self.stdout.write(f"{len(due)} announcements queued")
