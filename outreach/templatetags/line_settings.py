"""{% line_settings member as line %}: what the LINE part of the notification settings shows."""

from urllib.parse import quote

import segno
from django import template
from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..channels import push
from ..forms import QuietHoursForm
from ..line import services
from ..models import LineAccount
from ..quiet_hours import quiet_hours_get

register = template.Library()


@register.simple_tag
def line_settings(member):
    """{"account": the member's LineAccount or None, "signs_in_with_line": whether they sign in
    with LINE, "code": their working LineLinkCode or None, "friend_url" and "friend_qr": the
    official account's friend-add address and its QR code as inline SVG (None without an
    account ID), "quiet_hours_form": the member's QuietHoursForm when the browser notifications'
    part (which shows it otherwise) is not on the page, else None}."""
    friend_url = _friend_url()
    return {
        "account": LineAccount.objects.filter(member=member).first(),
        "signs_in_with_line": services.line_sign_in_account(member=member) is not None,
        "code": services.line_link_code_active(member=member),
        "friend_url": friend_url,
        "friend_qr": _qr(friend_url) if friend_url else None,
        "quiet_hours_form": None
        if push.CHANNEL.configured()
        else QuietHoursForm(instance=quiet_hours_get(member=member)),
    }


def _friend_url():
    account_id = settings.LINE_OFFICIAL_ACCOUNT_ID
    return f"https://line.me/R/ti/p/{quote(account_id)}" if account_id else None


def _qr(url):
    svg = segno.make(url, error="m").svg_inline(scale=4, border=2, title=_("QR code"))
    return mark_safe(svg)  # noqa: S308 - segno's SVG of the site's own setting, never user text
