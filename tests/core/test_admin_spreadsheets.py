"""core.admin_spreadsheets: Wagtail's admin exports written by the site's own CSV writer."""

import csv
import datetime
import io
from types import SimpleNamespace

from django.test import RequestFactory
from django.views.generic import View

from core.admin_spreadsheets import SafeSpreadsheetExportMixin


class Export(SafeSpreadsheetExportMixin, View):
    list_export = ["name", "sent", "topics"]
    export_headings = {"name": "お名前", "sent": "送信日時", "topics": "関心"}
    export_filename = "お問い合わせ"


def _export():
    view = Export()
    view.setup(RequestFactory().get("/?export=csv"))
    return view


def test_the_csv_has_a_bom_japan_time_and_no_formula():
    rows = [
        SimpleNamespace(
            name="=1+1",
            sent=datetime.datetime(2026, 4, 1, 0, 30, tzinfo=datetime.UTC),
            topics=["防災", "子育て"],
        )
    ]

    response = _export().write_csv_response(rows)

    body = b"".join(response.streaming_content).decode()
    assert body.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(body[1:]))) == [
        ["お名前", "送信日時", "関心"],
        ["'=1+1", "2026-04-01 09:30:00", "防災, 子育て"],
    ]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "filename*=utf-8''%E3%81%8A" in response["Content-Disposition"]


def test_xlsx_text_loses_the_characters_a_workbook_cannot_hold():
    view = _export()

    assert view.preprocess_field_value("name", "=1+1\x01", view.FORMAT_XLSX) == "=1+1"
    assert view.preprocess_field_value("name", "=1+1\x01", view.FORMAT_CSV) == "=1+1\x01"
