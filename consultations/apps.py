from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    """Consultations' outcomes: the opinions of a topic or the text answers of a survey,
    grouped and answered by staff, and the published table 「意見の概要と市の考え方」."""

    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from wagtail.signals import page_published

        from core.page_links import page_links_register

        from . import tasks  # noqa: F401  (the tasks' labels for the staff screen)
        from .links import outcome_links
        from .models import ConsultationPage
        from .signals import outcome_published

        page_links_register(outcome_links)

        page_published.connect(
            outcome_published, sender=ConsultationPage, dispatch_uid="outcome_published"
        )
