"""API keys: issued by staff, shown once, stored as a SHA-256 digest, revocable.

A key is `yor_` and 43 random URL-safe characters; a caller sends it in the `X-API-Key` header.
SHA-256 without salt is enough here: the keys are long random strings, not passwords a person
chose, so there is no dictionary to try and the digest can be looked up directly."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import ApiKey

KEY_PREFIX = "yor_"
SHOWN_PREFIX_LENGTH = 12
# last_used_at is written at most this often per key, not on every request.
LAST_USED_PRECISION = timedelta(minutes=1)


def key_digest(raw_key):
    return hashlib.sha256(raw_key.encode()).hexdigest()


def api_key_issue(*, name, created_by=None):
    """A new active key: (the ApiKey, the key itself — shown to staff once, never stored)."""
    raw_key = KEY_PREFIX + secrets.token_urlsafe(32)
    api_key = ApiKey.objects.create(
        name=name.strip(),
        prefix=raw_key[:SHOWN_PREFIX_LENGTH],
        digest=key_digest(raw_key),
        created_by=created_by,
    )
    return api_key, raw_key


def api_key_revoke(*, api_key):
    """Revoke `api_key` from now on (kept, so staff still see who had it and when it was used)."""
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at"])


def api_key_find(raw_key):
    """The active key `raw_key` is, or None (unknown, malformed or revoked)."""
    if not raw_key or not raw_key.startswith(KEY_PREFIX) or len(raw_key) > 100:
        return None
    return ApiKey.objects.active().filter(digest=key_digest(raw_key)).first()


def api_key_used(api_key, *, now=None):
    """Note that `api_key` was used now; a write at most once per LAST_USED_PRECISION."""
    now = now or timezone.now()
    if api_key.last_used_at and now - api_key.last_used_at < LAST_USED_PRECISION:
        return
    with transaction.atomic():
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    api_key.last_used_at = now
