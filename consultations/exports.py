"""The outcome table as files anyone may download from the outcome page (outcome.csv,
outcome.xlsx): the rows of the PUBLISHED table (`page.table` of the live page, never a draft's),
with each group's follow-up, its dated notes and the opinions quoted (as staff masked them).

The page's routes (ConsultationPage) call these views once Wagtail has served the live page
to this reader: view restrictions and 404 for an unpublished page are Wagtail's, as for the
page itself.
"""

from django.http import FileResponse, HttpResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from core.downloads import attachment, dated_filename
from core.plain_text import plain_text_from_html
from core.spreadsheets import CSV_TYPE, XLSX_TYPE, csv_chunks, xlsx_file

from .rows import outcome_rows


def outcome_header(heading):
    """The column names, in the reader's language; `heading` is 「市の考え方」 as configured."""
    return [
        _("No."),
        _("Summary of the opinions"),
        pgettext("number of opinions in a group", "Count"),
        heading,
        pgettext("what was done about opinions", "Response"),
        _("Follow-up"),
        pgettext("follow-up notes", "Progress"),
        _("Opinions received (excerpts)"),
    ]


def outcome_file_rows(table):
    """One list of cells per row of the outcome `table`: numbers as numbers, the view as
    plain text (a line per paragraph), the notes 「2026年12月1日 検討中: …」 and the quotes
    each on their own lines."""
    return [
        [
            row["number"],
            row["summary"],
            row["count"],
            plain_text_from_html(row["view"]),
            row["disposition"],
            str(row["progress_label"]),
            "\n".join(
                f"{date_format(note['on'], 'DATE_FORMAT')} {note['progress_label']}: {note['note']}"
                for note in row["notes"]
            ),
            "\n\n".join(row["quotes"]),
        ]
        for row in outcome_rows(table)
    ]


def _filename(page, extension):
    return dated_filename("consultation", page.pk, "outcome", extension=extension)


@require_safe
def outcome_csv(request, page, *, heading):
    """The published table as CSV (UTF-8 with BOM, formula-safe cells); `heading` names the
    answers' column."""
    rows = outcome_file_rows(page.table)
    response = HttpResponse(
        "".join(csv_chunks(rows, header=outcome_header(heading))), content_type=CSV_TYPE
    )
    return attachment(response, _filename(page, "csv"))


@require_safe
def outcome_xlsx(request, page, *, heading):
    """The published table as one sheet (意見と回答) of a workbook."""
    rows = outcome_file_rows(page.table)
    file = xlsx_file([(_("Opinions and answers"), [outcome_header(heading), *rows])])
    response = FileResponse(file, content_type=XLSX_TYPE)
    return attachment(response, _filename(page, "xlsx"))
