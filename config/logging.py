"""Logs as JSON lines for production: one object per record on stdout, for journald, Docker or
any log shipper to parse without a pattern. No dependency beyond the standard library.

    {"time": "2026-11-30T19:10:00.123+00:00", "level": "ERROR", "logger": "django.request",
     "message": "Internal Server Error: /articles/", "path": "/articles/", "method": "GET",
     "status": 500, "exception": "Traceback (most recent call last): …"}

`path`, `method` and `status` appear when the record carries a request or a status code
(django.request and django.security do); `exception` when it carries an exception. Nothing
else from the request (no headers, cookies, query string or body) is written.

gunicorn writes its own access log as JSON lines on the same stdout (config/gunicorn.py), so
a log shipper reads one format from the app server.
"""

import json
import logging
from datetime import UTC, datetime


class JSONFormatter(logging.Formatter):
    """Formats a record as one line of JSON: time (ISO 8601, UTC), level, logger, message and,
    where the record has them, the request's path and method, the response status and the
    exception with its traceback."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(_request_fields(record))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _request_fields(record):
    """The request's path and method and the response's status, where the record has them
    (django.request's `request` and `status_code`)."""
    fields = {}
    request = getattr(record, "request", None)
    if request is not None and hasattr(request, "path"):
        fields["path"] = request.path
        fields["method"] = request.method
    status = getattr(record, "status_code", None)
    if status is not None:
        fields["status"] = status
    return fields
