"""Background work for events (django-tasks): the e-mails and notifications of registrations,
enqueued after the transaction that caused them."""

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from core.background import task_labels_register


@task()
def registration_notice_send(*, registration_id, notice, invitation_id=None):
    """E-mail one notice about one registration (events.notices.Notice); a follow-up names
    the invitation whose page it leads to."""
    from .notices import notice_send

    notice_send(registration_id=registration_id, notice=notice, invitation_id=invitation_id)


@task()
def event_change_notices_send(*, event_id):
    """Tell the registrants of a published event that is postponed, cancelled, back on a date
    or at new times (events.notices.event_change_tell)."""
    from .notices import event_change_tell

    event_change_tell(event_id=event_id)


task_labels_register(
    {
        "events.tasks.registration_notice_send": _("Tell a person about their event registration"),
        "events.tasks.event_change_notices_send": _(
            "Tell the registrants of an event that it is postponed, cancelled or on a new date"
        ),
    }
)
