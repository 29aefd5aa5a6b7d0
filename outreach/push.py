"""Members' browsers that receive browser notifications (PushSubscription): saving the
subscription a browser made, removing one, and the short name a member knows the device by.

Sending to them is the push channel's (outreach.channels.push)."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import PushSubscription

# First match wins: Edge, Opera and Samsung Internet also say "Chrome", Chrome also "Safari".
BROWSERS = [
    ("Edge", r"Edg(?:e|A|iOS)?/"),
    ("Opera", r"OPR/"),
    ("Samsung Internet", r"SamsungBrowser/"),
    ("Firefox", r"(?:Firefox|FxiOS)/"),
    ("Chrome", r"(?:Chrome|CriOS|Chromium)/"),
    ("Safari", r"Safari/"),
]
SYSTEMS = [
    ("Android", r"Android"),
    ("iPhone", r"iPhone"),
    ("iPad", r"iPad"),
    ("Windows", r"Windows"),
    ("ChromeOS", r"CrOS"),
    ("Mac", r"Macintosh|Mac OS X"),
    ("Linux", r"Linux"),
]


def device_label(user_agent):
    """A short name for the browser that sent `user_agent`: "Chrome（Android）" in Japanese,
    "Chrome (Android)" in English; the browser or system alone when only one is known."""
    user_agent = user_agent or ""
    browser = next((name for name, pattern in BROWSERS if re.search(pattern, user_agent)), "")
    system = next((name for name, pattern in SYSTEMS if re.search(pattern, user_agent)), "")
    if browser and system:
        return _("%(browser)s (%(system)s)") % {"browser": browser, "system": system}
    return browser or system or pgettext("device", "Browser")


def push_subscription_save(*, member, endpoint, p256dh, auth, device):
    """Keep the subscription a browser made for `member` and return it. A browser subscribing
    again with the same endpoint updates it, and moves it to `member` (someone else signed in
    on that browser before)."""
    subscription, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={"member": member, "p256dh": p256dh, "auth": auth, "device": device},
    )
    return subscription


def push_subscription_delete(*, subscription):
    """Stop sending browser notifications to `subscription`'s browser."""
    subscription.delete()
