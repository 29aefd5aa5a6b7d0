"""`{% survey_form survey return_to=page.url %}`: a survey's current step (or why it cannot be
answered) inline in any page, e.g. an article's 「アンケート」 block."""

from django import template

from surveys.views.respondent import SurveyPlace, survey_form_context

register = template.Library()


@register.inclusion_tag("surveys/includes/survey_form.html", takes_context=True)
def survey_form(context, survey, return_to="", heading_id="survey-form-heading"):
    """Renders surveys/includes/survey_form.html for `survey` (a SurveyPage, specific) with the
    current request's draft; after answering, the thank-you page links to `return_to`."""
    request = context["request"]
    values = survey_form_context(request, SurveyPlace(survey.specific), return_to=return_to)
    values.update(request=request, heading_id=heading_id, csrf_token=context.get("csrf_token"))
    return values
