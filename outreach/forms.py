"""Forms of outreach's part of the notification settings: the subscription a browser sends
(as JSON, from static/js/push.js) and the member's quiet hours."""

import base64
import binascii
import ipaddress
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import PushSubscription, QuietHours

LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}
UNUSABLE_ENDPOINT = _(
    "This browser gave an address for its notifications that we cannot use. "
    "Try another browser, or reload the page and try again."
)
UNUSABLE_KEYS = _(
    "This browser gave keys for its notifications that we cannot use. "
    "Reload the page and try again."
)


def base64url_bytes(text):
    """The bytes `text` (base64url, padded or not) encodes; ValueError when it is not."""
    if not isinstance(text, str) or not text or len(text) > 200:
        raise ValueError("not base64url text")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as error:
        raise ValueError("not base64url text") from error


def endpoint_allowed(endpoint):
    """Whether the server may post to `endpoint`: an https:// address of a named host (a push
    service's), never an IP address or this machine, which a member could otherwise make the
    server post to. With settings.WEBPUSH_LOCAL_ENDPOINTS (the demo, the tests) an http://
    address on this machine is allowed too: the tests' push service runs there."""
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    local = host in LOOPBACK_HOSTS and parts.scheme in {"http", "https"}
    if local and settings.WEBPUSH_LOCAL_ENDPOINTS:
        return True
    if parts.scheme != "https" or not host or host in LOOPBACK_HOSTS or parts.username:
        return False
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return "." in host
    return False


class PushSubscriptionForm(forms.Form):
    """A browser's PushSubscription as its toJSON() gives it: `endpoint`, and `keys` with
    `p256dh` (the browser's P-256 public key, 65 bytes) and `auth` (16 bytes), base64url."""

    endpoint = forms.URLField(
        max_length=PushSubscription._meta.get_field("endpoint").max_length,
        assume_scheme="https",
        error_messages={"invalid": UNUSABLE_ENDPOINT, "required": UNUSABLE_ENDPOINT},
    )
    p256dh = forms.CharField(error_messages={"required": UNUSABLE_KEYS})
    auth = forms.CharField(error_messages={"required": UNUSABLE_KEYS})

    @classmethod
    def from_json(cls, data):
        """The form bound to a subscription's JSON (a dict, or anything else when the browser
        sent nonsense)."""
        data = data if isinstance(data, dict) else {}
        keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
        fields = {"endpoint": data.get("endpoint"), **keys}
        return cls({name: fields.get(name) for name in ("endpoint", "p256dh", "auth")})

    def clean_endpoint(self):
        endpoint = self.cleaned_data["endpoint"]
        if not endpoint_allowed(endpoint):
            raise forms.ValidationError(UNUSABLE_ENDPOINT, code="endpoint")
        return endpoint

    def clean_p256dh(self):
        text = self._key(self.cleaned_data["p256dh"], size=65)
        try:  # a point on the curve, or nothing could ever be encrypted to it
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), base64url_bytes(text))
        except ValueError as error:
            raise forms.ValidationError(UNUSABLE_KEYS, code="keys") from error
        return text

    def clean_auth(self):
        return self._key(self.cleaned_data["auth"], size=16)

    def _key(self, text, *, size):
        try:
            key = base64url_bytes(text)
        except ValueError:
            key = b""
        if len(key) != size:
            raise forms.ValidationError(UNUSABLE_KEYS, code="keys")
        return text.rstrip("=")

    def first_error(self):
        """The first error's message (the page's script shows one line)."""
        return next(iter(self.errors.values()))[0]


class QuietHoursForm(forms.ModelForm):
    """The member's quiet hours: on or off, from and until when (Japan time)."""

    prefix = "quiet"  # its fields share the settings page with community's form

    class Meta:
        model = QuietHours
        fields = ["active", "starts", "ends"]
        labels = {
            "active": _("Hold browser and LINE notifications at night"),
            "starts": pgettext_lazy("quiet hours", "From"),
            "ends": pgettext_lazy("quiet hours", "Until"),
        }
        help_texts = {
            "active": _(
                "Notifications that come in then reach you when the quiet hours end "
                "(Japan time). E-mail is not held."
            ),
        }
        widgets = {
            "starts": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
