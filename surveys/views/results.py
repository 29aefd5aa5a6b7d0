"""The analysts' screens in the Wagtail admin: the list of surveys, one survey's results with
filters and a breakdown, the printable report, the list of text answers, and the individual
responses of a survey that is not anonymous.

Every view is behind surveys.views.access.results_view (or, for the list, the same permission):
the only access check. Figures come from surveys.selectors (results, breakdowns, filters,
lists); this module only turns them into tables and charts.
"""

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.charts.bars import bar_chart, grouped_bar_chart, stacked_bar_chart
from core.charts.columns import column_chart
from core.pagination import paginate

from ..models import ResultsExport
from ..respondent_sets import TOOK_PART, took_part_dimension
from ..selectors.breakdowns import survey_breakdowns
from ..selectors.figures import CHOICE, DATE, MATRIX, NUMBER, RANKING, SCALE, TEXT
from ..selectors.filters import ResultsFilter, dimensions, options_of
from ..selectors.lists import response_answers, survey_list
from ..selectors.published import publication_form_context
from ..selectors.results import question_withheld, results_questions, survey_results
from ..selectors.texts import text_answers
from .access import results_permission_required, results_view

TEXTS_PER_PAGE = 30
RESPONSES_PER_PAGE = 30
EXPORTS_SHOWN = 10


@results_permission_required
@require_GET
def index(request):
    """Every survey with its number of responses, newest first."""
    surveys = paginate(survey_list(), request.GET.get("p"), per_page=50)
    context = {
        "page_title": _("Survey results"),
        "surveys": surveys,
        "elided_page_range": _page_range(surveys),
    }
    return TemplateResponse(request, "surveys/admin/results_index.html", context)


@results_view
@require_GET
def results(request, survey):
    """One survey's results for the respondents the filter keeps, broken down by `by`."""
    context = _results_context(request, survey)
    context["publication"] = publication_form_context(survey)
    context["exports"] = ResultsExport.objects.filter(survey=survey)[:EXPORTS_SHOWN]
    return TemplateResponse(request, "surveys/admin/results.html", context)


@results_view
@require_GET
def report(request, survey):
    """The same results as a document to print and hand out in a meeting."""
    return TemplateResponse(
        request, "surveys/admin/results_print.html", _results_context(request, survey)
    )


def _results_context(request, survey):
    questions = results_questions(survey)
    results_filter = ResultsFilter.from_params(request.GET, questions=questions)
    figures = survey_results(survey=survey, results_filter=results_filter)
    groupings = dimensions(questions)
    by = next((q for q in groupings if q.id == request.GET.get("by")), None)
    breakdowns = {}
    if by is not None:
        shown = [result.question for result in figures.questions if not result.withheld]
        breakdowns = survey_breakdowns(
            survey=survey, results_filter=results_filter, questions=shown, by=by
        )
    sections = [
        _section(result, breakdowns.get(result.question.id)) for result in figures.questions
    ]
    return {
        "page_title": _("Results: %(title)s") % {"title": survey.title},
        "survey": survey,
        "results": figures,
        "sections": sections,
        "results_filter": results_filter,
        "filter_description": results_filter.describe(questions=questions),
        "filter_questions": [
            _filter_choices(q, results_filter) for q in _filters(groupings, survey)
        ],
        "by": by,
        "query": results_filter.query_string(by=by.id if by else ""),
        "per_day_chart": column_chart(
            [(_short_day(option.label), option.count) for option in figures.per_day],
            title=_("Responses per day"),
            describedby="per-day-table",
        ),
    }


def _filters(groupings, survey):
    """What the results may be filtered by: the breakdowns' dimensions, then the sets of
    respondents known from elsewhere (surveys.respondent_sets), when there are any."""
    took_part = took_part_dimension(survey)
    return [*groupings, took_part] if took_part else groupings


def _filter_choices(question, results_filter):
    chosen = results_filter.chosen(question.id)
    offered = question.options if question.type == TOOK_PART else options_of(question)
    options = [(f"{question.id}:{key}", label, key in chosen) for key, label in offered]
    return question, options, len(chosen)


def _section(result, breakdown):
    """One question's part of the page: its figures, chart and breakdown (or None)."""
    table_id = f"table-{result.question.id}"
    if result.withheld:
        return {"result": result, "table_id": table_id, "chart": None, "breakdown": None}
    return {
        "result": result,
        "table_id": table_id,
        "chart": question_chart(result, describedby=table_id),
        "breakdown": breakdown,
        "breakdown_chart": breakdown and breakdown_chart(breakdown, describedby=f"{table_id}-by"),
    }


def _short_day(label):
    """2026-11-01 → 11-01 under a column (the table beside the chart has the year)."""
    return label[5:] if len(label) == 10 and label[4] == "-" else label


def _percent_text(option):
    if option.percent is None:
        return f"{option.count}"
    return f"{option.percent:g}%（{option.count}）"


def question_chart(result, *, describedby=""):
    """The chart drawn beside a question's data table (None when a table says it all)."""
    title = result.question.text
    if result.display == CHOICE:
        items = [(o.label, o.percent, _percent_text(o)) for o in result.options]
        return bar_chart(items, title=title, describedby=describedby)
    if result.display in (SCALE, NUMBER, DATE):
        items = [(_short_day(o.label), o.count) for o in result.options]
        return column_chart(items, title=title, describedby=describedby)
    if result.display == MATRIX:
        rows = [
            (row.label, None if row.hidden else [o.percent or 0 for o in row.options])
            for row in result.rows
        ]
        series = [label for _key, label in options_of(result.question)]
        return stacked_bar_chart(rows, series=series, title=title, describedby=describedby)
    if result.display == RANKING:
        items = [(item.label, item.first, None) for item in result.ranks]
        return bar_chart(items, title=_("Ranked first"), unit="", describedby=describedby)
    if result.display == TEXT and result.words:
        items = [(word, count, None) for word, count in result.words[:15]]
        return bar_chart(items, title=_("Frequent words"), unit="", describedby=describedby)
    return None


def breakdown_chart(breakdown, *, describedby=""):
    """Row percentages per group as grouped bars (hidden groups drawn as 「—」)."""
    if breakdown.measure != "choice":
        return None
    groups = [
        (row.label, None if row.hidden else [cell.percent or 0 for cell in row.cells])
        for row in breakdown.rows
        if row.respondents
    ]
    series = [label for _key, label in breakdown.columns]
    title = _("%(question)s by %(by)s") % {
        "question": breakdown.question.text,
        "by": breakdown.by.text,
    }
    return grouped_bar_chart(groups, series=series, title=title, describedby=describedby)


@results_view
@require_GET
def texts(request, survey, question_id):
    """Every text answer to one question (or its 「その他」 texts), 30 a page, searchable,
    among the respondents the filter keeps."""
    questions = results_questions(survey)
    question = next((q for q in questions if q.id == question_id), None)
    if question is None:
        raise Http404
    results_filter = ResultsFilter.from_params(request.GET, questions=questions)
    responses = results_filter.responses(survey)
    withheld = question_withheld(survey=survey, results_filter=results_filter, question=question)
    search = request.GET.get("q", "").strip()[:100]
    context = {
        "page_title": question.text,
        "survey": survey,
        "question": question,
        "withheld": withheld,
        "search": search,
        "results_filter": results_filter,
        "filter_description": results_filter.describe(questions=questions),
        "query": results_filter.query_string(),
    }
    if not withheld:
        answers = text_answers(
            survey=survey, question_id=question.id, responses=responses, search=search
        )
        page = paginate(
            answers.select_related("response"), request.GET.get("p"), per_page=TEXTS_PER_PAGE
        )
        context["answers"] = page
        context["elided_page_range"] = _page_range(page)
    return TemplateResponse(request, "surveys/admin/results_texts.html", context)


@results_view
@require_GET
def responses(request, survey):
    """The individual responses of a survey that is not anonymous, newest first, 30 a page,
    with the member who gave each; an anonymous survey never shows them."""
    questions = results_questions(survey)
    results_filter = ResultsFilter.from_params(request.GET, questions=questions)
    context = {
        "page_title": _("Responses: %(title)s") % {"title": survey.title},
        "survey": survey,
        "results_filter": results_filter,
        "filter_description": results_filter.describe(questions=questions),
        "query": results_filter.query_string(),
    }
    if not survey.anonymous:
        page = paginate(
            results_filter.responses(survey).select_related("member"),
            request.GET.get("p"),
            per_page=RESPONSES_PER_PAGE,
        )
        answers = response_answers(page.object_list, questions=questions)
        context["responses"] = page
        context["rows"] = [(response, answers.get(response.pk, [])) for response in page]
        context["elided_page_range"] = _page_range(page)
    return TemplateResponse(request, "surveys/admin/results_responses.html", context)


def _page_range(page):
    return page.paginator.get_elided_page_range(page.number)
