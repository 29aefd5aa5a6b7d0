"""Reminders to the people registered for an event: the day before and an hour before it (or
before their time slot of a 相談会).

`manage.py events_remind` runs this every ten minutes (docs/deploy.md). Each reminder is due in
its window: the day reminder from 24 hours before the start until an hour before (and only to
those registered before it opened: someone who registers on the day already has their
confirmation), the hour reminder in the last hour. Each registration is claimed by one
conditional UPDATE (`reminded_…_at IS NULL` → now) before its notice is queued, so two runs, even
at once, send each reminder once."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import EventPage, Registration, RegistrationStatus
from .models.pages import EventStatus
from .notices import Notice, notice_enqueue

DAY_BEFORE = timedelta(hours=24)
HOUR_BEFORE = timedelta(hours=1)


@dataclass(frozen=True)
class Reminder:
    notice: str
    field: str  # the Registration field that records it was sent
    opens: timedelta  # before the start
    closes: timedelta  # before the start
    registered_before_window: bool  # only to people seated before the window opened


REMINDERS = (
    Reminder(Notice.REMINDER_DAY, "reminded_day_at", DAY_BEFORE, HOUR_BEFORE, True),
    Reminder(Notice.REMINDER_HOUR, "reminded_hour_at", HOUR_BEFORE, timedelta(0), False),
)


def reminders_send(*, now=None):
    """Queue every reminder due at `now` (default: now) that was not sent before. Returns the
    number of reminders queued."""
    now = now or timezone.now()
    sent = 0
    for event in _events_soon(now):
        for slot_id, starts_at in _starts(event).items():
            for reminder in REMINDERS:
                if starts_at - reminder.opens <= now < starts_at - reminder.closes:
                    sent += _remind(event, slot_id, starts_at, reminder, now)
    return sent


def _events_soon(now):
    """Live, scheduled events under way or starting within a day (a 相談会's slots lie within
    its start and end)."""
    return EventPage.objects.live().filter(
        status=EventStatus.SCHEDULED, starts_at__lte=now + DAY_BEFORE, ends_at__gt=now
    )


def _starts(event):
    """{slot id: start} of what people register for: each time slot, or the whole event."""
    if event.slot_list:
        return {slot_id: starts_at for slot_id, starts_at, _, _ in event.slot_list}
    return {"": event.starts_at}


def _remind(event, slot_id, starts_at, reminder, now):
    """Claim and queue `reminder` for each registered person of the slot not yet reminded."""
    due = Registration.objects.filter(
        event=event,
        slot_id=slot_id,
        status=RegistrationStatus.REGISTERED,
        walk_in=False,
        erased_at=None,
        **{reminder.field: None},
    )
    if reminder.registered_before_window:
        due = due.filter(Q(seated_at=None) | Q(seated_at__lt=starts_at - reminder.opens))
    sent = 0
    for registration_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration_id, status=RegistrationStatus.REGISTERED, **{reminder.field: None}
            ).update(**{reminder.field: now})
            if claimed:
                notice_enqueue(Registration(pk=registration_id), reminder.notice)
                sent += 1
    return sent
