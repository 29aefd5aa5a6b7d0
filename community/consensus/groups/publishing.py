"""Staff publish a topic's opinion groups to participants once the topic is closed, and take
them back: the topic page shows the latest published run (docs/decisions/0024-opinion-groups.md,
"What people see"). Who may is checked by the staff view (views.consensus.consensus_view)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.page_cache import page_cache_purge_on_commit

from ...models import OpinionGroupRun
from .report import latest_run


def groups_publish(*, topic):
    """Publish the latest run of the closed `topic` (and no earlier one). Returns the run;
    ValidationError while the topic is open or before any run."""
    if not topic.is_closed:
        raise ValidationError(
            _("Opinion groups can be published once the opinion exchange is closed."),
            code="open",
        )
    run = latest_run(topic=topic)
    if run is None:
        raise ValidationError(_("The opinion groups have not been computed yet."), code="none")
    with transaction.atomic():
        _published(topic).exclude(pk=run.pk).update(published_at=None)
        run.published_at = timezone.now()
        run.save(update_fields=["published_at"])
        page_cache_purge_on_commit(page_id=topic.pk)
    return run


def groups_unpublish(*, topic):
    """Take the topic's opinion groups off its page."""
    with transaction.atomic():
        _published(topic).update(published_at=None)
        page_cache_purge_on_commit(page_id=topic.pk)


def _published(topic):
    return OpinionGroupRun.objects.filter(topic_id=topic.pk, published_at__isnull=False)
