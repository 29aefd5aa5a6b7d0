"""Settings for `make bench`: the test settings on a throwaway SQLite file, DEBUG off.

`bench/run.py` sets BENCH_DATABASE_PATH and BENCH_MEDIA_ROOT (files in a temporary directory)
before Django starts, in its own process and in the gunicorn it launches.
"""

import os

import environ

from config.settings.test import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

# SQLite, whatever DATABASE_URL says: the figures compare pages, not database servers. Only
# bench/survey_submit.py sets BENCH_DATABASE_URL, a throwaway PostgreSQL database.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["BENCH_DATABASE_PATH"],
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }
}
if os.environ.get("BENCH_DATABASE_URL"):
    DATABASES = {"default": environ.Env.db_url_config(os.environ["BENCH_DATABASE_URL"])}
# Each process keeps its own cache, as with the default settings when REDIS_URL is unset, and
# as large (config/settings/base.py): at Django's default of 300 entries a thread of 240
# comments pushed its own cached parts out (bench/comments_page.py).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 1_000},
    },
}
# These benchmarks measure rendering; bench/page_cache.py measures the anonymous page cache.
PAGE_CACHE_SECONDS = 0
MEDIA_ROOT = os.environ["BENCH_MEDIA_ROOT"]

# Request logging would be measured along with the pages.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
