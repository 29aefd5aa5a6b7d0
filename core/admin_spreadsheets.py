"""Wagtail's admin spreadsheet exports (its SpreadsheetExportMixin: form submissions, listings
with `list_export`) written like every other download of the site: CSV through
core.spreadsheets (a BOM for Excel, formula-safe cells, Japan time), XLSX with text cells and
without the characters a workbook cannot hold."""

import datetime

from django.http import StreamingHttpResponse
from django.utils import timezone
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from .downloads import attachment
from .spreadsheets import CSV_TYPE, csv_chunks


class SafeSpreadsheetExportMixin(SpreadsheetExportMixin):
    """Put before the Wagtail view class (`class V(SafeSpreadsheetExportMixin, WagtailView)`).
    Text typed by visitors never runs as a formula in either format."""

    custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        datetime.datetime: {
            **SpreadsheetExportMixin.custom_value_preprocess[datetime.datetime],
            SpreadsheetExportMixin.FORMAT_CSV: timezone.localtime,
        },
    }

    def write_csv_response(self, queryset):
        header = [self.get_heading(queryset, field) for field in self.list_export]
        rows = (self._csv_row(self.to_row_dict(item)) for item in queryset)
        response = StreamingHttpResponse(csv_chunks(rows, header=header), content_type=CSV_TYPE)
        return attachment(response, f"{self.get_filename()}.csv")

    def _csv_row(self, row_dict):
        return [
            self.preprocess_field_value(field, value, self.FORMAT_CSV)
            for field, value in row_dict.items()
        ]

    def preprocess_field_value(self, field, value, export_format):
        # Wagtail already stores XLSX text that looks like a formula as text; a control
        # character typed into a form would make openpyxl refuse the whole file.
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_XLSX and isinstance(value, str):
            return ILLEGAL_CHARACTERS_RE.sub("", value)
        return value
