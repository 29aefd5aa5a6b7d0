"""The reading dictionary as pages use it: staff's readings (readable.models.ReadingOverride)
in one regular expression, with a version that every cache of ruby includes in its keys.

The version lives in the pages cache (core.page_cache: shared by every app server) and changes
whenever a reading is saved or deleted, which also purges every cached page: a new reading
applies everywhere at once. Each process keeps the dictionary of the version it last saw."""

import re
import secrets
import threading

from django.db import transaction

from core.page_cache import GENERATION_SECONDS, cache_call, page_cache_purge_all_on_commit

VERSION_KEY = "readable:dictionary:version"
_loaded = {}
_lock = threading.Lock()


class ReadingDictionary:
    """Staff's readings ({word: hiragana}) and the version they belong to (None when the cache
    cannot be reached: then nothing of ruby is cached)."""

    def __init__(self, readings, version):
        self.readings = readings
        self.version = version
        words = sorted(readings, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, words))) if words else None

    def finditer(self, text):
        """The dictionary's words in `text`, the longest at each place."""
        return self._pattern.finditer(text) if self._pattern else iter(())


def reading_dictionary():
    """The dictionary as it stands (one cache read; the database only when it changed)."""
    version = dictionary_version()
    with _lock:
        dictionary = _loaded.get("dictionary")
        if dictionary is None or version is None or dictionary.version != version:
            dictionary = ReadingDictionary(_readings_load(), version)
            _loaded["dictionary"] = dictionary
    return dictionary


def dictionary_version():
    """The current version, started when there is none; None when the cache fails."""
    version = cache_call("get", VERSION_KEY)
    if version is None and cache_call("add", VERSION_KEY, secrets.token_hex(8), GENERATION_SECONDS):
        version = cache_call("get", VERSION_KEY)
    return version


def dictionary_changed():
    """A reading was saved or deleted: a new version now and once the transaction commits, and
    every cached page purged (they hold the old readings)."""
    _version_renew()
    transaction.on_commit(_version_renew)
    page_cache_purge_all_on_commit()


def _version_renew():
    cache_call("set", VERSION_KEY, secrets.token_hex(8), GENERATION_SECONDS)


def _readings_load():
    from .models import ReadingOverride

    return dict(ReadingOverride.objects.values_list("word", "reading"))
