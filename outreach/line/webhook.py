"""What the official account's users do, as LINE's webhook tells it (POST /line/webhook/).

The body is trusted only once its X-Line-Signature is that of the channel secret (HMAC-SHA256
of the raw body, base64). Then each event is handled once, even when LINE delivers it again
(its webhookEventId is remembered for a day in the shared cache):

- follow: reply how to link (send the code shown on the site);
- unfollow: unlink the account;
- a text message: a working code links the sender (replying so); 「配信停止」 turns the linked
  member's announcements off and replies so (an unlinked sender gets where the settings are);
  anything else, that it is not a working code. Tries are limited per LINE user;
- postback and the rest: nothing (reserved)."""

import base64
import hashlib
import hmac
import logging

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from linebot.v3.messaging import ApiException, ReplyMessageRequest, TextMessage
from urllib3.exceptions import HTTPError as ConnectionProblem

from core.pages import site_url
from core.ratelimit import rate_limit_wait

from ..channels.line import TIMEOUT, messaging_api
from . import services

logger = logging.getLogger(__name__)

EVENT_MEMORY = 24 * 60 * 60  # seconds a handled event's id is remembered (redeliveries)
STOP_WORD = "配信停止"

FOLLOWED = _(
    "Thank you for adding us. To receive notifications here, send the code shown in your "
    "notification settings on the site as a message."
)
LINKED = _("You will now receive Yoriai notifications on LINE.")
STOP = _("To choose what reaches you on LINE, or to stop, open your notification settings: %(url)s")
STOPPED = _(
    "You will no longer receive announcements from the operators. To turn them on again, or to "
    "choose other notifications, open your notification settings: %(url)s"
)
WRONG_CODE = _(
    "That code is not valid or has expired. Show a new code in your notification settings on the "
    "site: %(url)s"
)


def signature_valid(body, signature):
    """Is `signature` (the X-Line-Signature header) LINE's for the raw `body` (bytes)?"""
    secret = settings.LINE_MESSAGING_CHANNEL_SECRET
    if not secret or not signature:
        return False
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return hmac.compare_digest(base64.b64encode(digest), signature.encode())


def webhook_events_handle(events):
    """Handle each of the webhook's `events` (dicts) that was not handled before."""
    for event in events:
        if not isinstance(event, dict):
            continue
        event_id = event.get("webhookEventId")
        key = f"line:webhook:{event_id}"
        if event_id and not cache.add(key, True, timeout=EVENT_MEMORY):
            continue  # a redelivery of an event already handled
        try:
            with translation.override(settings.LANGUAGE_CODE):
                _event_handle(event)
        except Exception:  # LINE gets its 200 all the same; a redelivery may try again
            if event_id:
                cache.delete(key)
            logger.exception("LINE webhook event %s failed", event_id)


def _event_handle(event):
    source = event.get("source") or {}
    user_id = source.get("userId")
    if source.get("type") != "user" or not user_id:
        return
    kind = event.get("type")
    if kind == "follow":
        _reply(event, str(FOLLOWED))
    elif kind == "unfollow":
        services.line_account_unlink(line_user_id=user_id)
    elif kind == "message" and (event.get("message") or {}).get("type") == "text":
        _text_handle(event, user_id=user_id, text=event["message"].get("text") or "")


def _text_handle(event, *, user_id, text):
    if text.strip() == STOP_WORD:
        member = services.line_announcements_stop(line_user_id=user_id)
        _reply(event, (STOPPED if member else STOP) % {"url": _settings_url()})
        return
    waiting = rate_limit_wait(scope="line_link_attempt", ip_address=f"line:{user_id}")
    account = None if waiting else services.line_link_by_code(text=text, line_user_id=user_id)
    if account is None:
        _reply(event, WRONG_CODE % {"url": _settings_url()})
        return
    name = _display_name(user_id)
    if name:
        services.line_display_name_set(account=account, display_name=name)
    _reply(event, str(LINKED))


def _settings_url():
    return site_url(reverse("community:notification_settings"))


def _reply(event, text):
    """Answer the event with `text`; a reply LINE refuses (its token expired) is only logged."""
    token = event.get("replyToken")
    if not token:
        return
    request = ReplyMessageRequest(reply_token=token, messages=[TextMessage(text=text)])
    try:
        with messaging_api() as api:
            api.reply_message(request, _request_timeout=TIMEOUT)
    except (ApiException, ConnectionProblem) as error:
        logger.warning("LINE refused a reply: %s", error)


def _display_name(user_id):
    """The LINE name of `user_id` (their profile), or "" when LINE does not say."""
    try:
        with messaging_api() as api:
            return api.get_profile(user_id, _request_timeout=TIMEOUT).display_name or ""
    except (ApiException, ConnectionProblem) as error:
        logger.warning("LINE profile unavailable: %s", error)
        return ""
