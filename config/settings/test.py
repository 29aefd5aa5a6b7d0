"""Settings for the test suite (`make test`). Uses DATABASE_URL / REDIS_URL when CI sets them."""

from .base import *  # noqa: F403
from .base import BASE_DIR

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / ".test-media"
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
STAFF_MFA_REQUIRED = True  # staff in tests have an authenticator (tests/factories.py)
# Every request renders all of its page, so that query counts compare pages, not cache states;
# tests/articles/test_fragments.py and tests/core/test_page_*.py turn the fragments on.
PAGE_FRAGMENT_SECONDS = 0
WEBPUSH_LOCAL_ENDPOINTS = True  # the push service of tests/outreach/push_service.py

if REDIS_URL:  # noqa: F405
    # Each pytest-xdist worker gets its own Redis database, so one worker's cache.clear()
    # never wipes another's rate-limit counters.
    import os
    from urllib.parse import urlsplit, urlunsplit

    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    redis_url = urlsplit(REDIS_URL)  # noqa: F405
    for alias in ("redis", "pages"):
        CACHES[alias]["LOCATION"] = urlunsplit(  # noqa: F405
            redis_url._replace(path=f"/{1 + worker % 15}")
        )
