"""The one access check of every staff results screen and export, and of the screen where
staff key in responses given on paper or in person."""

from functools import wraps

from django.shortcuts import get_object_or_404

from core.access import permission_required_or_forbidden

from ..models import SurveyPage

RESULTS_PERMISSION = "surveys.view_results"
KEY_IN_PERMISSION = "surveys.key_in_responses"


# Only staff holding the permission (Analysts, superusers) get through; other staff get 403.
results_permission_required = permission_required_or_forbidden(RESULTS_PERMISSION)
# Analysts, Responders and superusers key in responses; other staff get 403.
key_in_permission_required = permission_required_or_forbidden(KEY_IN_PERMISSION)


def _survey_view(permission_required):
    def decorator(view):
        @permission_required
        @wraps(view)
        def wrapper(request, page_id, *args, **kwargs):
            survey = get_object_or_404(SurveyPage, pk=page_id)
            return view(request, survey, *args, **kwargs)

        return wrapper

    return decorator


# results_permission_required, and the view receives the SurveyPage instead of its id.
results_view = _survey_view(results_permission_required)
# key_in_permission_required, and the view receives the SurveyPage instead of its id.
key_in_view = _survey_view(key_in_permission_required)
