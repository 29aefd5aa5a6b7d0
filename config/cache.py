"""The shared cache: Redis, with the database standing in while Redis cannot be reached.

Everything that uses Django's default cache goes through `FailoverCache`: sessions (cached_db),
allauth's login limits, our own rate limits (`community.ratelimit`) and the anonymous page
cache. When a Redis call fails with a connection error, the call is answered by the fallback
cache (a database table) instead, and Redis is left alone for `RETRY_AFTER` seconds before it is
tried again, so an outage costs one connect timeout per process every few seconds, not one per
call. docs/deploy.md ("When Redis is down") says what users see.
"""

import logging
import threading
import time

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)

# alias -> time.monotonic() until which the primary is not tried; shared by a process's threads.
_primary_down_until = {}
_lock = threading.Lock()


class FailoverCache(BaseCache):
    """A cache that forwards every call to the PRIMARY cache alias, or to the FALLBACK alias
    while the primary is unreachable. `degraded` tells callers which one answers."""

    def __init__(self, location, params):
        super().__init__(params)
        options = params.get("OPTIONS", {})
        self._primary = options["PRIMARY"]
        self._fallback = options["FALLBACK"]
        self._retry_after = options.get("RETRY_AFTER", 5)

    @property
    def degraded(self):
        return time.monotonic() < _primary_down_until.get(self._primary, 0)

    def _call(self, method, *args, **kwargs):
        if not self.degraded:
            try:
                return getattr(caches[self._primary], method)(*args, **kwargs)
            except UNREACHABLE as error:
                with _lock:
                    first = not self.degraded
                    _primary_down_until[self._primary] = time.monotonic() + self._retry_after
                if first:
                    logger.warning(
                        "Cache %r unreachable (%s); using %r for %ss",
                        self._primary,
                        error,
                        self._fallback,
                        self._retry_after,
                    )
        return getattr(caches[self._fallback], method)(*args, **kwargs)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout=timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default=default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout=timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta=delta, version=version)

    def decr(self, key, delta=1, version=None):
        return self._call("decr", key, delta=delta, version=version)

    def clear(self):
        return self._call("clear")

    def close(self, **kwargs):
        """Nothing of its own to close: Django closes the two caches it forwards to."""
