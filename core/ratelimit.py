"""Fixed-window rate limits on the shared cache, for anything a stranger can post."""

import math
import time

from allauth.account.adapter import get_adapter as get_account_adapter
from django.conf import settings
from django.core.cache import cache


def client_ip(request):
    """The client's address, as allauth's rate limits see it.

    Behind `TRUSTED_PROXY_COUNT` proxies it is the address they add to X-Forwarded-For, or the
    `TRUSTED_CLIENT_IP_HEADER` a proxy sets; REMOTE_ADDR otherwise (settings: "Users").
    """
    return get_account_adapter().get_client_ip(request)


def rate_limit_consume(request, *, scope):
    """Count one request against `scope` for this client; False once the limit is used up."""
    return rate_limit_wait(scope=scope, ip_address=client_ip(request)) == 0


def rate_limit_wait(*, scope, ip_address, limit=None):
    """Count one request against `scope` for `ip_address`; 0 while within the limit, otherwise
    the seconds until the address may try again.

    `limit` is (requests, seconds); without it the scope's from `settings.RATE_LIMITS`. Scopes in
    `settings.RATE_LIMITS_FAIL_OPEN` are not counted while the shared cache is degraded.
    A window opens with an address's first request; its start is kept beside
    the count, so the wait is known on any cache backend without asking it for a key's expiry."""
    if scope in settings.RATE_LIMITS_FAIL_OPEN and getattr(cache, "degraded", False):
        return 0
    limit, period = limit or settings.RATE_LIMITS[scope]
    now = time.time()  # not whole seconds: a wait cut short would be refused again
    key = f"ratelimit:{scope}:{ip_address}"
    cache.add(f"{key}:start", now, timeout=period)
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)
        count = 1
    if count <= limit:
        return 0
    started = cache.get(f"{key}:start", now)
    return max(1, math.ceil(started + period - now))
