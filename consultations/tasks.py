"""Background work for consultations (django-tasks): telling members that an official answer to
their opinion is published. The page's publication only enqueues it, after it commits."""

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from core.background import task_labels_register


@task()
def outcome_published_notify(*, page_id):
    """Tell the members whose opinions a published outcome page answers where their row is."""
    from .models import ConsultationPage
    from .services import outcome_published_notify as notify

    consultation = ConsultationPage.objects.live().filter(pk=page_id).first()
    return len(notify(consultation=consultation)) if consultation else 0


task_labels_register(
    {
        "consultations.tasks.outcome_published_notify": _(
            "Tell members that their opinions were answered"
        ),
    }
)
