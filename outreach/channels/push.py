"""Browser notifications (Web Push with VAPID, RFC 8030/8291/8292): each notification is
encrypted (aes128gcm) to every browser the member subscribed and posted to its push service,
signed with the site's VAPID key (settings.WEBPUSH_VAPID_*).

What the push services answer decides the delivery (outreach.deliveries): sent when at least
one browser's service accepted it; a browser whose subscription is gone (404, 410) is deleted,
and with none left there is nobody to send to (DeliveryGone); a service busy (429, 5xx, no
answer) is tried again (DeliveryRetry, after its Retry-After); any other refusal is final."""

import email.utils
import json
import time

import requests
from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone, translation
from django.utils.translation import pgettext
from py_vapid import Vapid

from community.models import NotificationChannel
from community.services.notifications import notification_link

from . import DeliveryGone, DeliveryRetry, OutreachChannel

TTL = 24 * 60 * 60  # seconds a push service keeps a message for a browser that is offline
TIMEOUT = 10  # seconds to wait for a push service
BODY_LIMIT = 300  # characters of the message shown; a push message carries at most 4 KB
GONE = {404, 410}


class _Refused(Exception):
    """A push service refused the message for good (a 4xx other than 404, 410, 429)."""


def _configured():
    return bool(settings.WEBPUSH_VAPID_PRIVATE_KEY and settings.WEBPUSH_VAPID_PUBLIC_KEY)


def _members_ready(member_ids):
    from ..models import PushSubscription

    return set(
        PushSubscription.objects.filter(member_id__in=member_ids).values_list(
            "member_id", flat=True
        )
    )


def push_message(notification):
    """The JSON text a browser receives for `notification` (static/js/push-sw.js shows it),
    in the site's language as the e-mails are."""
    with translation.override(settings.LANGUAGE_CODE):
        message = {
            "title": pgettext("site name", "Yoriai"),
            "body": str(notification.message)[:BODY_LIMIT],
            "url": notification_link(notification, channel=CHANNEL.key),
            "tag": f"notification-{notification.pk}",
            "icon": static("icons/icon-192.png"),
        }
    return json.dumps(message, ensure_ascii=False)


def _send(delivery):
    """Send `delivery` to every browser its recipient subscribed (see the module)."""
    from ..models import PushSubscription

    subscriptions = list(
        PushSubscription.objects.filter(member_id=delivery.notification.recipient_id)
    )
    if not subscriptions:
        raise DeliveryGone("no browser is subscribed")
    data = push_message(delivery.notification)
    vapid = Vapid.from_string(private_key=settings.WEBPUSH_VAPID_PRIVATE_KEY)
    accepted, gone, busy, refused = [], [], [], []
    with requests.Session() as session:
        session.max_redirects = 0  # a push service answers itself; never follow it elsewhere
        for subscription in subscriptions:
            try:
                _post(subscription, data, vapid=vapid, session=session)
            except DeliveryRetry as error:
                busy.append(error)
            except DeliveryGone:
                gone.append(subscription.pk)
            except _Refused as error:
                refused.append(error)
            else:
                accepted.append(subscription.pk)
    PushSubscription.objects.filter(pk__in=gone).delete()
    if accepted:
        PushSubscription.objects.filter(pk__in=accepted).update(last_sent_at=timezone.now())
        return
    if busy:
        waits = [error.retry_after for error in busy if error.retry_after]
        raise DeliveryRetry(str(busy[0]), retry_after=max(waits, default=None))
    if refused:
        raise refused[0]
    raise DeliveryGone("every browser's subscription has expired")


def _post(subscription, data, *, vapid, session):
    """Post `data` to one browser's push service; raises as _send sorts it."""
    # pywebpush brings aiohttp (a quarter of a second): imported to send, not at start-up.
    from pywebpush import WebPushException, webpush

    info = {
        "endpoint": subscription.endpoint,
        "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
    }
    try:
        webpush(
            info,
            data=data,
            vapid_private_key=vapid,
            # A new dict each time: webpush() writes the audience (the endpoint's origin) in.
            vapid_claims={"sub": settings.WEBPUSH_VAPID_SUBJECT},
            ttl=TTL,
            timeout=TIMEOUT,
            headers={"Urgency": "normal"},
            requests_session=session,
        )
    except WebPushException as error:
        _raise_for(error.status_code, error.retry_after, subscription=subscription)
        raise _Refused(f"push service: {error.message}"[:300]) from error
    except requests.TooManyRedirects as error:
        raise _Refused("push service redirected the message elsewhere") from error
    except requests.RequestException as error:
        raise DeliveryRetry(f"push service unreachable: {type(error).__name__}") from error


def _raise_for(status, retry_after, *, subscription):
    if status in GONE:
        raise DeliveryGone(f"subscription {subscription.pk} has expired ({status})")
    if status == 429 or (status and status >= 500):
        raise DeliveryRetry(f"push service busy ({status})", retry_after=_seconds(retry_after))


def _seconds(retry_after):
    """Seconds a Retry-After header asks to wait (a number or an HTTP date), or None."""
    if not retry_after:
        return None
    if retry_after.strip().isdigit():
        return int(retry_after)
    try:
        when = email.utils.parsedate_to_datetime(retry_after)
    except (TypeError, ValueError):
        return None
    return max(0, int(when.timestamp() - time.time()))


CHANNEL = OutreachChannel(
    key=NotificationChannel.PUSH,
    configured=_configured,
    members_ready=_members_ready,
    send=_send,
    settings_template="outreach/includes/push_settings.html",
)
