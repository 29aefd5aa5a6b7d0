"""Groups of placed participants on the map: k-means for k = 2…5, k chosen by silhouette.

- k-means (scikit-learn, `n_init` starts from a fixed seed) on the placed participants' (x, y),
  as Polis clusters in its two-dimensional projection. The same votes give the same groups.
- k is the one with the best silhouette (mean over participants of how much nearer they are to
  their own group than to the next; 1 = tight, far-apart groups, 0 = none). Hysteresis: the
  previous run's k is kept while its silhouette is within HYSTERESIS of the best, so that a few
  votes do not make a group appear and vanish run after run.
- No structure: k-means splits any cloud, even votes cast at random, so groups are claimed only
  when the chosen k's silhouette reaches SILHOUETTE_MIN and the `floor` the caller sets:
  `null_floor`, the best silhouette of the same votes shuffled within each opinion, plus
  NULL_MARGIN (compute.py also asks for enough participants and opinions). Random votes scored
  0.34–0.40 at 150 × 25 and beyond, but up to 0.72 on eight opinions, where the map is a
  handful of clumps; planted groups 0.52–0.67 (docs/decisions/0024-opinion-groups.md;
  tests/community/consensus/test_groups_engine.py checks random votes claim no groups).
- Stable labels: new groups are matched to the previous run's group indexes by the members
  they share (Hungarian assignment, scipy's linear_sum_assignment, maximising shared members);
  a group with no previous counterpart takes the smallest free index. Without a previous run,
  groups are numbered largest first (ties: leftmost centroid). Indexes may therefore skip one
  when a previous group has disappeared: they are labels (グループA, B, …), not ranks.
"""

from dataclasses import dataclass, replace

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score

from .projection import project

K_RANGE = range(2, 6)
SILHOUETTE_MIN = 0.5
NULL_SHUFFLES = 3
NULL_MARGIN = 0.05
HYSTERESIS = 0.03
N_INIT = 10
SILHOUETTE_SAMPLE = 3000  # beyond this many participants, the silhouette of a seeded sample


@dataclass(frozen=True)
class Clustering:
    """`labels[i]`: the group index of placed participant i (-1 for all when no structure is
    claimed); `silhouette` of the chosen k (None when none could be computed)."""

    labels: np.ndarray
    group_count: int
    silhouette: float | None


def cluster(points, *, seed, floor=SILHOUETTE_MIN, previous_k=0, previous_labels=None):
    """The Clustering of `points` (placed participants' (x, y)): groups only when the chosen
    k's silhouette reaches `floor` (at least SILHOUETTE_MIN). `previous_labels`: for each
    point, its group index in the previous run (-1: not in a group then)."""
    scores = _scores(points, seed=seed)
    none = np.full(len(points), -1)
    if not scores:
        return Clustering(none, 0, None)
    best_k = max(scores, key=lambda k: (scores[k][0], -k))
    if previous_k in scores and scores[best_k][0] - scores[previous_k][0] <= HYSTERESIS:
        best_k = previous_k
    silhouette, labels = scores[best_k]
    if silhouette < max(floor, SILHOUETTE_MIN):
        return Clustering(none, 0, silhouette)
    if previous_labels is not None and (previous_labels >= 0).any():
        labels = _matched(labels, previous_labels)
    else:
        labels = _numbered(labels, points)
    return Clustering(labels, best_k, silhouette)


def null_floor(matrix, *, seed):
    """The silhouette the same votes reach with their structure shuffled away, plus NULL_MARGIN:
    each opinion's votes permuted among the participants who voted on it (who voted on what,
    each opinion's agree/disagree/pass counts and so who is placed stay exactly as they are),
    projected and clustered like the real ones; the best over NULL_SHUFFLES shuffles."""
    rng = np.random.default_rng(seed)
    best = 0.0
    for _ in range(NULL_SHUFFLES):
        votes = matrix.votes.copy()
        for column in votes.T:
            cast = np.flatnonzero(~np.isnan(column))
            column[cast] = rng.permutation(column[cast])
        shuffled = replace(matrix, votes=votes)
        points = project(shuffled).points[shuffled.placed]
        scores = _scores(points, seed=seed)
        best = max([best, *(score for score, _labels in scores.values())])
    return best + NULL_MARGIN


def _scores(points, *, seed):
    """{k: (silhouette, labels)} for each k that the points allow."""
    distinct = len(np.unique(points.round(9), axis=0)) if len(points) else 0
    scores = {}
    for k in K_RANGE:
        if k > distinct or k >= len(points):
            break
        labels = KMeans(n_clusters=k, n_init=N_INIT, random_state=seed).fit_predict(points)
        if len(np.unique(labels)) < k:
            break
        sample = SILHOUETTE_SAMPLE if len(points) > SILHOUETTE_SAMPLE else None
        score = silhouette_score(points, labels, sample_size=sample, random_state=seed)
        scores[k] = (float(score), labels)
    return scores


def _numbered(labels, points):
    """Labels renumbered: the largest group 0, then by size (ties: leftmost, then lowest)."""
    groups = np.unique(labels)
    order = sorted(
        groups,
        key=lambda g: (
            -np.count_nonzero(labels == g),
            *points[labels == g].mean(axis=0).round(9),
        ),
    )
    return _relabelled(labels, {int(group): index for index, group in enumerate(order)})


def _matched(labels, previous_labels):
    """Labels renamed to the previous run's indexes they share most members with."""
    groups = np.unique(labels)
    before = np.unique(previous_labels[previous_labels >= 0])
    shared = np.array(
        [[np.count_nonzero((labels == g) & (previous_labels == b)) for b in before] for g in groups]
    )
    rows, columns = linear_sum_assignment(shared, maximize=True)
    names = {int(groups[r]): int(before[c]) for r, c in zip(rows, columns, strict=True)}
    free = (index for index in range(len(groups) + len(before)) if index not in names.values())
    for group in groups:
        if int(group) not in names:
            names[int(group)] = next(free)
    return _relabelled(labels, names)


def _relabelled(labels, names):
    return np.array([names[int(label)] for label in labels], dtype=int)
