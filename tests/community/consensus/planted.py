"""Synthetic votes for the opinion groups' tests and benchmark: groups planted with known
opinion profiles, noise and missing votes; and votes with no structure at all.

Planted profiles (`planted_votes`): group g agrees with its own block of `own` opinions, which
every other group disagrees with; every group agrees with `agreed` opinions and disagrees with
`disagreed` (common ground); on `noise` opinions each vote is a coin toss. Each vote is then
flipped with probability `flip`, turned into a pass with probability `passes` and left out with
probability `missing`.
"""

from dataclasses import dataclass

import numpy as np

from community.consensus.groups.matrix import matrix_from_votes


@dataclass(frozen=True)
class Planted:
    votes: np.ndarray  # participants × opinions: +1, −1, 0, NaN (missing)
    truth: np.ndarray  # each participant's planted group
    own: int  # opinions g*own … (g+1)*own − 1 are group g's own
    agreed: range  # opinions every group agrees with
    disagreed: range  # opinions every group disagrees with

    def own_opinions(self, group):
        return set(range(group * self.own, (group + 1) * self.own))


def planted_votes(
    seed,
    *,
    sizes=(60, 50, 40),
    own=6,
    agreed=3,
    disagreed=2,
    noise=5,
    flip=0.1,
    passes=0.1,
    missing=0.3,
):
    rng = np.random.default_rng(seed)
    groups = len(sizes)
    start = groups * own
    opinions = start + agreed + disagreed + noise
    profiles = np.full((groups, opinions), -1.0)
    for group in range(groups):
        profiles[group, group * own : (group + 1) * own] = 1
    profiles[:, start : start + agreed] = 1
    truth = np.repeat(np.arange(groups), sizes)
    votes = profiles[truth]
    coin = slice(start + agreed + disagreed, opinions)
    votes[:, coin] = rng.choice([-1.0, 1.0], size=(len(truth), noise))
    votes = _noisy(rng, votes, flip=flip, passes=passes, missing=missing)
    return Planted(
        votes=votes,
        truth=truth,
        own=own,
        agreed=range(start, start + agreed),
        disagreed=range(start + agreed, start + agreed + disagreed),
    )


def random_votes(seed, *, participants=150, opinions=25, passes=0.2, missing=0.3):
    """Votes with no structure: agree or disagree at random for everyone."""
    rng = np.random.default_rng(seed)
    votes = rng.choice([-1.0, 1.0], size=(participants, opinions))
    return _noisy(rng, votes, flip=0.0, passes=passes, missing=missing)


def _noisy(rng, votes, *, flip, passes, missing):
    votes = np.where(rng.random(votes.shape) < flip, -votes, votes)
    votes = np.where(rng.random(votes.shape) < passes, 0.0, votes)
    return np.where(rng.random(votes.shape) < missing, np.nan, votes)


def as_matrix(votes, *, member_ids=None, opinion_ids=None):
    """The VoteMatrix of a dense `votes` array (row i is member member_ids[i], default i + 1;
    column j opinion opinion_ids[j], default j + 1)."""
    rows, columns = np.nonzero(~np.isnan(votes))
    member_ids = np.arange(1, len(votes) + 1) if member_ids is None else np.asarray(member_ids)
    opinion_ids = (
        np.arange(1, votes.shape[1] + 1) if opinion_ids is None else np.asarray(opinion_ids)
    )
    return matrix_from_votes(member_ids[rows], opinion_ids[columns], votes[rows, columns])
