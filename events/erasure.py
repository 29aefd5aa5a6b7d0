"""Erasing what registrations hold about people once it is no longer needed.

After an event and its `erase_after_days`, each registration loses its name, e-mail address,
answers and member; its status, time slot, stakeholder type, walk-in flag and attendance stay,
so every count by status, type and attendance is unchanged. Registrations never confirmed by
e-mail (pending) are deleted after a day: they never took a seat and were never counted, and
their confirmation link said 24 hours. `manage.py events_erase` runs both daily."""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from .models import EventPage, Registration, RegistrationStatus
from .models.registrations import PENDING_EXPIRES


def registrations_erase(*, now=None):
    """Erase the personal data of registrations whose event ended more than its
    `erase_after_days` before `now` (default: now). Returns the number erased; run again, it
    erases nothing more."""
    now = now or timezone.now()
    not_erased = Registration.objects.filter(erased_at=None)
    events = EventPage.objects.filter(
        Exists(not_erased.filter(event=OuterRef("pk"))), ends_at__lt=now
    ).values_list("pk", "ends_at", "erase_after_days")
    erased = 0
    for event_id, ends_at, days in events:
        if ends_at + timedelta(days=days) < now:
            erased += not_erased.filter(event_id=event_id).update(
                name="", email="", answers={}, member=None, erased_at=now
            )
    return erased


def pending_delete(*, now=None):
    """Delete registrations left unconfirmed for more than a day. Returns how many."""
    now = now or timezone.now()
    stale = Registration.objects.filter(
        status=RegistrationStatus.PENDING, created_at__lt=now - PENDING_EXPIRES
    )
    deleted, _ = stale.delete()
    return deleted
