"""Outreach's part of the member's notification settings (/accounts/notifications/settings/,
community's page): the browser subscribing to notifications (JSON from static/js/push.js),
removing a device, the quiet hours; and the service worker that shows the notifications,
served from the site's root so that its scope is the whole site.

Views translate HTTP to outreach.push / outreach.quiet_hours and back. Access is checked once
per view, by its decorators: every change needs a signed-in member, who only ever sees and
removes their own devices; subscribing needs browser notifications configured on the site."""

import json
from functools import cache, wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from core.ratelimit import rate_limit_consume

from ..channels import push as push_channel
from ..forms import PushSubscriptionForm, QuietHoursForm
from ..models import PushSubscription
from ..push import device_label, push_subscription_delete, push_subscription_save
from ..quiet_hours import quiet_hours_get, quiet_hours_set

SERVICE_WORKER = "js/push-sw.js"
SUBSCRIPTION_MAX_BYTES = 4096  # a browser's subscription JSON is a few hundred bytes
UNREADABLE = gettext_lazy(
    "Your browser sent something we could not read. Reload the page and try again."
)
RATE_LIMITED = gettext_lazy(
    "This browser has asked to receive notifications many times in a short while. "
    "Wait a while and try again."
)
SETTINGS_SECTION = "#browser-notifications"


def _push_configured(view):
    """404 while the site has no VAPID keys: browser notifications are not offered then."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not push_channel.CHANNEL.configured():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _settings_page():
    return redirect(f"{reverse('community:notification_settings')}{SETTINGS_SECTION}")


@login_required
@require_POST
@_push_configured
def push_subscribe(request):
    """Keep the browser's subscription (JSON) for the member: 201 with a message, or 400/429
    with {"error": a message in the page's language} for the script to show."""
    if not rate_limit_consume(request, scope="push_subscribe"):
        return JsonResponse({"error": str(RATE_LIMITED)}, status=429)
    try:
        if len(request.body) > SUBSCRIPTION_MAX_BYTES:
            raise ValueError("too long")
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": str(UNREADABLE)}, status=400)
    form = PushSubscriptionForm.from_json(data)
    if not form.is_valid():
        return JsonResponse({"error": str(form.first_error())}, status=400)
    subscription = push_subscription_save(
        member=request.user,
        device=device_label(request.headers.get("User-Agent")),
        **form.cleaned_data,
    )
    message = _("%(device)s will now show your notifications.") % {"device": subscription.device}
    messages.success(request, message)
    return JsonResponse({"message": message, "device": subscription.device}, status=201)


@login_required
@require_POST
def push_unsubscribe(request, pk):
    """Stop browser notifications to one of the member's devices (another's: 404)."""
    subscription = get_object_or_404(PushSubscription, pk=pk, member=request.user)
    push_subscription_delete(subscription=subscription)
    messages.success(
        request,
        _("%(device)s will no longer show your notifications.") % {"device": subscription.device},
    )
    return _settings_page()


@login_required
@require_POST
def quiet_hours_save(request):
    """Save the member's quiet hours and go back to the settings."""
    form = QuietHoursForm(request.POST, instance=quiet_hours_get(member=request.user))
    if form.is_valid():
        quiet_hours_set(member=request.user, **form.cleaned_data)
        messages.success(request, _("Your quiet hours are saved."))
    else:
        messages.error(request, _("Enter the quiet hours as times, such as 21:00 and 08:00."))
    return _settings_page()


@require_GET
def push_service_worker(request):
    """The service worker (static/js/push-sw.js) at /push-sw.js: from the root, its scope can
    be the whole site. Cached briefly, so that a new version reaches browsers soon."""
    response = HttpResponse(_service_worker_text(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "public, max-age=300"
    return response


@cache
def _service_worker_text():
    with open(finders.find(SERVICE_WORKER), encoding="utf-8") as file:
        return file.read()
