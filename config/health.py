"""`/healthz/`: for a load balancer or a process supervisor to ask whether this app server can
serve. 200 when the database answers, 503 when it does not; Redis being down only shows as
"cache": "degraded" (pages still work, config/cache.py). Never cached, no session, no HTML."""

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"database": "unavailable"}, status=503)
    cache_state = "degraded" if getattr(cache, "degraded", False) else "ok"
    return JsonResponse({"database": "ok", "cache": cache_state})
