"""When a topic's opinion groups are computed again: the debounce of votes.

A vote (services.topics.opinion_vote, once its transaction commits) enqueues the computation
only when the topic has no run yet, or when at least max(RECOMPUTE_MIN_VOTES, RECOMPUTE_SHARE ×
the latest run's vote_count) votes arrived after the newest vote that run read (new votes, by
id: a changed vote is taken up by the next computation but does not count towards it). At most
one computation of a topic waits at a time: a marker in the shared cache (Redis in production),
added atomically before enqueueing, removed by the task once it has stored its run, or expiring
after PENDING_SECONDS when its worker was lost.

No numpy here: web processes only enqueue, the worker computes (runs.py).
"""

from django.conf import settings
from django.core.cache import cache

from ... import tasks
from ...models import OpinionGroupRun, OpinionVote

RECOMPUTE_MIN_VOTES = 20
RECOMPUTE_SHARE = 0.05
PENDING_SECONDS = settings.TASK_STALE_AFTER


def latest_runs(topic_id):
    """The topic's runs, latest first (a queryset: `.first()` is the one the report reads)."""
    return OpinionGroupRun.objects.filter(topic_id=topic_id).order_by("-computed_at", "-pk")


def opinion_groups_vote_recorded(*, topic_id):
    """After a vote on `topic_id` committed: enqueue the computation of its groups if enough
    new votes arrived and none waits already. Returns whether it was enqueued."""
    if not _recompute_due(topic_id):
        return False
    if not cache.add(pending_key(topic_id), True, PENDING_SECONDS):
        return False
    tasks.opinion_groups_compute.enqueue(topic_id=topic_id)
    return True


def _recompute_due(topic_id):
    run = latest_runs(topic_id).values("vote_count", "summary__last_vote_id").first()
    if run is None:
        return True
    needed = max(RECOMPUTE_MIN_VOTES, int(RECOMPUTE_SHARE * run["vote_count"]))
    new_votes = OpinionVote.objects.filter(
        opinion__page_id=topic_id, pk__gt=run["summary__last_vote_id"] or 0
    ).values("pk")[:needed]
    return new_votes.count() >= needed


def pending_key(topic_id):
    return f"opinion-groups:pending:{topic_id}"
