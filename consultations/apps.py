from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    """Consultations' outcomes: the opinions of a topic or the text answers of a survey,
    grouped and answered by staff, and the published table 「意見の概要と市の考え方」."""

    name = "consultations"
    verbose_name = _("Consultations")
