"""The shared cache: Redis, with the database standing in while Redis cannot be reached.

Everything that uses Django's default cache goes through `FailoverCache`: sessions (cached_db),
allauth's login limits, our own rate limits (`core.ratelimit`) and the anonymous page
cache. When a Redis call fails with a connection error, or Redis refuses writes (a replica
that became read-only in a failover, or out of memory under its `maxmemory` with `noeviction`),
the call is answered by the fallback cache (a database table) instead, and Redis is left alone
for `RETRY_AFTER` seconds before it is tried again, so an outage costs one connect timeout per
process every few seconds, not one per call. docs/deploy.md ("When Redis is down") says what
users see.

Redis still holds what it held before the outage. A key written or deleted meanwhile (a
session that logged out, a rate-limit counter) is therefore deleted from Redis before Redis
answers again, so that its old value does not come back. Each process remembers the keys it
wrote; a process that is restarted during the outage forgets them, which the short lifetimes
of what Redis holds bound.
"""

import logging
import threading
import time
from collections import defaultdict

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import OutOfMemoryError, ReadOnlyError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError, ReadOnlyError, OutOfMemoryError)

# alias -> time.monotonic() until which the primary is not tried; shared by a process's threads.
_primary_down_until = {}
# alias -> {version: keys} written or deleted through the fallback, to forget in the primary.
_written_while_down = defaultdict(lambda: defaultdict(set))
_lock = threading.Lock()

WRITES = {"add", "set", "touch", "delete", "incr", "decr"}
MANY_WRITES = {"set_many", "delete_many"}


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
                self._primary_catch_up()
                return getattr(caches[self._primary], method)(*args, **kwargs)
            except UNREACHABLE as error:
                self._primary_down(error)
        self._remember_write(method, args, kwargs)
        return getattr(caches[self._fallback], method)(*args, **kwargs)

    def _primary_down(self, error):
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

    def _remember_write(self, method, args, kwargs):
        if method in WRITES:
            keys = [args[0]]
        elif method in MANY_WRITES:
            keys = list(args[0])
        else:
            return
        with _lock:
            _written_while_down[self._primary][kwargs.get("version")].update(keys)

    def _primary_catch_up(self):
        """Delete from the primary what was written through the fallback while it was down."""
        if not _written_while_down.get(self._primary):
            return
        with _lock:
            pending = _written_while_down.pop(self._primary, {})
        try:
            for version, keys in pending.items():
                caches[self._primary].delete_many(list(keys), version=version)
        except UNREACHABLE:
            with _lock:  # still down: keep them for the next attempt
                for version, keys in pending.items():
                    _written_while_down[self._primary][version].update(keys)
            raise
        logger.warning(
            "Cache %r answers again; forgot %s key(s) written meanwhile",
            self._primary,
            sum(len(keys) for keys in pending.values()),
        )

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
