"""The one access check of every staff results screen and export."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.views.defaults import permission_denied

from ..models import SurveyPage

RESULTS_PERMISSION = "surveys.view_results"


def results_permission_required(view):
    """Only staff holding `surveys.view_results` (Analysts, superusers) get through; other
    staff get a 403 page (Wagtail would turn a raised PermissionDenied into a redirect to the
    dashboard). Wagtail sends people without admin access to sign in before this runs."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm(RESULTS_PERMISSION):
            return permission_denied(request, PermissionDenied())
        return view(request, *args, **kwargs)

    return wrapper


def results_view(view):
    """results_permission_required, and the view receives the SurveyPage instead of its id."""

    @results_permission_required
    @wraps(view)
    def wrapper(request, page_id, *args, **kwargs):
        survey = get_object_or_404(SurveyPage, pk=page_id)
        return view(request, survey, *args, **kwargs)

    return wrapper
