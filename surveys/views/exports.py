"""Exports an analyst downloads from a survey's results screen (surveys.exports), for the
respondents the query string's filter keeps. Each download is logged before it starts, and
none is kept by a cache on the way (they hold respondents' answers)."""

from itertools import chain

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.downloads import attachment, dated_filename
from core.spreadsheets import CSV_TYPE, XLSX_TYPE, csv_chunks, xlsx_file

from ..exports import responses_table, summary_rows
from ..models import ExportKind
from ..selectors.filters import ResultsFilter
from ..selectors.results import results_questions
from ..services import results_export_log
from .access import results_view


@never_cache
@require_GET
@results_view
def responses_csv(request, survey):
    """Every kept response, one row each, streamed as CSV."""
    results_filter = _logged_filter(request, survey, ExportKind.RESPONSES_CSV)
    table = responses_table(survey=survey, results_filter=results_filter)
    response = StreamingHttpResponse(csv_chunks(table.rows(), header=table.headers), CSV_TYPE)
    return attachment(response, dated_filename("survey", survey.pk, "responses", extension="csv"))


@never_cache
@require_GET
@results_view
def responses_xlsx(request, survey):
    """The responses (sheet 回答) and the summary (sheet 集計) as one workbook."""
    results_filter = _logged_filter(request, survey, ExportKind.RESPONSES_XLSX)
    table = responses_table(survey=survey, results_filter=results_filter)
    summary = summary_rows(
        survey=survey, results_filter=results_filter, by_id=request.GET.get("by")
    )
    file = xlsx_file(
        [
            (_("Responses"), chain([table.headers], table.rows())),
            (pgettext("spreadsheet sheet", "Summary"), summary),
        ]
    )
    response = FileResponse(file, content_type=XLSX_TYPE)
    filename = dated_filename("survey", survey.pk, "responses", extension="xlsx")
    return attachment(response, filename)


@never_cache
@require_GET
@results_view
def summary_csv(request, survey):
    """The figures of the results screen as CSV, with the breakdowns by `by` when given."""
    results_filter = _logged_filter(request, survey, ExportKind.SUMMARY_CSV)
    rows = summary_rows(survey=survey, results_filter=results_filter, by_id=request.GET.get("by"))
    response = HttpResponse("".join(csv_chunks(rows)), content_type=CSV_TYPE)
    return attachment(response, dated_filename("survey", survey.pk, "summary", extension="csv"))


def _logged_filter(request, survey, kind):
    questions = results_questions(survey)
    results_filter = ResultsFilter.from_params(request.GET, questions=questions)
    results_export_log(survey=survey, user=request.user, kind=kind, results_filter=results_filter)
    return results_filter
