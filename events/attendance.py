"""Writes of the day of an event and after it: checking people in (and undoing it), adding
walk-ins, and inviting those who came to a follow-up survey or opinion exchange.

Checking in is one conditional UPDATE, so a double tap, two phones scanning the same code or a
retry changes nothing the second time; the caller is told whether this call did it."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import FollowUpInvitation, Registration, RegistrationStatus
from .notices import Notice, notice_enqueue


class NotCheckable(Exception):
    """The registration holds no place (waiting, unconfirmed or cancelled): it cannot be
    checked in; the person may be added as a walk-in."""


def attendance_check_in(*, registration, staff):
    """Mark the registered person as here. Returns (registration as stored, checked_now):
    checked_now is False when they were already checked in (its checked_in_at says when)."""
    if registration.status != RegistrationStatus.REGISTERED:
        raise NotCheckable
    checked_now = bool(
        Registration.objects.filter(
            pk=registration.pk, status=RegistrationStatus.REGISTERED, checked_in_at=None
        ).update(checked_in_at=timezone.now(), checked_in_by=staff)
    )
    registration.refresh_from_db(fields=["checked_in_at", "checked_in_by", "status"])
    return registration, checked_now


def attendance_undo(*, registration):
    """Take back a check-in made by mistake. Returns whether one was taken back."""
    undone = Registration.objects.filter(pk=registration.pk, checked_in_at__isnull=False).update(
        checked_in_at=None, checked_in_by=None
    )
    registration.refresh_from_db(fields=["checked_in_at", "checked_in_by"])
    return bool(undone)


def walk_in_add(*, event, name, stakeholder_type, staff, slot_id=""):
    """Someone who came without registering, checked in at once. They hold no seat: the
    event's seats and waiting list do not change. Returns the new registration."""
    return Registration.objects.create(
        event=event,
        slot_id=slot_id,
        name=name.strip(),
        stakeholder_type=stakeholder_type,
        status=RegistrationStatus.REGISTERED,
        walk_in=True,
        checked_in_at=timezone.now(),
        checked_in_by=staff,
    )


def follow_up_invite(*, event, page, staff):
    """Send every attendee of `event` who can be reached (a member or an e-mail address) the
    FOLLOW_UP notice leading to `page`, once: returns (FollowUpInvitation, sent_now); a second
    call for the same page returns the first invitation with sent_now False."""
    try:
        with transaction.atomic():
            invitation = FollowUpInvitation.objects.create(event=event, page=page, sent_by=staff)
            attendees = _reachable_attendees(event)
            for registration in attendees:
                notice_enqueue(registration, Notice.FOLLOW_UP, invitation_id=invitation.pk)
            invitation.count = len(attendees)
            invitation.save(update_fields=["count"])
    except IntegrityError:  # sent already (perhaps by the other click of a double click)
        return FollowUpInvitation.objects.get(event=event, page=page), False
    return invitation, True


def _reachable_attendees(event):
    return list(
        Registration.objects.filter(event=event, checked_in_at__isnull=False, erased_at=None)
        .exclude(member=None, email="")
        .only("pk")
    )
