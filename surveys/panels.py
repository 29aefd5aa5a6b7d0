"""The admin dashboard panel 「受付中のアンケート」: the surveys open now, how many people have
answered each, and a sparkline of the last 14 days, linked to their results. Shown to staff
who may read results (the `construct_homepage_panels` hook in surveys.wagtail_hooks)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component

from core.charts.columns import Sparkline, sparkline

from .selectors.dashboard import DAYS, DashboardSurvey, dashboard_surveys


@dataclass(frozen=True)
class PanelRow:
    """A table row: the survey's figures, the link to its results and its sparkline."""

    open_survey: DashboardSurvey
    results_url: str
    chart: Sparkline


class SurveyResultsPanel(Component):
    name = "survey_results"
    template_name = "surveys/admin/dashboard_panel.html"
    order = 400  # after Wagtail's own panels (up to 300)

    def get_context_data(self, parent_context):
        """`rows` (PanelRows) and `days`, for the template."""
        context = super().get_context_data(parent_context)
        title = _("Responses per day, last %(days)d days") % {"days": DAYS}
        context["rows"] = [
            PanelRow(
                open_survey=open_survey,
                results_url=reverse("survey_results:results", args=[open_survey.survey.pk]),
                chart=sparkline(open_survey.daily, title=title),
            )
            for open_survey in dashboard_surveys()
        ]
        context["days"] = DAYS
        return context
