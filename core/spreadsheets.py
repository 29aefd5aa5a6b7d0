"""Spreadsheet files people download: CSV that Excel in Japan opens (UTF-8 with a BOM) and
XLSX, from rows of Python values (text, numbers, dates, None). Text someone typed is never run
as a formula: CSV cells go through `spreadsheet_safe`, XLSX text is written as text cells."""

import csv
import datetime
import io
import tempfile
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ROWS_PER_CHUNK = 2000


def spreadsheet_safe(value):
    """`value` as a CSV cell should hold it: text starting with =, +, -, @, TAB or CR gets a
    leading ' so that no spreadsheet opening the file runs it as a formula; numbers, dates and
    other text come back unchanged. (XLSX marks text cells as text instead: _xlsx_cell.)"""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_chunks(rows, *, header=None, rows_per_chunk=ROWS_PER_CHUNK):
    """The CSV text of `header` and `rows` in pieces for a streaming response, the BOM first
    so that Excel reads UTF-8."""
    yield BOM
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if header is not None:
        writer.writerow(_csv_row(header))
    for count, row in enumerate(rows, start=1):
        writer.writerow(_csv_row(row))
        if count % rows_per_chunk == 0:
            yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer):
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _csv_row(row):
    return [_csv_value(spreadsheet_safe(value)) for value in row]


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def xlsx_file(sheets):
    """An open temporary file holding a workbook with one sheet per (title, rows); it is
    removed when closed."""
    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    file = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (the response closes it)
    workbook.save(file)
    file.seek(0)
    return file


def _xlsx_cell(sheet, value):
    """Text as a text cell, without the control characters a workbook cannot hold: typed as
    text, 「=1+1」 is shown as written and never run (no quote needed, unlike CSV)."""
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"
    return cell
