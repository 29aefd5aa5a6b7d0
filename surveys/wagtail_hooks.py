"""Admin hooks for surveys: a survey that people have answered is never deleted with its page.

Responses point at their survey with on_delete=PROTECT, so deleting such a page would fail
deep inside Wagtail; the editor is told instead, and offered what to do (unpublish).
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks

from .models import Response, SurveyPage


@hooks.register("before_delete_page")
def survey_with_responses_kept(request, page):
    """Refuse to delete a page that is, or contains, a survey with real responses; a survey
    with only staff test answers loses them with it."""
    surveys = SurveyPage.objects.descendant_of(page, inclusive=True)
    if Response.objects.real().filter(survey__in=surveys).exists():
        messages.error(
            request,
            _(
                "“%(title)s” cannot be deleted: people have answered a survey in it, and their "
                "responses are kept. Unpublish it instead."
            )
            % {"title": page.get_admin_display_title()},
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    if request.method == "POST":
        Response.objects.filter(survey__in=surveys, is_test=True).delete()
    return None
