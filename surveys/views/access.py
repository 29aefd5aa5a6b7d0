"""The one access check of every staff results screen and export."""

from functools import wraps

from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404

from ..models import SurveyPage

RESULTS_PERMISSION = "surveys.view_results"


def results_view(view):
    """Only staff holding `surveys.view_results` (Analysts, superusers) get through — 403 for
    everyone else who reaches the admin; Wagtail sends people without admin access to its
    login first. The view receives the SurveyPage instead of its id."""

    @permission_required(RESULTS_PERMISSION, raise_exception=True)
    @wraps(view)
    def wrapper(request, page_id, *args, **kwargs):
        survey = get_object_or_404(SurveyPage, pk=page_id)
        return view(request, survey, *args, **kwargs)

    return wrapper
