"""Writes for announcements: submitting one to be sent (now or at `scheduled_at`), approving it
when its audience is over ANNOUNCEMENT_APPROVAL_OVER, cancelling it, and sending it.

Sending claims the announcement with one conditional UPDATE (scheduled and due → sending), so
two runs never both send it. Then, BATCH members at a time in the order of their ids, it writes
one ANNOUNCEMENT notification per recipient and an AnnouncementRecipient for each, in one
transaction per batch: three queries a batch (the next ids, the notifications, the recipients),
whatever the audience. The recipients are unique per announcement and left out of the next
batch, so a run that stopped half-way (`manage.py announcements_send` resumes a stale one)
sends the rest and never twice. Community e-mails the notifications and tells the other channels
after each batch's commit, as for every notification."""

import datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community.services.announcements import announcement_notifications_create

from .audience import announcement_audience
from .models import Announcement, AnnouncementRecipient, AnnouncementStatus

BATCH = 500
STALE_AFTER = datetime.timedelta(minutes=15)  # a run that stopped sending: resumed then
LINK_SALT = "outreach.announcements.link"
PERMISSION = "outreach.send_announcement"
EDITABLE = (AnnouncementStatus.DRAFT, AnnouncementStatus.AWAITING_APPROVAL)
CANCELLABLE = (*EDITABLE, AnnouncementStatus.SCHEDULED)


def approval_needed(count):
    return count > settings.ANNOUNCEMENT_APPROVAL_OVER


def announcement_submit(*, announcement, by, send_at=None, now=None):
    """Send the draft `announcement` (written by `by`) at `send_at`, or now when None: it
    waits for approval first when its audience is over ANNOUNCEMENT_APPROVAL_OVER. Returns it;
    ValidationError when it has no condition or nobody in its audience."""
    now = now or timezone.now()
    if announcement.status != AnnouncementStatus.DRAFT:
        raise ValidationError(_("Only a draft can be sent."))
    count = announcement_audience(announcement).count()
    if not count:
        raise ValidationError(_("Nobody meets the conditions of this announcement."))
    announcement.scheduled_at = send_at or now
    announcement.status = (
        AnnouncementStatus.AWAITING_APPROVAL
        if approval_needed(count)
        else AnnouncementStatus.SCHEDULED
    )
    announcement.save(update_fields=["scheduled_at", "status"])
    _queue_if_due(announcement, now=now)
    return announcement


def announcement_approve(*, announcement, by, now=None):
    """A second member of staff (`by`, not its author) approves `announcement`: it is sent at
    its time. PermissionDenied for its author or anyone without the permission."""
    if by.pk == announcement.created_by_id or not by.has_perm(PERMISSION):
        raise PermissionDenied
    if announcement.status != AnnouncementStatus.AWAITING_APPROVAL:
        raise ValidationError(_("This announcement is not awaiting approval."))
    announcement.approved_by = by
    announcement.status = AnnouncementStatus.SCHEDULED
    announcement.save(update_fields=["approved_by", "status"])
    _queue_if_due(announcement, now=now or timezone.now())
    return announcement


def announcement_return_to_draft(*, announcement):
    """Take a submitted announcement back to change it (not once it is being sent)."""
    updated = Announcement.objects.filter(
        pk=announcement.pk,
        status__in=(AnnouncementStatus.AWAITING_APPROVAL, AnnouncementStatus.SCHEDULED),
    ).update(status=AnnouncementStatus.DRAFT, approved_by=None)
    if not updated:
        raise ValidationError(_("This announcement can no longer be changed."))
    announcement.refresh_from_db()
    return announcement


def announcement_cancel(*, announcement):
    """Cancel `announcement` unless it is being sent or was sent."""
    updated = Announcement.objects.filter(pk=announcement.pk, status__in=CANCELLABLE).update(
        status=AnnouncementStatus.CANCELLED
    )
    if not updated:
        raise ValidationError(_("This announcement can no longer be cancelled."))
    announcement.refresh_from_db()
    return announcement


def _queue_if_due(announcement, *, now):
    if announcement.status == AnnouncementStatus.SCHEDULED and announcement.scheduled_at <= now:
        from ..tasks import announcement_send

        pk = announcement.pk
        transaction.on_commit(lambda: announcement_send.enqueue(announcement_id=pk))


def announcements_due(*, now=None):
    """Pks of the announcements to send now: scheduled and due, or left sending by a run that
    stopped more than STALE_AFTER ago."""
    now = now or timezone.now()
    scheduled = Announcement.objects.filter(
        status=AnnouncementStatus.SCHEDULED, scheduled_at__lte=now
    )
    stale = Announcement.objects.filter(
        status=AnnouncementStatus.SENDING, sent_at__lte=now - STALE_AFTER
    )
    return list((scheduled | stale).order_by("scheduled_at", "pk").values_list("pk", flat=True))


def announcement_send(*, announcement_id, now=None):
    """Send the announcement to everyone in its audience not sent it yet, if it is due (see the
    module's docstring). Returns how many members this run sent it to."""
    now = now or timezone.now()
    if not _claim(announcement_id, now=now):
        return 0
    announcement = Announcement.objects.get(pk=announcement_id)
    members = announcement_audience(announcement).order_by("pk")
    sent = 0
    while batch := _next_batch(announcement, members):
        sent += _batch_send(announcement, batch)
        # shows the run is alive: a run that stops is resumed STALE_AFTER after its last batch
        Announcement.objects.filter(pk=announcement_id).update(sent_at=timezone.now())
    Announcement.objects.filter(pk=announcement_id).update(
        status=AnnouncementStatus.SENT,
        sent_at=timezone.now(),
        recipient_count=announcement.recipients.count(),
    )
    return sent


def _claim(announcement_id, *, now):
    """One conditional UPDATE: due and scheduled (or stale while sending) → sending."""
    due = Announcement.objects.filter(pk__in=announcements_due(now=now))
    return due.filter(pk=announcement_id).update(status=AnnouncementStatus.SENDING, sent_at=now)


def _next_batch(announcement, members):
    told = AnnouncementRecipient.objects.filter(announcement=announcement).values("member_id")
    return list(members.exclude(pk__in=told).values_list("pk", flat=True)[:BATCH])


def _batch_send(announcement, member_ids):
    links = {
        member_id: announcement_link_path(announcement.pk, member_id) for member_id in member_ids
    }
    with transaction.atomic():
        notifications = announcement_notifications_create(
            links=links, title=announcement.title, text=announcement.text
        )
        AnnouncementRecipient.objects.bulk_create(
            AnnouncementRecipient(
                announcement=announcement,
                member_id=notification.recipient_id,
                notification=notification,
            )
            for notification in notifications
        )
    return len(notifications)


def announcement_link_path(announcement_id, member_id):
    """The signed path /a/<token>/ that counts `member_id` opening the announcement's link."""
    token = signing.Signer(salt=LINK_SALT).sign(f"{announcement_id}.{member_id}")
    return reverse("announcement_open", args=[token])


def announcement_link_unsign(token):
    """(announcement pk, member pk) of a link's token, or None when it was altered."""
    try:
        value = signing.Signer(salt=LINK_SALT).unsign(token)
    except signing.BadSignature:
        return None
    announcement_id, _sep, member_id = value.partition(".")
    if not (announcement_id.isdigit() and member_id.isdigit()):
        return None
    return int(announcement_id), int(member_id)
