"""The demo's API keys (api.demo): one used an hour ago and one revoked, issued by the demo
analyst, built once however often seed_demo runs (tests/articles/test_seed_demo_site.py
checks them in the whole demo)."""

from api.demo import REVOKED, USED, demo_api_keys_build
from api.models import ApiKey
from articles.demo.accounts import demo_accounts_build
from articles.demo.extensions import DEMO_BUILDERS


def test_the_demo_shows_a_used_and_a_revoked_key(db):
    demo_accounts_build()

    used, revoked = demo_api_keys_build()
    demo_api_keys_build()  # seed_demo may run again

    assert ApiKey.objects.count() == 2
    assert (used.name, used.is_active, used.last_used_at is not None) == (USED, True, True)
    assert (revoked.name, revoked.is_active) == (REVOKED, False)
    assert used.created_by.groups.filter(name="Analysts").exists()


def test_seed_demo_calls_the_builder():
    assert "api.demo.demo_api_keys_build" in DEMO_BUILDERS
