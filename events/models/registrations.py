"""The people who register for an event, and the seats they take.

Seats are a database invariant: EventSeats holds, per event and time slot, the capacity and
the seats taken, and a seat is taken only by one conditional UPDATE (`taken < capacity`) that
the database applies atomically, with a CHECK constraint behind it. Registrations that find no
seat wait, in order of arrival (created_at, pk), until a cancellation frees one."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community.models import StakeholderType

TOKEN_BYTES = 24
# How long a registration may wait for its e-mail confirmation (what the e-mail promises): the
# personal page says it expired after this, and events_erase deletes it.
PENDING_EXPIRES = timedelta(hours=24)


def registration_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for e-mail confirmation")
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")


# A person holds at most one of these per event.
ACTIVE_STATUSES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.REGISTERED,
    RegistrationStatus.WAITING,
)


class EventSeats(models.Model):
    """The seats of one event's time slot (`slot_id`; "" for an event without slots):
    `capacity` (None: no limit) and how many registrations hold one (`taken`)."""

    event = models.ForeignKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="seats", verbose_name=_("event")
    )
    slot_id = models.CharField(_("time slot"), max_length=64, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    taken = models.PositiveIntegerField(_("seats taken"), default=0)

    class Meta:
        verbose_name = _("seats")
        verbose_name_plural = _("seats")
        constraints = [
            models.UniqueConstraint(fields=["event", "slot_id"], name="event_seats_once"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(taken__lte=F("capacity")),
                name="event_seats_within_capacity",
            ),
        ]

    def __str__(self):
        return f"{self.event_id}/{self.slot_id or '-'}: {self.taken}/{self.capacity}"


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def waiting_in_order(self):
        return self.filter(status=RegistrationStatus.WAITING).order_by("created_at", "pk")


class Registration(models.Model):
    """Someone coming to an event: a member, or a name and an e-mail address (confirmed by a
    link before a seat is taken). `token` names their personal page (and its QR code).

    A walk-in (added by staff on the day) holds no seat. After the event and
    `EventPage.erase_after_days`, the personal data are erased (`erased_at`); the row stays
    with its status, slot, stakeholder type and attendance, so counts do not change."""

    event = models.ForeignKey(
        "events.EventPage",
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("event"),
    )
    slot_id = models.CharField(_("time slot"), max_length=64, blank=True)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    stakeholder_type = models.CharField(
        _("stakeholder type"), max_length=20, choices=StakeholderType.choices, blank=True
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    status = models.CharField(
        pgettext_lazy("model field", "status"), max_length=20, choices=RegistrationStatus.choices
    )
    walk_in = models.BooleanField(_("walk-in"), default=False)
    token = models.CharField(max_length=64, unique=True, default=registration_token)

    created_at = models.DateTimeField(
        pgettext_lazy("model field", "created at"), default=timezone.now
    )
    confirmed_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True)
    seated_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminded_day_at = models.DateTimeField(_("reminded the day before at"), null=True, blank=True)
    reminded_hour_at = models.DateTimeField(_("reminded an hour before at"), null=True, blank=True)
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)
    # The event's status (postponed, cancelled) this person was last told of.
    event_status_told = models.CharField(max_length=20, blank=True)
    # The SEQUENCE of the event's calendar entry (EventCalendarVersion) whose times this person
    # was last given: by their registration's e-mails, or by the last change notice claimed.
    sequence_told = models.PositiveIntegerField(default=0)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [
            models.Index(fields=["event", "status", "created_at"], name="registration_queue"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "member"],
                condition=Q(member__isnull=False, status__in=ACTIVE_STATUSES),
                name="registration_once_per_member",
            ),
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(email="") & Q(status__in=ACTIVE_STATUSES),
                name="registration_once_per_email",
            ),
        ]

    def __str__(self):
        return f"{self.event_id}: {self.display_name} ({self.status})"

    @property
    def display_name(self):
        if self.member_id and not self.name:
            return self.member.public_name
        return self.name

    @property
    def holds_seat(self):
        return self.status == RegistrationStatus.REGISTERED and not self.walk_in
