"""The reading dictionary as pages use it: staff's readings (readable.models.ReadingOverride)
in one regular expression, with a version that every cache of ruby includes in its keys.

The version is a scope generation of the pages cache (core.page_cache: shared by every app
server), renewed whenever a reading is saved or deleted, which also purges every cached page:
a new reading applies everywhere at once. Each process keeps the dictionary of the version it
last saw."""

import re
import threading

from core.page_cache import (
    page_cache_purge_all_on_commit,
    page_cache_scope_generation,
    page_cache_scope_purge_on_commit,
)

SCOPE = "readable-dictionary"
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
    """The current version; None when the cache fails."""
    return page_cache_scope_generation(SCOPE)


def dictionary_changed():
    """A reading was saved or deleted: a new version now and once the transaction commits, and
    every cached page purged (they hold the old readings)."""
    page_cache_scope_purge_on_commit(SCOPE)
    page_cache_purge_all_on_commit()


def _readings_load():
    from .models import ReadingOverride

    return dict(ReadingOverride.objects.values_list("word", "reading"))
