"""The one access check of every staff results screen and export."""

from functools import wraps

from django.shortcuts import get_object_or_404

from core.access import permission_required_or_forbidden

from ..models import SurveyPage

RESULTS_PERMISSION = "surveys.view_results"


# Only staff holding the permission (Analysts, superusers) get through; other staff get 403.
results_permission_required = permission_required_or_forbidden(RESULTS_PERMISSION)


def results_view(view):
    """results_permission_required, and the view receives the SurveyPage instead of its id."""

    @results_permission_required
    @wraps(view)
    def wrapper(request, page_id, *args, **kwargs):
        survey = get_object_or_404(SurveyPage, pk=page_id)
        return view(request, survey, *args, **kwargs)

    return wrapper
