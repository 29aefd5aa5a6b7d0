"""Japan time: the site's days, dates and spreadsheet times are Japan's (settings.TIME_ZONE,
Asia/Tokyo), whatever zone a staff member set for themselves."""

from django.db.models.functions import TruncDate
from django.utils import formats, timezone


def japan_zone():
    return timezone.get_default_timezone()  # settings.TIME_ZONE, Asia/Tokyo


def japan_today():
    return timezone.localdate(timezone=japan_zone())


def japan_date(moment):
    """The Japan day of an aware datetime (what JapanDate gives in SQL)."""
    return timezone.localdate(moment, timezone=japan_zone())


def japan_naive(moment):
    """A naive Japan-time datetime to the second (spreadsheets hold no time zones)."""
    return moment.astimezone(japan_zone()).replace(tzinfo=None, microsecond=0)


def japan_datetime_display(moment):
    """`moment` in Japan time, in the active language's DATETIME_FORMAT."""
    return formats.date_format(timezone.localtime(moment, japan_zone()), "DATETIME_FORMAT")


class JapanDate(TruncDate):
    """The Japan day of a datetime. On SQLite, Django's TruncDate calls a Python function for
    every row (1.4 s of a 50,000-vote report in bench/consensus.py); Japan keeps one offset
    all year (no summer time), so SQLite's own date() with that offset gives the same day."""

    def __init__(self, expression, **extra):
        super().__init__(expression, tzinfo=japan_zone(), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        offset = int(timezone.localtime(timezone=japan_zone()).utcoffset().total_seconds())
        return f"date({sql}, '{offset:+d} seconds')", params
