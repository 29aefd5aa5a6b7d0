"""Background work for discussions (run by django-tasks: immediately in dev and tests, by
`manage.py db_worker` in production): notification e-mails."""

from django_tasks import task


@task()
def notification_emails_send(*, notification_ids):
    """E-mail these notifications to members who want e-mail immediately (each at most once)."""
    from .services.notifications import notification_emails_send as send

    return send(notification_ids=notification_ids)


@task()
def notification_digest_send(*, recipient_id):
    """E-mail one member their daily digest of notifications not yet e-mailed."""
    from .services.notifications import notification_digest_send as send

    return send(recipient_id=recipient_id)
