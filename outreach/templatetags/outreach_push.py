"""What outreach's part of the notification settings shows (templates/outreach/includes/):
`{% push_settings member as push %}`."""

from types import SimpleNamespace

from django import template
from django.conf import settings

from ..forms import QuietHoursForm
from ..quiet_hours import quiet_hours_get

register = template.Library()


@register.simple_tag
def push_settings(member):
    """The member's devices (PushSubscription, newest first), the quiet hours form, and the
    VAPID public key browsers subscribe with."""
    return SimpleNamespace(
        devices=list(member.push_subscriptions.all()),
        quiet_hours_form=QuietHoursForm(instance=quiet_hours_get(member=member)),
        public_key=settings.WEBPUSH_VAPID_PUBLIC_KEY,
    )
