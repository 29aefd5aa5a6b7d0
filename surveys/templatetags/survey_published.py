"""`{% load survey_published %}{% published_results_link survey %}`: the thank-you page's link
to the results the survey publishes, when this visitor may see them now."""

from django import template

from ..selectors import published as selectors
from ..views.published import visitor_answered

register = template.Library()


@register.inclusion_tag("surveys/published/results_link.html", takes_context=True)
def published_results_link(context, survey):
    """A 「集計結果を見る」 link, or nothing (staff testing from the preview get nothing: their
    answers are not counted)."""
    request = context["request"]
    shown = not context.get("is_test") and (
        selectors.published_access(survey=survey, answered=visitor_answered(request, survey))
        == selectors.SHOWN
    )
    return {"url": selectors.published_url(survey) if shown else ""}
