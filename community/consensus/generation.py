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
A key without a row reads as None: a report cached then is replaced by the first write, which
creates the row (an upsert, so that writers racing for it both succeed).
See docs/decisions/0015-consensus-counts.md.
"""

import uuid

from ..models import ConsensusGeneration

SITE = "site"


def topic_key(topic_id):
    return f"topic:{topic_id}"


def consensus_generation(*, topic_id):
    """(topic token, site token) as text, "-" for a key never written: what a cached report
    of `topic_id` is filed under (one query)."""
    keys = [topic_key(topic_id), SITE]
    tokens = dict(ConsensusGeneration.objects.filter(key__in=keys).values_list("key", "token"))
    return tuple(str(tokens.get(key, "-")) for key in keys)


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
