"""Writes for events: registering (members at once, others once their e-mail address is
confirmed), cancelling, the waiting list and the seats behind them.

Every write is idempotent: registering twice (a double click, two tabs) returns the first
registration, confirming or cancelling twice changes nothing the second time. Seats are taken
by one conditional UPDATE (EventSeats); whoever finds none waits, and a seat freed by a
cancellation (or a larger capacity) goes to the longest-waiting registration of its slot.
Publishing a page also moves its calendar entry's SEQUENCE on when its times or status changed
(calendar_version_publish)."""

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.utils import timezone

from articles.models import HomePage
from core.page_cache import page_cache_purge_on_commit

from .models import EventCalendarVersion, EventSeats, Registration, RegistrationStatus
from .models.calendar import CALENDAR_FIELDS, calendar_sequence
from .notices import Notice, notice_enqueue


class RegistrationClosed(Exception):
    """The event does not take registrations now (not yet, no longer, cancelled, postponed)."""


def registration_create(
    *, event, member=None, name="", email="", slot_id="", answers=None, stakeholder_type=""
):
    """Register `member` (or `name` with `email`) for `event`'s `slot_id`. Returns
    (registration, created); a person already registered, waiting or confirming gets their
    registration back with created False. A member is seated (or waits) at once; anyone else
    waits for e-mail confirmation (registration_confirm) and is sent the link."""
    existing = _active_registration(event=event, member=member, email=email)
    if existing is not None:
        return existing, False
    if not event.registration_open():
        raise RegistrationClosed
    if slot_id not in event.seat_capacities():
        raise ValueError(f"no slot {slot_id!r} in event {event.pk}")
    registration = Registration(
        event=event,
        slot_id=slot_id,
        member=member,
        name="" if member else name,
        email="" if member else email.strip().lower(),
        answers=answers or {},
        stakeholder_type=stakeholder_type or (member.stakeholder_type if member else ""),
        status=RegistrationStatus.WAITING if member else RegistrationStatus.PENDING,
        sequence_told=calendar_sequence(event),
    )
    try:
        with transaction.atomic():
            registration.save()
            if member:
                _seat_or_wait(registration)
            else:
                notice_enqueue(registration, Notice.CONFIRM_EMAIL)
    except IntegrityError:  # the same person's other request got there first
        existing = _active_registration(event=event, member=member, email=email)
        if existing is None:
            raise
        return existing, False
    return registration, True


def _active_registration(*, event, member, email):
    people = Q(member=member) if member else Q(email=email.strip().lower(), member=None)
    return Registration.objects.active().filter(people, event=event).first()


def registration_confirm(*, registration):
    """The e-mail address of a pending registration is confirmed: seat it or let it wait.
    Returns the registration (unchanged unless it was pending)."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.PENDING:
            return registration
        if not registration.event.registration_open():
            raise RegistrationClosed
        registration.confirmed_at = timezone.now()
        registration.status = RegistrationStatus.WAITING
        _seat_or_wait(registration)
    return registration


def registration_cancel(*, registration):
    """Cancel the registration; a seat it held goes to the next in the waiting list, who is
    told. Returns the registration (unchanged if already cancelled)."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            return registration
        held_seat = registration.holds_seat
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        notice_enqueue(registration, Notice.CANCELLED)
        if held_seat:
            EventSeats.objects.filter(
                event_id=registration.event_id, slot_id=registration.slot_id
            ).update(taken=F("taken") - 1)
            _seats_changed(registration.event)
            waiting_promote(event=registration.event, slot_id=registration.slot_id)
    return registration


def waiting_promote(*, event, slot_id):
    """Seat waiting registrations of the slot, longest waiting first, while seats are free.
    Returns the registrations seated."""
    promoted = []
    with transaction.atomic():
        while True:
            # skip_locked: a cancellation running beside this one promotes the next in line.
            candidate = (
                Registration.objects.waiting_in_order()
                .filter(event=event, slot_id=slot_id)
                .select_for_update(skip_locked=True)
                .first()
            )
            if candidate is None or not _seat_take(event=event, slot_id=slot_id):
                return promoted
            _seated(candidate)
            notice_enqueue(candidate, Notice.PROMOTED)
            promoted.append(candidate)


def seats_sync(*, event):
    """Bring the seats in line with the published page: a row per time slot with the page's
    capacity (never below the seats already taken: nobody registered loses their place), and
    seat whoever waits where the capacity grew. Called when the page is published."""
    for slot_id, capacity in event.seat_capacities().items():
        seats = _seats(event=event, slot_id=slot_id)
        if seats.capacity == capacity:
            continue
        with transaction.atomic():
            new_capacity = None if capacity is None else Greatest(capacity, F("taken"))
            EventSeats.objects.filter(pk=seats.pk).update(capacity=new_capacity)
            waiting_promote(event=event, slot_id=slot_id)


def calendar_version_publish(*, event):
    """Record the published times and status of `event` for its calendar entry: the first
    publish starts at SEQUENCE 0, and each publish that changes them adds one. One
    conditional UPDATE: publishing the same times again (or twice at once) adds nothing more.
    Called when the page is published."""
    published = {name: getattr(event, name) for name in CALENDAR_FIELDS}
    EventCalendarVersion.objects.get_or_create(event=event, defaults=published)
    EventCalendarVersion.objects.filter(event=event).exclude(**published).update(
        sequence=F("sequence") + 1, **published
    )


def _seat_or_wait(registration):
    """Seat the (new or just confirmed) registration if a seat is free; it waits otherwise.
    Saves it and enqueues its notice."""
    if _seat_take(event=registration.event, slot_id=registration.slot_id):
        _seated(registration)
        notice_enqueue(registration, Notice.REGISTERED)
    else:
        registration.status = RegistrationStatus.WAITING
        registration.save()
        notice_enqueue(registration, Notice.WAITING)


def _seated(registration):
    registration.status = RegistrationStatus.REGISTERED
    registration.seated_at = timezone.now()
    registration.save()
    _seats_changed(registration.event)


def _seats_changed(event):
    """Purge the pages that show the event's seats left: its own and the home page above it
    (近日開催のイベント)."""
    page_cache_purge_on_commit(page_id=event.pk)
    for home_id in HomePage.objects.ancestor_of(event).values_list("pk", flat=True):
        page_cache_purge_on_commit(page_id=home_id)


def _seat_take(*, event, slot_id):
    """Take one seat of the slot if one is free: one UPDATE the database applies atomically."""
    seats = _seats(event=event, slot_id=slot_id)
    free = Q(capacity__isnull=True) | Q(taken__lt=F("capacity"))
    return bool(EventSeats.objects.filter(free, pk=seats.pk).update(taken=F("taken") + 1))


def _seats(*, event, slot_id):
    """The slot's EventSeats, created with the page's capacity the first time it is needed."""
    capacity = event.seat_capacities().get(slot_id)
    seats, _ = EventSeats.objects.get_or_create(
        event=event, slot_id=slot_id, defaults={"capacity": capacity}
    )
    return seats


def registration_expire(*, registration):
    """Cancel a registration whose e-mail address was never confirmed, without a notice (its
    person never confirmed the address): the address may then register again. Returns the
    registration (unchanged unless it was still pending)."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.PENDING:
            return registration
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
    return registration
