"""The vote matrix of a topic: participants × published opinions, as Polis reads it.

Agree is +1, disagree −1, pass 0 and an opinion a participant has not voted on is missing
(NaN): missing is not pass, it says nothing. Read with one query (values_list) straight into
numpy arrays. Votes of members who closed their account (member unlinked) are left out: they
belong to nobody who could be placed.

Who is placed: a participant who voted on at least `min(MIN_VOTES, opinions)` opinions (Polis's
rule: 7, or every opinion while there are fewer than 7). Fewer votes say too little to put
someone on the map; they are projected all the same (their own position, shown only to them)
but belong to no group and do not shape the axes or the groups.
"""

from array import array
from dataclasses import dataclass

import numpy as np

from ...models import VoteChoice
from ..report import topic_votes

MIN_VOTES = 7
VALUES = {VoteChoice.AGREE: 1, VoteChoice.DISAGREE: -1, VoteChoice.PASS: 0}


@dataclass(frozen=True)
class VoteMatrix:
    """`votes[i, j]`: participant `member_ids[i]`'s vote on opinion `opinion_ids[j]` (+1, −1, 0
    or NaN). `last_vote_id` is the newest vote read (for the debounce: later votes are new)."""

    member_ids: np.ndarray
    opinion_ids: np.ndarray
    votes: np.ndarray
    last_vote_id: int = 0

    @property
    def vote_count(self):
        return int(np.count_nonzero(~np.isnan(self.votes)))

    @property
    def votes_per_member(self):
        return np.count_nonzero(~np.isnan(self.votes), axis=1)

    @property
    def min_votes(self):
        """Votes a participant needs to be placed (Polis: 7, or all opinions when fewer)."""
        return min(MIN_VOTES, len(self.opinion_ids))

    @property
    def placed(self):
        """Boolean mask of the participants with enough votes to be placed in a group."""
        if not len(self.opinion_ids):
            return np.zeros(len(self.member_ids), dtype=bool)
        return self.votes_per_member >= self.min_votes


def matrix_from_votes(members, opinions, values, *, last_vote_id=0):
    """The matrix of votes given as three parallel sequences: member ids, opinion ids and values
    (+1, −1, 0); rows and columns by ascending id."""
    member_ids, rows_at = np.unique(np.asarray(members, dtype=np.int64), return_inverse=True)
    opinion_ids, columns_at = np.unique(np.asarray(opinions, dtype=np.int64), return_inverse=True)
    votes = np.full((len(member_ids), len(opinion_ids)), np.nan)
    votes[rows_at, columns_at] = np.asarray(values, dtype=float)
    return VoteMatrix(member_ids, opinion_ids, votes, last_vote_id)


def topic_matrix(topic):
    """The vote matrix of `topic`'s published opinions (one query, read in chunks into compact
    arrays: 200,000 votes take a few megabytes, not a list of tuples)."""
    rows = (
        topic_votes(topic)
        .filter(member__isnull=False)
        .values_list("member_id", "opinion_id", "choice", "pk")
    )
    members, opinions, values = array("q"), array("q"), array("b")
    last_vote_id = 0
    for member_id, opinion_id, choice, pk in rows.iterator(chunk_size=10_000):
        members.append(member_id)
        opinions.append(opinion_id)
        values.append(VALUES[choice])
        last_vote_id = max(last_vote_id, pk)
    return matrix_from_votes(members, opinions, values, last_vote_id=last_vote_id)
