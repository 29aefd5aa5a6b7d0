from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    """Questionnaires: the survey builder, the respondent's path and staff results."""

    name = "surveys"
    verbose_name = _("Surveys")

    def ready(self):
        from django.db.models.signals import pre_delete

        from community.selectors.member_export import member_export_section_register
        from core.site_sections import SiteSection, site_section_register

        from . import tasks  # noqa: F401  (the tasks' labels for the staff screen)
        from .selectors.member_export import (
            member_survey_drafts_export,
            member_survey_responses_export,
        )
        from .tallies.store import response_tallies_remove

        site_section_register(
            SiteSection("survey_index", "surveys.SurveyIndexPage", _("Surveys"), order=40)
        )
        # A member's data download includes what they answered (community cannot import us).
        member_export_section_register("survey_responses", member_survey_responses_export)
        member_export_section_register("survey_drafts", member_survey_drafts_export)
        # However a real response is deleted, its counts leave the results' tallies with it.
        pre_delete.connect(
            response_tallies_remove, sender="surveys.Response", dispatch_uid="tallies_remove"
        )
