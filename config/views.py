"""The server-error handler (`handler500` in config.urls).

A database that does not answer (PostgreSQL restarting, a failover, too many connections) is
not a bug in the page: the visitor gets 503 「一時的にご利用いただけません」 with Retry-After,
and monitoring can tell it from real 500s. Every other error gets Django's 500 page (500.html).
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

from config.shedding import RETRY_AFTER_SECONDS


def server_error(request):
    # Django calls this while it handles the exception, so the exception is at hand here.
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html", {"unavailable": True}), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return defaults.server_error(request)
