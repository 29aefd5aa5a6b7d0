import pytest

from outreach.management.commands.webpush_keys import vapid_key_pair
from tests.outreach.push_service import PushService

SUBJECT = "mailto:info@yoriai.example.jp"


@pytest.fixture(scope="session")
def vapid_keys():
    """A VAPID key pair (public, private), made once for the session."""
    return vapid_key_pair()


@pytest.fixture
def vapid(settings, vapid_keys):
    """The site configured for browser notifications."""
    settings.WEBPUSH_VAPID_PUBLIC_KEY, settings.WEBPUSH_VAPID_PRIVATE_KEY = vapid_keys
    settings.WEBPUSH_VAPID_SUBJECT = SUBJECT
    return vapid_keys


@pytest.fixture
def push_service(vapid):
    """A push service on 127.0.0.1 that checks the site's VAPID signature and decrypts
    (tests/outreach/push_service.py)."""
    service = PushService(vapid_public_key=vapid[0], subject=SUBJECT).start()
    yield service
    service.stop()
