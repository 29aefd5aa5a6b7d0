"""The demo API keys that `manage.py seed_demo` adds (through articles.demo.extensions), so that
「APIキー」 shows each state: a key a harvester used an hour ago and a key that was revoked.

Only a key's digest is stored and the demo never prints a key: staff who want one to try issue
it on the screen. Idempotent: a key is found by its name."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.demo.accounts import ACCOUNTS

from .keys import api_key_issue, api_key_revoke, api_key_used
from .models import ApiKey

USED = "オープンデータ活用勉強会（記事の収集）"
REVOKED = "旧・地域ポータル連携（2025年度で終了）"


def demo_api_keys_build(**_context):
    """The two demo keys, issued by the demo analyst; returns them (used, revoked)."""
    analyst = _demo_analyst()
    used = _key(USED, analyst)
    if used.last_used_at is None:
        api_key_used(used, now=timezone.now() - timedelta(hours=1))
    revoked = _key(REVOKED, analyst)
    api_key_revoke(api_key=revoked)
    return used, revoked


def _demo_analyst():
    email = next(account.email for account in ACCOUNTS if account.group == "Analysts")
    return get_user_model().objects.filter(email__iexact=email).first()


def _key(name, created_by):
    """The demo key named `name`; a new one's raw key is dropped here, never shown."""
    existing = ApiKey.objects.filter(name=name).first()
    return existing or api_key_issue(name=name, created_by=created_by)[0]
