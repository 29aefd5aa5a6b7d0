"""LINE over HTTP: the webhook LINE calls (no language prefix, verified by its signature instead
of a CSRF token), and the member's buttons in the LINE part of their notification settings
(link the LINE sign-in, show a code, unlink). All of it answers 404 while the site has no LINE
credentials."""

import json
import logging
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from core.ratelimit import rate_limit_consume

from ..channels.line import CHANNEL
from . import services
from .webhook import signature_valid, webhook_events_handle

logger = logging.getLogger(__name__)

SETTINGS = "community:notification_settings"


def line_configured(view):
    """404 unless the site has the official account's credentials."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not CHANNEL.configured():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


@csrf_exempt
@require_POST
@line_configured
def line_webhook(request):
    """LINE's webhook: 400 and nothing done unless the body is signed with the channel secret;
    200 after that, whatever the events."""
    if not signature_valid(request.body, request.headers.get("X-Line-Signature", "")):
        return HttpResponseBadRequest()
    try:
        events = json.loads(request.body).get("events") or []
    except (ValueError, AttributeError):
        logger.warning("LINE webhook: a signed body that is not a webhook")
        events = []
    webhook_events_handle(events if isinstance(events, list) else [])
    return HttpResponse()


@login_required
@require_POST
@line_configured
def line_link_sign_in(request):
    """Link the LINE account the member signs in with."""
    if services.line_account_link_sign_in(member=request.user) is None:
        messages.error(request, _("You do not sign in with LINE. Use a code instead."))
    else:
        messages.success(request, _("Your LINE account is linked."))
    return redirect(SETTINGS)


@login_required
@require_POST
@line_configured
def line_link_code_create(request):
    """Show the member a new one-time code to send to the official account."""
    if not rate_limit_consume(request, scope="line_link_code"):
        messages.error(request, _("Too many codes were asked for. Please try again later."))
        return redirect(SETTINGS)
    services.line_link_code_create(member=request.user)
    return redirect(f"{reverse(SETTINGS)}#line")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@line_configured
def line_unlink(request):
    """Ask, then unlink the member's LINE account."""
    if request.method == "POST":
        services.line_account_unlink(member=request.user)
        messages.success(request, _("Your LINE account is no longer linked."))
        return redirect(SETTINGS)
    account = getattr(request.user, "line_account", None)
    if account is None:
        return redirect(SETTINGS)
    return render(request, "outreach/line/unlink_confirm.html", {"account": account})
