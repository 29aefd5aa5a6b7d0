"""`manage.py events_erase`: erase the names, e-mail addresses and answers of registrations
after their event's `erase_after_days`, and delete registrations never confirmed by e-mail
after a day (events.erasure). Run daily (docs/deploy.md); counts stay."""

from django.core.management.base import BaseCommand

from events.erasure import pending_delete, registrations_erase


class Command(BaseCommand):
    help = (
        "Erase the personal data of event registrations past their event's erase-after days "
        "(counts by status, type and attendance stay), and delete registrations unconfirmed "
        "for a day. Safe to run again."
    )

    def handle(self, *args, verbosity, **options):
        erased = registrations_erase()
        deleted = pending_delete()
        if verbosity:
            self.stdout.write(
                f"Erased {erased} registration(s); deleted {deleted} unconfirmed registration(s)."
            )
