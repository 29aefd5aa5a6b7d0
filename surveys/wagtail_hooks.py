"""Admin hooks for surveys: the results screens (集計結果) for Analysts, and a survey that
people have answered is never deleted with its page.

Responses point at their survey with on_delete=PROTECT, so deleting such a page would fail
deep inside Wagtail; the editor is told instead, and offered what to do (unpublish).
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.viewsets.base import ViewSet

from core.admin import PermissionMenuItem, page_buttons_register

from .models import Response, SurveyPage
from .panels import SurveyResultsPanel
from .views import exports, keyed, published, results
from .views.access import KEY_IN_PERMISSION, RESULTS_PERMISSION


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


# --- Results (集計結果) -------------------------------------------------------------------


class ResultsMenuItem(PermissionMenuItem):
    permission = RESULTS_PERMISSION


class SurveyResultsViewSet(ViewSet):
    """Survey results for Analysts (views in surveys.views.results and .exports, each behind
    surveys.views.access.results_view)."""

    icon = "table"
    menu_label = gettext_lazy("Survey results")
    menu_order = 250
    url_prefix = "survey-results"
    add_to_admin_menu = True
    menu_item_class = ResultsMenuItem

    @property
    def menu_url(self):
        return reverse("survey_results:index")

    def get_urlpatterns(self):
        return [
            path("", results.index, name="index"),
            path("<id:page_id>/", results.results, name="results"),
            path("<id:page_id>/print/", results.report, name="print"),
            path("<id:page_id>/responses/", results.responses, name="responses"),
            path("<id:page_id>/texts/<str:question_id>/", results.texts, name="texts"),
            path("<id:page_id>/publish/", published.publish, name="publish"),
            path("<id:page_id>/key-in/", keyed.key_in, name="key_in"),
            path(
                "<id:page_id>/export/responses.csv",
                exports.responses_csv,
                name="export_responses_csv",
            ),
            path(
                "<id:page_id>/export/responses.xlsx",
                exports.responses_xlsx,
                name="export_responses_xlsx",
            ),
            path("<id:page_id>/export/summary.csv", exports.summary_csv, name="export_summary_csv"),
        ]


@hooks.register("register_admin_viewset")
def register_results_viewset():
    return SurveyResultsViewSet("survey_results")


class SurveyResultsMenuItem(PageMenuItem):
    """「集計結果」 in a survey's header and listing menus, for staff who may read results."""

    label = gettext_lazy("Results")
    icon_name = "table"
    url_name = "survey_results:results"
    priority = 65

    def is_shown(self, user):
        return user.has_perm(RESULTS_PERMISSION)


class SurveyKeyInMenuItem(PageMenuItem):
    """「回答を入力」 in a survey's header and listing menus, for staff who key in responses
    given on paper or in person."""

    label = gettext_lazy("Key in responses")
    icon_name = "edit"
    url_name = "survey_results:key_in"
    priority = 66

    def is_shown(self, user):
        return user.has_perm(KEY_IN_PERMISSION)


def _is_survey(page):
    return page.specific_class is SurveyPage


page_buttons_register(SurveyResultsMenuItem, applies_to=_is_survey)
page_buttons_register(SurveyKeyInMenuItem, applies_to=_is_survey)


# --- Keying in responses given on paper or in person (回答の入力) ---------------------------


class KeyInMenuItem(PermissionMenuItem):
    permission = KEY_IN_PERMISSION


class SurveyKeyInViewSet(ViewSet):
    """The list of surveys to key in responses for, in the sidebar of staff who may (Responders
    see no page tree to find a survey's menu in); each survey's screen is survey_results:key_in,
    behind the same permission (surveys.views.access.key_in_view)."""

    icon = "edit"
    menu_label = gettext_lazy("Key in responses")
    menu_order = 251
    url_prefix = "survey-key-in"
    add_to_admin_menu = True
    menu_item_class = KeyInMenuItem

    @property
    def menu_url(self):
        return reverse("survey_key_in:index")

    def get_urlpatterns(self):
        return [path("", keyed.index, name="index")]


@hooks.register("register_admin_viewset")
def register_key_in_viewset():
    return SurveyKeyInViewSet("survey_key_in")


@hooks.register("construct_homepage_panels")
def survey_results_dashboard_panel(request, panels):
    """「受付中のアンケート」 on the dashboard, for staff who may read results."""
    if request.user.has_perm(RESULTS_PERMISSION):
        panels.append(SurveyResultsPanel())
