"""The server-error handler (`handler500` in config.urls) and the /favicon.ico redirect.

A database that does not answer (PostgreSQL restarting, a failover, too many connections) is
not a bug in the page: the visitor gets 503 「一時的にご利用いただけません」 with Retry-After,
and monitoring can tell it from real 500s. A database error on a connection that still works
(a missing column, a constraint the code did not expect) is a bug, and gets Django's 500 page
(500.html), like every other error.
"""

import sys

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views import defaults

from config.shedding import RETRY_AFTER_SECONDS


def server_error(request):
    # Django calls this while it handles the exception, so the exception is at hand here.
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError) and not _database_usable():
        response = HttpResponse(render_to_string("503.html", {"unavailable": True}), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return defaults.server_error(request)


def _database_usable():
    return connection.connection is not None and connection.is_usable()


def favicon(request):
    """/favicon.ico → the icon under /static/ (a temporary redirect: the static name carries a
    content hash in production, which changes with the icon)."""
    return HttpResponseRedirect(static("icons/favicon.ico"))
