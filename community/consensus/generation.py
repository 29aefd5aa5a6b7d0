"""Which figures a cached consensus report belongs to: the generation tokens of a topic and of
the site (ConsensusGeneration), and the writes that replace them.

A report is cached under the tokens read *before* its figures (report.consensus_report). Every
write that can change a report replaces a token in its own transaction, so once it commits no
reader finds the old tokens again, and a report computed from older figures is never served:
- a topic's token: a vote cast or changed (services.topics.opinion_vote), an opinion or reply
  written, edited, moderated or deleted (the Comment receivers in community.signals, and the
  UPDATE that hides a reported comment), votes written in bulk (demo);
- the site's token: a member's profile or name changed, a member deleted (their votes stay,
  unlinked: they are no longer counted among distinct voters), a region renamed or deleted
  (community.signals).
The first read of a key creates its row with a random token, so that no two databases (a test
database made again, a copy) ever file reports under the same key; writers upsert, so that
writers and readers racing for a new row all succeed.

figures_cached() keeps figures in the shared cache (Redis in production) and, unpickled, in
the process for as long as they are among the last few read: unpickling a report of 500
opinions by region takes longer than the rest of the request.
See docs/decisions/0015-consensus-counts.md.
"""

import threading
import uuid
from collections import OrderedDict

from django.core.cache import cache

from ..models import ConsensusGeneration

SITE = "site"
CACHE_SECONDS = 24 * 60 * 60  # reports of topics no longer written to are not kept for ever
PROCESS_KEPT = 8  # figures kept unpickled in each process, the most recently read

_kept = OrderedDict()
_kept_lock = threading.Lock()


def topic_key(topic_id):
    return f"topic:{topic_id}"


def consensus_generation(*, topic_id):
    """(topic token, site token) as text: what a cached report of `topic_id` is filed under
    (one query; three the first time, which creates them)."""
    keys = [topic_key(topic_id), SITE]
    tokens = _tokens(keys)
    if len(tokens) < len(keys):
        missing = [ConsensusGeneration(key=key) for key in keys if key not in tokens]
        ConsensusGeneration.objects.bulk_create(missing, ignore_conflicts=True)
        tokens = _tokens(keys)
    return tuple(str(tokens[key]) for key in keys)


def _tokens(keys):
    return dict(ConsensusGeneration.objects.filter(key__in=keys).values_list("key", "token"))


def report_key(*, topic_id, parts):
    """The cache key of `topic_id`'s figures that depend on `parts` as well (dimension, …):
    the topic's and the site's tokens are read here, before the figures (one query)."""
    tokens = consensus_generation(topic_id=topic_id)
    return ":".join(["consensus", str(topic_id), *map(str, parts), *tokens])


def figures_cached(*, key, compute):
    """What `compute()` returns, cached under `key` (report_key): computed again only after a
    write that changes it. What callers get is shared within the process: they must not change
    it (report._classified only adds what it works out from it)."""
    with _kept_lock:
        figures = _kept.get(key)
        if figures is not None:
            _kept.move_to_end(key)
            return figures
    figures = cache.get(key)
    if figures is None:
        figures = compute()
        cache.set(key, figures, CACHE_SECONDS)
    with _kept_lock:
        _kept[key] = figures
        while len(_kept) > PROCESS_KEPT:
            _kept.popitem(last=False)
    return figures


def consensus_changed(*, topic_ids=(), site=False):
    """Replace the tokens of the topics (page ids) in `topic_ids`, and the site's with
    `site`: call it inside the transaction of a write that changes their reports."""
    keys = [topic_key(topic_id) for topic_id in dict.fromkeys(topic_ids)]
    if site:
        keys.append(SITE)
    if not keys:
        return
    ConsensusGeneration.objects.bulk_create(
        [ConsensusGeneration(key=key, token=uuid.uuid4()) for key in keys],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["token"],
    )
