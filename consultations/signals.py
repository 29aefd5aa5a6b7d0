"""When an outcome page is published, the members whose opinions it answers are told (after the
publication commits, in a background task)."""

from django.db import transaction

from .tasks import outcome_published_notify


def outcome_published(sender, instance, **kwargs):
    transaction.on_commit(lambda: outcome_published_notify.enqueue(page_id=instance.pk))
