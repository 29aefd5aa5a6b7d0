from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    """Questionnaires: the survey builder, the respondent's path and staff results.

    Models arrive with the questionnaires capability (issue 5); the app is registered now so
    that staff roles and URLs have a stable home.
    """

    name = "surveys"
    verbose_name = _("Surveys")
