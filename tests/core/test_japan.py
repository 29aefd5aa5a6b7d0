"""core.japan: the site's days and times are Japan's, whatever zone is active."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone, translation

from core.japan import japan_datetime_display, japan_naive, japan_today, japan_zone

UTC = datetime.UTC
# 2026-03-31 15:30 UTC is already 1 April 00:30 in Japan.
LATE_EVENING_UTC = datetime.datetime(2026, 3, 31, 15, 30, 12, 345678, tzinfo=UTC)


def test_the_zone_is_tokyo():
    assert japan_zone() == ZoneInfo("Asia/Tokyo")


def test_a_spreadsheet_time_is_naive_japan_time_to_the_second():
    assert japan_naive(LATE_EVENING_UTC) == datetime.datetime(2026, 4, 1, 0, 30, 12)


def test_today_is_japans_day_even_when_another_zone_is_active(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: LATE_EVENING_UTC)
    with timezone.override(ZoneInfo("Europe/London")):
        assert japan_today() == datetime.date(2026, 4, 1)


def test_a_displayed_time_is_japan_time_in_the_active_language():
    with timezone.override(ZoneInfo("America/New_York")), translation.override("ja"):
        shown = japan_datetime_display(LATE_EVENING_UTC)

    assert shown.startswith("2026年4月1日") and "00:30" in shown
