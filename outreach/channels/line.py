"""LINE messages through the organisation's official account (Messaging API, line-bot-sdk v3).

A notification goes to the member's linked LINE account (LineAccount) as a push message: its
one-line message and a button 「開く」 to what it is about (a Flex Message whose alt text, shown in
the chat list and the phone's notification, is the message itself), or the message alone when it
is about nothing with an address. Every push carries an `X-Line-Retry-Key` derived from the
delivery, the same on every attempt, so that LINE delivers a retried push once.

LINE's answers: accepted (200), or accepted before under that retry key (409) → sent; busy (429,
5xx) or unreachable → DeliveryRetry (after its Retry-After); refused because of the recipient
(400/403 naming `to`, or "Failed to send messages": they blocked the account or unfollowed it) →
the account is unlinked and DeliveryGone; anything else is raised (refused for good)."""

import json
import uuid
from contextlib import contextmanager

from django.conf import settings
from django.utils import translation
from django.utils.translation import pgettext
from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    Configuration,
    FlexBox,
    FlexBubble,
    FlexButton,
    FlexMessage,
    FlexText,
    MessagingApi,
    PushMessageRequest,
    TextMessage,
    URIAction,
)
from urllib3.exceptions import HTTPError as ConnectionProblem

from community.models import NotificationChannel

from . import DeliveryGone, DeliveryRetry, OutreachChannel

TIMEOUT = 10  # seconds for one call to the API
TEXT_LIMIT = 1000  # characters of a message kept (LINE takes 5,000; alt text 1,500)
RETRY_KEYS = uuid.UUID("8f0b7f3e-5a52-4c55-9a57-2f3b9c1d6e21")  # namespace of the retry keys


def _configured():
    return bool(settings.LINE_MESSAGING_ACCESS_TOKEN and settings.LINE_MESSAGING_CHANNEL_SECRET)


def _members_ready(member_ids):
    from ..models import LineAccount

    return set(
        LineAccount.objects.filter(member_id__in=member_ids).values_list("member_id", flat=True)
    )


@contextmanager
def messaging_api():
    """A MessagingApi with the official account's token, talking to LINE_API_BASE_URL."""
    configuration = Configuration(
        host=settings.LINE_API_BASE_URL, access_token=settings.LINE_MESSAGING_ACCESS_TOKEN
    )
    with ApiClient(configuration) as client:
        api = MessagingApi(client)
        # The generated client ignores Configuration.host for this API: it keeps its own base.
        api.line_base_path = settings.LINE_API_BASE_URL.rstrip("/")
        yield api


def retry_key(delivery):
    """The delivery's X-Line-Retry-Key: a UUID that is the same on every attempt to send it."""
    return str(uuid.uuid5(RETRY_KEYS, f"{delivery.pk}:{delivery.notification_id}"))


def line_message(text, link=None):
    """A message saying `text`, with a button 「開く」 to `link` when there is one."""
    text = text[:TEXT_LIMIT]
    if not link:
        return TextMessage(text=text)
    bubble = FlexBubble(
        body=FlexBox(layout="vertical", contents=[FlexText(text=text, wrap=True)]),
        footer=FlexBox(
            layout="vertical",
            contents=[
                FlexButton(
                    style="primary",
                    action=URIAction(label=pgettext("LINE button", "Open"), uri=link),
                )
            ],
        ),
    )
    return FlexMessage(alt_text=text, contents=bubble)


def _send(delivery):
    from community.services.notifications import notification_link

    from ..models import LineAccount

    notification = delivery.notification
    account = LineAccount.objects.filter(member_id=notification.recipient_id).first()
    if account is None:
        raise DeliveryGone("no LINE account is linked")
    with translation.override(settings.LANGUAGE_CODE):  # Japanese, as the e-mails
        message = line_message(
            str(notification.message), notification_link(notification, channel=CHANNEL.key)
        )
    request = PushMessageRequest(to=account.line_user_id, messages=[message])
    try:
        with messaging_api() as api:
            api.push_message(
                request, x_line_retry_key=retry_key(delivery), _request_timeout=TIMEOUT
            )
    except ApiException as error:
        _refused(error, account=account)
    except ConnectionProblem as error:
        raise DeliveryRetry(f"LINE could not be reached: {error}") from error


def _refused(error, *, account):
    """Turn LINE's refusal `error` into what deliveries.py expects (see the module)."""
    status = error.status or 0
    if status == 409:  # a push under this retry key was accepted before: it went out
        return
    if status == 429 or status >= 500:
        raise DeliveryRetry(
            f"LINE answered {status}", retry_after=_retry_after(error.headers)
        ) from error
    if status in (400, 403) and _about_recipient(error.body):
        account.delete()
        raise DeliveryGone(f"LINE refused the recipient ({status}): unlinked") from error
    raise error


def _about_recipient(body):
    """Does LINE's error body say the recipient cannot be sent to (blocked, unfollowed, gone)?"""
    try:
        answer = json.loads(body or b"{}")
    except ValueError:
        return False
    if not isinstance(answer, dict):
        return False
    message = str(answer.get("message", ""))
    details = answer.get("details") or []
    properties = {detail.get("property") for detail in details if isinstance(detail, dict)}
    return "to" in properties or "'to'" in message or message == "Failed to send messages"


def _retry_after(headers):
    try:
        return int((headers or {}).get("Retry-After", ""))
    except ValueError:
        return None


CHANNEL = OutreachChannel(
    key=NotificationChannel.LINE,
    configured=_configured,
    members_ready=_members_ready,
    send=_send,
    settings_template="outreach/includes/line_settings.html",
)
