"""The screen where staff key in survey responses given on paper, at a counter, by post or
e-mail, or at an event: every question on one page, one sheet after another.

Behind surveys.views.access.key_in_view (the only access check). The answers are checked by
the respondent's own fields (surveys.forms.KeyInForm) and stored by
surveys.services.response_key_in, so a keyed response counts exactly like one from the site.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.pagination import paginate

from .. import services
from ..forms import KeyInForm
from ..models import Channel
from ..selectors.lists import survey_list
from .access import RESULTS_PERMISSION, key_in_permission_required, key_in_view

# An error the service finds belongs beside this field (None: above the form).
ERROR_FIELDS = {"sheet_entered": "reference", "reference": "reference", "channel": "channel"}


@key_in_permission_required
@require_http_methods(["GET"])
def index(request):
    """Every survey, newest first, each with a link to key in its responses."""
    surveys = paginate(survey_list(), request.GET.get("p"), per_page=50)
    context = {
        "page_title": _("Key in responses"),
        "surveys": surveys,
        "elided_page_range": surveys.paginator.get_elided_page_range(surveys.number),
    }
    return TemplateResponse(request, "surveys/admin/key_in_index.html", context)


def _session_key(survey, what):
    return f"surveys:key-in:{survey.pk}:{what}"


@key_in_view
@require_http_methods(["GET", "POST"])
def key_in(request, survey):
    """One sheet's form; once stored, the same empty form for the next sheet (the channel
    chosen stays), with how many sheets this session has keyed in for the survey."""
    channel = request.session.get(_session_key(survey, "channel"), Channel.PAPER)
    data = request.POST if request.method == "POST" else None  # a blank sheet is still sent
    form = KeyInForm(data, survey=survey, initial={"channel": channel})
    if request.method == "POST" and form.is_valid():
        try:
            response = services.response_key_in(
                survey=survey,
                answers=form.answers,
                channel=form.cleaned_data["channel"],
                reference=form.cleaned_data["reference"],
                staff=request.user,
            )
        except ValidationError as error:
            form.add_error(ERROR_FIELDS.get(error.code), error)
        else:
            _entered(request, survey, response)
            return redirect(request.path)
    if form.errors:
        form.focus_first_error()
    context = {
        "page_title": _("Key in responses: %(title)s") % {"title": survey.title},
        "survey": survey,
        "form": form,
        "entered": request.session.get(_session_key(survey, "count"), 0),
        "may_read_results": request.user.has_perm(RESULTS_PERMISSION),
    }
    return TemplateResponse(request, "surveys/admin/key_in.html", context)


def _entered(request, survey, response):
    count = request.session.get(_session_key(survey, "count"), 0) + 1
    request.session[_session_key(survey, "count")] = count
    request.session[_session_key(survey, "channel")] = response.channel
    if response.reference:
        message = _(
            "1 sheet entered (sheet number %(reference)s). Sheets entered on this screen: %(count)s"
        ) % {"reference": response.reference, "count": count}
    else:
        message = _("1 sheet entered. Sheets entered on this screen: %(count)s") % {"count": count}
    messages.success(request, message)
