"""Results a survey publishes to its respondents (issue 6).

Analysts choose the questions on the staff results screen (`publish`, behind the one
results permission check); respondents read those questions' aggregates at
`<survey url>results/` (`published_results`, SurveyPage's `results` route), when the survey's
`results_visibility` lets them. Who may see what is decided in surveys.selectors.published.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.charts.bars import bar_chart, stacked_bar_chart

from .. import services
from ..selectors import published as selectors
from ..selectors.figures import MATRIX, RANKING
from .access import results_view
from .respondent import SurveyPlace, browser_token


@results_view
@require_POST
def publish(request, survey):
    """Save the questions checked in the results screen's form (checkboxes named
    `question`) as those respondents may see, then go back to the results."""
    try:
        services.results_publication_set(
            survey=survey, question_ids=request.POST.getlist("question"), user=request.user
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Saved the questions shown to respondents."))
    return redirect("survey_results:results", survey.pk)


def visitor_answered(request, survey):
    """Whether the visitor has answered `survey`: as a member, by the browser's signed
    cookie, or in this browser's session (the thank-you page's own sign)."""
    if request.session.get(SurveyPlace(survey).session_key("sent")):
        return True
    return selectors.has_answered(
        survey=survey, member=request.user, browser_token=browser_token(request)
    )


def published_results(request, survey):
    """`<survey url>results/`: the published questions' aggregates, or why they are not shown
    yet (answer first; after the survey closes). 404 when the survey publishes nothing."""
    answered = visitor_answered(request, survey)
    access = selectors.published_access(survey=survey, answered=answered)
    if access is None:
        raise Http404
    context = {
        "page": survey,
        "survey": survey,
        "access": access,
        "answer_url": survey.url if survey.is_open() and not answered else "",
    }
    if access == selectors.SHOWN:
        results = selectors.published_results(survey=survey)
        context.update(results=results, sections=[_section(q) for q in results.questions])
    return TemplateResponse(request, "surveys/published_results.html", context)


@dataclass(frozen=True)
class Section:
    """One published question on the page: its figures, the chart (None: nothing to draw)
    and the id of the data table the chart is described by."""

    question: selectors.PublishedQuestion
    table_id: str
    chart: object


def _section(question):
    """The question's Section; no chart (nor table) when it has only a mean to show."""
    table_id = f"published-{question.id}-table"
    drawn = question.figures or question.rows or question.ranks
    return Section(
        question=question, table_id=table_id, chart=_chart(question, table_id) if drawn else None
    )


def _chart(question, table_id):
    if question.display == MATRIX:
        rows = [(row.label, [f.percent or 0 for f in row.figures]) for row in question.rows]
        return stacked_bar_chart(
            rows, series=question.scale, title=question.text, describedby=table_id
        )
    if question.display == RANKING:
        items = [(rank.label, rank.first, None) for rank in question.ranks]
        title = _("%(question)s: ranked first") % {"question": question.text}
        return bar_chart(items, title=title, unit="", describedby=table_id)
    items = [(figure.label, figure.percent, None) for figure in question.figures]
    return bar_chart(items, title=question.text, describedby=table_id)
