"""Telling people about their registrations: the e-mail for each notice (with the event's
calendar file once they have a seat) and, for members, the same news in their notification list
(community's NOTICE notifications).

Sent by the task `registration_notice_send` after the transaction that caused it, in the site's
language. Registration e-mails are transactional: they go whatever a member chose for
notification e-mails (that choice is about comments and follows)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from community.services.notifications import page_notice_add

from .ics import CALENDAR_CONTENT_TYPE, registration_calendar_file
from .models import EventPage, FollowUpInvitation, Registration, RegistrationStatus
from .models.calendar import calendar_sequence
from .models.pages import ONLINE_OPENS_MINUTES, EventStatus

EMAIL_SUBJECT_PREFIX = "[寄り合い] "


class Notice(models.TextChoices):
    CONFIRM_EMAIL = (
        "event_confirm_email",
        pgettext_lazy("event notice", "Confirm your e-mail address"),
    )
    REGISTERED = "event_registered", _("You are registered")
    WAITING = "event_waiting", _("You are on the waiting list")
    PROMOTED = "event_promoted", _("A place became free: you are registered")
    CANCELLED = "event_cancelled_registration", _("Your registration is cancelled")
    EVENT_POSTPONED = "event_postponed", _("The event is postponed")
    EVENT_CANCELLED = "event_cancelled", _("The event is cancelled")
    EVENT_RESCHEDULED = "event_rescheduled", _("The event has a new date")
    REMINDER_DAY = "event_reminder_day", _("The event is tomorrow")
    REMINDER_HOUR = "event_reminder_hour", _("The event starts in an hour")
    FOLLOW_UP = "event_follow_up", _("Thank you for coming: tell us what you think")


# What members read in their notification list (community.models.notifications.PAGE_NOTICES),
# and the e-mail's first line: %(title)s is the title of the page the notification leads to, the
# event's, or for FOLLOW_UP the survey's or opinion exchange's the attendees are invited to.
NOTIFICATION_MESSAGES = {
    Notice.REGISTERED: _("You are registered for “%(title)s”."),
    Notice.WAITING: _("You are on the waiting list for “%(title)s”."),
    Notice.PROMOTED: _("A place became free: you are now registered for “%(title)s”."),
    Notice.CANCELLED: _("Your registration for “%(title)s” is cancelled."),
    Notice.EVENT_POSTPONED: _("“%(title)s”, which you registered for, is postponed."),
    Notice.EVENT_CANCELLED: _("“%(title)s”, which you registered for, is cancelled."),
    Notice.EVENT_RESCHEDULED: _(
        "Here is the new date and time of “%(title)s”, which you registered for."
    ),
    Notice.REMINDER_DAY: _("“%(title)s” is tomorrow."),
    Notice.REMINDER_HOUR: _("“%(title)s” starts in an hour."),
    Notice.FOLLOW_UP: _("Thank you for coming. Please tell us what you think in “%(title)s”."),
}

# Notices whose e-mail carries the calendar file when the person holds a seat (for a cancelled
# or rescheduled event, the file updates by its UID what their calendar holds).
WITH_CALENDAR = {
    Notice.REGISTERED,
    Notice.PROMOTED,
    Notice.REMINDER_DAY,
    Notice.EVENT_CANCELLED,
    Notice.EVENT_RESCHEDULED,
}
# Notices that are stale once the registration or the event changed again before sending.
REMINDERS = {Notice.REMINDER_DAY, Notice.REMINDER_HOUR}
CHANGES = {
    EventStatus.POSTPONED: Notice.EVENT_POSTPONED,
    EventStatus.CANCELLED: Notice.EVENT_CANCELLED,
    EventStatus.SCHEDULED: Notice.EVENT_RESCHEDULED,
}


def notice_enqueue(registration, notice, *, invitation_id=None):
    """Send `notice` about `registration` once the current transaction commits; a FOLLOW_UP
    names its FollowUpInvitation (`invitation_id`), whose page it leads to."""
    from .tasks import registration_notice_send

    registration_id = registration.pk
    transaction.on_commit(
        lambda: registration_notice_send.enqueue(
            registration_id=registration_id, notice=notice, invitation_id=invitation_id
        )
    )


def notice_send(*, registration_id, notice, invitation_id=None):
    """E-mail `notice` to the registration's person (and, for a member, add it to their
    notifications), leading to the event's page, or for a FOLLOW_UP to the page of its
    invitation (`invitation_id`). Nothing for a registration erased or deleted since, nor for
    an invitation whose page was deleted since."""
    registration = (
        Registration.objects.select_related("event", "member")
        .filter(pk=registration_id, erased_at=None)
        .first()
    )
    notice = Notice(notice)
    if registration is None or _stale(registration, notice):
        return
    follow_up = None
    if notice == Notice.FOLLOW_UP:
        follow_up = _follow_up_page(registration, invitation_id)
        if follow_up is None:
            return
    with translation.override(settings.LANGUAGE_CODE):
        message = _message(registration, notice, follow_up=follow_up)
        message.send()
    if registration.member_id and notice in NOTIFICATION_MESSAGES:
        page_notice_add(
            recipient_id=registration.member_id,
            page=follow_up or registration.event,
            notice=notice,
            anchor="" if follow_up else "registration",
        )


def _stale(registration, notice):
    """Whether `notice` no longer holds: a reminder to someone no longer registered or of an
    event no longer scheduled; news of a status the event has left since, or to someone who
    cancelled meanwhile."""
    event = registration.event
    if notice in REMINDERS:
        registered = registration.status == RegistrationStatus.REGISTERED
        return not registered or event.status != EventStatus.SCHEDULED
    if notice in CHANGES.values():
        cancelled = registration.status == RegistrationStatus.CANCELLED
        return cancelled or CHANGES[event.status] != notice
    return False


def _message(registration, notice, *, follow_up=None):
    event = registration.event
    title = (follow_up or event).title
    context = {
        "event": event,
        "registration": registration,
        "notice": notice,
        "headline": str(NOTIFICATION_MESSAGES.get(notice, notice.label)) % {"title": title},
        "event_url": event.get_full_url(),
        "registration_url": registration_full_url(registration),
        "confirm_url": registration_full_url(registration, route="registration_confirm"),
        "slot": _slot(registration),
        "online_opens_minutes": ONLINE_OPENS_MINUTES,
    }
    if follow_up is not None:
        context["follow_up_url"] = follow_up.get_full_url()
    body = render_to_string("events/email/notice_body.txt", context)
    subject = pgettext("event e-mail subject", "%(notice)s: %(title)s") % {
        "notice": notice.label,
        "title": event.title,
    }
    message = EmailMessage(
        subject=f"{EMAIL_SUBJECT_PREFIX}{subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.member.email if registration.member_id else registration.email],
    )
    if notice in WITH_CALENDAR and registration.status == RegistrationStatus.REGISTERED:
        calendar = registration_calendar_file(registration, url=context["registration_url"])
        message.attach("event.ics", calendar, CALENDAR_CONTENT_TYPE)
    return message


def _slot(registration):
    """{starts_at, ends_at} of the registration's time slot (None: the whole event)."""
    for slot_id, starts_at, ends_at, _capacity in registration.event.slot_list:
        if slot_id == registration.slot_id:
            return {"starts_at": starts_at, "ends_at": ends_at}
    return None


def _follow_up_page(registration, invitation_id):
    """The page (a survey or an opinion exchange) of the registration's event's follow-up
    invitation `invitation_id` (events.attendance), or None: each invitation's notices lead to
    its own page, however close together staff sent two."""
    invitation = (
        FollowUpInvitation.objects.select_related("page")
        .filter(pk=invitation_id, event_id=registration.event_id)
        .first()
    )
    return invitation.page if invitation else None


def registration_full_url(registration, *, route="registration"):
    """The full address of the registration's personal page (or of another of its routes)."""
    event = registration.event
    return event.get_full_url() + event.reverse_subpage(route, args=[registration.token])


def event_change_tell(*, event_id):
    """Tell each active registrant of the event, once, that it is postponed or cancelled, or
    back on a date after being postponed or cancelled (Registration.event_status_told), or, while
    it stays scheduled, that its times moved since they were last given them (its calendar
    SEQUENCE grew past Registration.sequence_told). Waiting and confirming people are told too:
    they may be seated yet, and may rather leave their place to others. Each registration is
    claimed by one conditional UPDATE before its notice is queued, so a second publish of the
    same status or times (or the task run twice) tells nobody. Returns the number told."""
    event = EventPage.objects.select_related("calendar_version").filter(pk=event_id).first()
    if event is None or event.is_past:
        return 0
    sequence = calendar_sequence(event)
    registrations = Registration.objects.active()
    untold = _untold(registrations.filter(event=event), event.status, sequence)
    told = 0
    for registration_id in untold.values_list("pk", flat=True):
        with transaction.atomic():
            claimed = _untold(registrations.filter(pk=registration_id), event.status, sequence)
            if claimed.update(event_status_told=event.status, sequence_told=sequence):
                notice_enqueue(Registration(pk=registration_id), CHANGES[event.status])
                told += 1
    return told


STATUSES_LEFT = [EventStatus.POSTPONED, EventStatus.CANCELLED]


def _untold(registrations, status, sequence):
    """Those not yet told of `status`: a scheduled event concerns only people told of a
    postponement or cancellation, or given times older than its calendar `sequence`."""
    if status == EventStatus.SCHEDULED:
        return registrations.filter(
            Q(event_status_told__in=STATUSES_LEFT) | Q(sequence_told__lt=sequence)
        )
    return registrations.exclude(event_status_told=status)
