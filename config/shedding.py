"""Load shedding: a request that waited too long in front of the app is answered at once with
503 「ただいま混み合っています」 instead of being served late.

Past its capacity a server's queue only grows: every request waits longer, clients give up, and
the work done for them is wasted. The proxy in front (nginx, docs/deploy.md) stamps each request
with the time it arrived, `X-Request-Start: t=<seconds since the epoch>`; a request that reaches
a worker more than `REQUEST_QUEUE_TIMEOUT` seconds later is refused before any database work,
for a fraction of a millisecond, so the workers spend their time on requests whose clients are
still waiting. Without the header (no proxy) nothing is shed.

A shed request is not an error of the app: instead of Django's ERROR line per 503 (hundreds a
second under overload, drowning the log), each process writes one WARNING at most every
SHED_LOG_INTERVAL seconds with the number shed since its last one.
"""

import logging
import threading
import time

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

RETRY_AFTER_SECONDS = 10
MAX_CREDIBLE_WAIT = 24 * 60 * 60
# Load balancers' health checks are answered however busy the server is: shedding them would
# take the server out of rotation and pass its load on to the others.
NEVER_SHED = ("/healthz/",)
SHED_LOG_INTERVAL = 10  # seconds

logger = logging.getLogger(__name__)


def queued_seconds(header, *, now):
    """Seconds since the proxy's stamp `t=1732950000.123` (seconds, milliseconds or
    microseconds since the epoch), or None when the header is missing, malformed, in the
    future or more than a day old (not a stamp this request's proxy made)."""
    try:
        stamp = float(header.strip().removeprefix("t="))
    except ValueError:
        return None
    for unit in (1, 1_000, 1_000_000):  # seconds, milliseconds, microseconds
        waited = now - stamp / unit
        if 0 <= waited <= MAX_CREDIBLE_WAIT:
            return waited
    return None


class LoadSheddingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = settings.REQUEST_QUEUE_TIMEOUT
        self.busy_page = None
        self.shed_lock = threading.Lock()  # gthread workers serve several requests at once
        self.shed_unlogged = 0
        self.shed_logged_at = float("-inf")

    def __call__(self, request):
        header = request.headers.get("X-Request-Start")
        if header and self.timeout and request.path not in NEVER_SHED:
            waited = queued_seconds(header, now=time.time())
            if waited is not None and waited > self.timeout:
                self._shed_log(waited)
                return self._busy()
        return self.get_response(request)

    def _shed_log(self, waited):
        with self.shed_lock:
            self.shed_unlogged += 1
            now = time.monotonic()
            if now - self.shed_logged_at < SHED_LOG_INTERVAL:
                return
            count, self.shed_unlogged, self.shed_logged_at = self.shed_unlogged, 0, now
        logger.warning(
            "Shed %s request(s) that waited longer than %s s in front of the app (the last %.1f s)",
            count,
            self.timeout,
            waited,
        )

    def _busy(self):
        if self.busy_page is None:  # rendered once: it needs no request and no database
            self.busy_page = render_to_string("503.html")
        response = HttpResponse(self.busy_page, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        response._has_been_logged = True  # by _shed_log, not by django.request
        return response
