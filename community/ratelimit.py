"""Fixed-window rate limits on the shared cache, for anything a stranger can post."""

from django.conf import settings
from django.core.cache import cache

DEFAULT_LIMITS = {
    # scope: (requests, seconds)
    "contact": (5, 10 * 60),
}


def client_ip(request):
    """The client's address; behind trusted proxies, the one they report (TRUSTED_PROXY_COUNT)."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        return hops[-proxies] if len(hops) >= proxies else hops[0]
    return request.META.get("REMOTE_ADDR", "")


def rate_limit_consume(request, *, scope):
    """Count one request against `scope` for this client; False once the limit is used up."""
    limit, period = getattr(settings, "RATE_LIMITS", DEFAULT_LIMITS)[scope]
    key = f"ratelimit:{scope}:{client_ip(request)}"
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)
        count = 1
    return count <= limit
