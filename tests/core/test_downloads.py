"""core.downloads: download names every browser keeps, dated in Japan time."""

import datetime

from django.http import HttpResponse
from django.utils import timezone

from core.downloads import attachment, dated_filename


def test_an_ascii_name_is_sent_plainly_and_as_utf8():
    response = attachment(HttpResponse(), "survey-3-summary-20260401.csv")

    assert response["Content-Disposition"] == (
        'attachment; filename="survey-3-summary-20260401.csv"; '
        "filename*=utf-8''survey-3-summary-20260401.csv"
    )


def test_a_japanese_name_is_sent_as_utf8():
    response = attachment(HttpResponse(), "集計.csv")

    assert "filename*=utf-8''%E9%9B%86%E8%A8%88.csv" in response["Content-Disposition"]


def test_a_file_name_carries_japans_date(monkeypatch):
    late_evening_utc = datetime.datetime(2026, 3, 31, 15, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: late_evening_utc)

    assert dated_filename("topic", 7, "votes", extension="xlsx") == "topic-7-votes-20260401.xlsx"
