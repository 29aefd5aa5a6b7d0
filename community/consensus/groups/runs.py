"""Computing a topic's opinion groups and storing them as a run (the background task's work;
schedule.py decides when).

A run and its positions are written in one transaction (bulk_create), so the report never
reads half a run; the report reads the latest run of a topic and never computes. The run's
summary also keeps `last_vote_id`, the newest vote it read, for the debounce.
"""

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from ...models import OpinionGroupPosition, OpinionGroupRun, TopicPage
from .compute import SEED, Previous, groups_compute
from .matrix import topic_matrix
from .schedule import latest_runs, pending_key

BATCH = 2000


def opinion_groups_compute(*, topic_id):
    """Compute `topic_id`'s opinion groups from its votes now and store them as a new run.
    Returns the run (None when the topic is gone)."""
    try:
        topic = TopicPage.objects.filter(pk=topic_id).first()
        if topic is None:
            return None
        previous = latest_runs(topic_id).first()
        matrix = topic_matrix(topic)
        result = groups_compute(matrix, seed=SEED, previous=_previous(previous))
        with transaction.atomic():
            run = OpinionGroupRun.objects.create(
                topic=topic,
                computed_at=timezone.now(),
                vote_count=matrix.vote_count,
                participant_count=int(matrix.placed.sum()),
                opinion_count=len(matrix.opinion_ids),
                group_count=result.group_count,
                silhouette=result.silhouette,
                seed=SEED,
                summary={**result.summary, "last_vote_id": matrix.last_vote_id},
            )
            OpinionGroupPosition.objects.bulk_create(
                (
                    OpinionGroupPosition(
                        run=run,
                        member_id=int(member_id),
                        group_index=int(group) if group >= 0 else None,
                        x=float(x),
                        y=float(y),
                    )
                    for member_id, group, (x, y) in zip(
                        matrix.member_ids, result.groups, result.points, strict=True
                    )
                ),
                batch_size=BATCH,
            )
        return run
    finally:
        cache.delete(pending_key(topic_id))


def _previous(run):
    if run is None:
        return None
    positions = run.positions.values_list("member_id", "x", "y", "group_index")
    return Previous(
        group_count=run.group_count,
        positions={member: (x, y, group) for member, x, y, group in positions},
    )
