"""The やさしい日本語 checker for the editor (readable.panels.EasyJapaneseCheckPanel): a POST of
the fields' current values, answered with the warnings as JSON and, for each field, the list the
panel shows. Staff who may edit pages only; CSRF-checked like every POST."""

from django import forms
from django.http import JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail.permission_policies.pages import PagePermissionPolicy

from core.access import user_passes_or_forbidden

from .checker import DEFAULT_GRADE
from .panels import field_reports

TEXT_PREFIX = "text-"
RESULTS_TEMPLATE = "readable/admin/easy_japanese_check_results.html"


class CheckForm(forms.Form):
    """What the panel sends besides the texts (text-<field name>, once per value)."""

    grade = forms.IntegerField(min_value=0, max_value=6, required=False)


def _edits_pages(user):
    return PagePermissionPolicy().user_has_any_permission(user, ["add", "change", "publish"])


@require_POST
@user_passes_or_forbidden(_edits_pages)
def easy_japanese_check_view(request):
    """{"fields": [{name, warnings: [SentenceWarning as a dict], html}], "summary"}."""
    form = CheckForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": _("The check could not be run.")}, status=400)
    grade = form.cleaned_data["grade"]
    values = {
        key.removeprefix(TEXT_PREFIX): request.POST.getlist(key)
        for key in request.POST
        if key.startswith(TEXT_PREFIX)
    }
    reports = field_reports(values, grade=DEFAULT_GRADE if grade is None else grade)
    for report in reports:
        sentences = report.pop("sentences")
        report["html"] = render_to_string(RESULTS_TEMPLATE, {"sentences": sentences}, request)
    count = sum(len(report["warnings"]) for report in reports)
    summary = ngettext("Checked: %(count)d warning.", "Checked: %(count)d warnings.", count) % {
        "count": count
    }
    return JsonResponse({"fields": reports, "summary": summary})
