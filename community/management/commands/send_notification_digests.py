"""Queue the daily notification digests: run once a day (cron, a scheduler)."""

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from community.services.notification_emails import notification_digest_recipients
from community.tasks import notification_digest_send


class Command(BaseCommand):
    help = (
        "E-mail members on the daily digest their notifications not yet e-mailed. Safe to run "
        "again: each notification is e-mailed at most once."
    )

    def handle(self, *args, verbosity, **options):
        recipients = notification_digest_recipients()
        for recipient_id in recipients:
            notification_digest_send.enqueue(recipient_id=recipient_id)
        if verbosity:
            count = len(recipients)
            self.stdout.write(
                ngettext(
                    "Queued the daily digest for %(count)s member.",
                    "Queued the daily digest for %(count)s members.",
                    count,
                )
                % {"count": count}
            )
