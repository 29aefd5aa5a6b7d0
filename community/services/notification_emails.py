"""E-mailing notifications (sent by community.tasks, never during a request): at once to members
who want them immediately, in a daily digest to the others, each notification at most once, with
the one-click unsubscribe links of RFC 8058.

An e-mail that cannot be sent is released to be tried again by the task's retries
(core.background); after EMAIL_MAX_ATTEMPTS failed attempts it is given up and counted as failed
(`Notification.email_failures`), which an announcement's statistics show.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core.pages import site_url

from ..models import (
    Notification,
    NotificationChannel,
    NotificationEmail,
    NotificationKind,
    User,
)
from .notification_channels import opted_out
from .notifications import notification_link

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "community.notifications.unsubscribe"
ANNOUNCEMENTS_UNSUBSCRIBE_SALT = "community.notifications.announcements"
DIGEST_MAX_ITEMS = 20
DIGEST_MAX_AGE = timedelta(days=7)  # older unread notifications are left to the list
EMAIL_SUBJECT_PREFIX = "[寄り合い] "


def email_attempts_max():
    """Attempts at an e-mail before it is given up: the task's first run and each retry."""
    return 1 + len(settings.TASK_RETRY_DELAYS)


def notification_email_counts(notifications):
    """{"sent": e-mailed, "failed": given up after email_attempts_max() failed attempts} over
    the queryset `notifications`, in one query."""
    return notifications.aggregate(
        sent=Count("pk", filter=Q(emailed_at__isnull=False)),
        failed=Count(
            "pk", filter=Q(emailed_at__isnull=True, email_failures__gte=email_attempts_max())
        ),
    )


# --- Unsubscribing ----------------------------------------------------------------------------


def unsubscribe_token(member):
    """The signed token of the one-click unsubscribe link in `member`'s e-mails."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(member.pk))


def unsubscribe_member(token):
    """The member an unsubscribe `token` was made for, or None when it was altered, made by
    another site, or the account no longer exists."""
    try:
        pk = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=pk, is_active=True).first() if pk.isdigit() else None


# --- E-mail (run by community.tasks) ----------------------------------------------------------


def notification_emails_send(*, notification_ids):
    """E-mail each of the notifications whose recipient wants e-mail immediately, unless it
    was e-mailed or read already. Returns how many e-mails were sent.

    One address that is refused does not stop the others: its notification is released for a
    later attempt (its failure counted) and, once the rest are sent, NotificationEmailError
    makes the task fail visibly (core.background retries it, sending only what is left)."""
    sent, failed = 0, []
    for pk in _email_due(notification_ids):
        notification = _email_claim(pk)
        if notification is None:
            continue
        try:
            _email_send(
                recipient=notification.recipient,
                template="community/email/notification",
                context={"notification": notification, "url": _email_link(notification)},
                unsubscribe_path=_unsubscribe_path(notification),
            )
        except Exception:
            logger.exception("Notification %s could not be e-mailed", pk)
            _email_release(Notification.objects.filter(pk=pk))
            failed.append(pk)
        else:
            sent += 1
    if failed:
        raise NotificationEmailError(f"Not e-mailed: notifications {failed}")
    return sent


class NotificationEmailError(Exception):
    """Some notifications could not be e-mailed (each was released to be tried again)."""


def _email_release(claimed):
    """Release the `claimed` notifications after a failed attempt, counting it: they are tried
    again until email_attempts_max(), then left as failed."""
    claimed.update(emailed_at=None, email_failures=F("email_failures") + 1)


def _emails_due_now():
    """Notifications to e-mail at once: unread, shown, not given up, to an active member who
    wants e-mail immediately and did not turn the kind off for e-mail."""
    return (
        Notification.objects.shown()
        .filter(
            read_at__isnull=True,
            email_failures__lt=email_attempts_max(),
            recipient__is_active=True,
            recipient__notification_email=NotificationEmail.IMMEDIATELY,
        )
        .exclude(opted_out(NotificationChannel.EMAIL))
        .exclude(kind=NotificationKind.ANNOUNCEMENT, recipient__announcements=False)
    )


def _email_due(notification_ids):
    """Of `notification_ids`, those to e-mail now, in their order (one query: an announcement
    to thousands on the digest claims none of them one by one)."""
    due = set(
        _emails_due_now()
        .filter(pk__in=notification_ids, emailed_at__isnull=True)
        .values_list("pk", flat=True)
    )
    return [pk for pk in notification_ids if pk in due]


def _email_claim(pk):
    """The notification, marked e-mailed, when it is due to be e-mailed now; else None.

    The claim is its own short transaction, so no write lock is held while mail is sent. The
    conditions sit on the UPDATE itself, which PostgreSQL checks again on a row a parallel
    worker just claimed: only one of them sends."""
    due = _emails_due_now().filter(pk=pk)
    claimed = Notification.objects.filter(
        pk=pk, emailed_at__isnull=True, pk__in=due.values("pk")
    ).update(emailed_at=timezone.now())
    return _with_related(Notification.objects).get(pk=pk) if claimed else None


def notification_digest_recipients():
    """Pks of members on the daily digest who have notifications not yet e-mailed."""
    return list(_digest_due().order_by().values_list("recipient_id", flat=True).distinct())


def notification_digest_send(*, recipient_id):
    """E-mail `recipient_id` one digest of their unread notifications not yet e-mailed (the
    newest DIGEST_MAX_ITEMS listed, the rest counted), and mark them e-mailed. Running it
    again sends nothing until something new happens; a digest that cannot be sent is released
    for the next run. Returns how many were included."""
    now = timezone.now()
    ids = list(_digest_due().filter(recipient_id=recipient_id).values_list("pk", flat=True))
    if not ids or not Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(
        emailed_at=now
    ):
        return 0
    claimed = Notification.objects.filter(pk__in=ids, emailed_at=now)
    notifications = list(_with_related(claimed).order_by("-updated_at", "-pk"))
    items = [
        {"notification": notification, "url": _email_link(notification)}
        for notification in notifications[:DIGEST_MAX_ITEMS]
    ]
    try:
        _email_send(
            recipient=notifications[0].recipient,
            template="community/email/digest",
            context={
                "items": items,
                "count": len(notifications),
                "more": len(notifications) - len(items),
            },
        )
    except Exception:
        _email_release(claimed)
        raise
    return len(notifications)


def _digest_due():
    return (
        Notification.objects.unread()
        .shown()
        .filter(
            emailed_at__isnull=True,
            email_failures__lt=email_attempts_max(),
            updated_at__gte=timezone.now() - DIGEST_MAX_AGE,
            recipient__is_active=True,
            recipient__notification_email=NotificationEmail.DAILY,
        )
        .exclude(opted_out(NotificationChannel.EMAIL))
        .exclude(kind=NotificationKind.ANNOUNCEMENT, recipient__announcements=False)
    )


def _with_related(queryset):
    return queryset.select_related(
        "recipient",
        "actor",
        "comment__page",
        "moderation_action",
        "topic__closure",
        "proposal",
        "page",
    )


def _email_link(notification):
    return notification_link(notification, channel=NotificationChannel.EMAIL)


def _unsubscribe_path(notification):
    """An announcement's one-click link turns announcements off (and is counted for it); every
    other e-mail's stops notification e-mails (None: the default)."""
    if notification.kind != NotificationKind.ANNOUNCEMENT:
        return None
    token = signing.Signer(salt=ANNOUNCEMENTS_UNSUBSCRIBE_SALT).sign(str(notification.pk))
    return reverse("community:announcements_unsubscribe", args=[token])


def _email_send(*, recipient, template, context, unsubscribe_path=None):
    """Render `template`_subject.txt and _body.txt in the site's language (Japanese: the
    site keeps no language per member) and send them to `recipient` with the one-click
    unsubscribe headers of RFC 8058 (to `unsubscribe_path`, or by default the link that stops
    notification e-mails)."""
    with translation.override(settings.LANGUAGE_CODE):
        if unsubscribe_path is None:
            unsubscribe_path = reverse("community:unsubscribe", args=[unsubscribe_token(recipient)])
        unsubscribe_url = site_url(unsubscribe_path)
        context = {
            **context,
            "recipient": recipient,
            "unsubscribe_url": unsubscribe_url,
            "settings_url": site_url(reverse("community:notification_settings")),
            "list_url": site_url(reverse("community:notification_list")),
        }
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    EmailMessage(
        subject=f"{EMAIL_SUBJECT_PREFIX}{subject}",
        body=body,
        to=[recipient.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    ).send()
