from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    """Questionnaires: the survey builder, the respondent's path and staff results."""

    name = "surveys"
    verbose_name = _("Surveys")

    def ready(self):
        from . import tasks  # noqa: F401  (the tasks' labels for the staff screen)
