"""`manage.py events_remind`: queue the reminders due now, the day before and an hour before each
event (events.reminders). Run every ten minutes (docs/deploy.md); each reminder goes once."""

from django.core.management.base import BaseCommand

from events.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "E-mail registered people the reminders due now (the day before and an hour before "
        "their event). Safe to run again, or twice at once: each reminder is sent once."
    )

    def handle(self, *args, verbosity, **options):
        sent = reminders_send()
        if verbosity:
            self.stdout.write(f"Queued {sent} event reminder(s).")
