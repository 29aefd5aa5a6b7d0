"""One computation of a topic's opinion groups from its vote matrix, in memory: positions,
groups, their outlines and representative opinions, and the group-informed consensus. No
database here (runs.py reads and stores)."""

from dataclasses import dataclass, field

import numpy as np
from threadpoolctl import threadpool_limits

from . import hulls, repness
from .clustering import cluster, null_floor
from .projection import project

SEED = 25  # k-means, the silhouette's sample, the null's shuffles: same votes, same groups
# Fewer placed participants or opinions than this and no groups are claimed: on a few
# opinions the map is a handful of clumps, and random votes scored as well as real groups.
MIN_PLACED = 20
MIN_OPINIONS = 10


@dataclass(frozen=True)
class Previous:
    """What the latest run before this one left: its number of groups and {member id: (x, y,
    group index or None)}."""

    group_count: int = 0
    positions: dict = field(default_factory=dict)


@dataclass(frozen=True)
class GroupsResult:
    """`points[i]` and `groups[i]` (group index, -1 = none) of matrix row i; `summary` as
    OpinionGroupRun.summary."""

    points: np.ndarray
    groups: np.ndarray
    group_count: int
    silhouette: float | None
    summary: dict


def groups_compute(matrix, *, seed=SEED, previous=None):
    """The GroupsResult of `matrix` (a VoteMatrix); `previous` (Previous) keeps the axes'
    signs, k and the group labels from jumping.

    On one thread (BLAS and OpenMP): k-means on a few thousand points in two dimensions gains
    nothing from more, and on a busy machine their threads made it ten to twenty times slower
    (400 × 60 votes: 8–13 s instead of 0.5 s); one thread also sums in one order.
    """
    with threadpool_limits(limits=1):
        return _computed(matrix, seed=seed, previous=previous or Previous())


def _computed(matrix, *, seed, previous):
    projection = project(matrix, previous={m: xy[:2] for m, xy in previous.positions.items()})
    placed = matrix.placed
    points = projection.points[placed]
    previous_labels = np.array(
        [_group_or_none(previous.positions.get(int(m))) for m in matrix.member_ids[placed]],
        dtype=int,
    )
    found = cluster(
        points,
        seed=seed,
        floor=null_floor(matrix, seed=seed) if _large_enough(matrix) else np.inf,
        previous_k=previous.group_count,
        previous_labels=previous_labels,
    )
    groups = np.full(len(matrix.member_ids), -1)
    groups[placed] = found.labels
    indexes = sorted(int(g) for g in np.unique(found.labels) if g >= 0)
    placed_votes = matrix.votes[placed]
    summary = {
        "groups": [
            {
                "index": index,
                "size": int(np.count_nonzero(found.labels == index)),
                "centroid": hulls.centroid(points[found.labels == index]),
                "hull": hulls.hull(points[found.labels == index]),
                "representative": repness.representative(
                    placed_votes, matrix.opinion_ids, found.labels, index
                ),
            }
            for index in indexes
        ],
        "consensus": repness.consensus(placed_votes, matrix.opinion_ids, found.labels, indexes)
        if indexes
        else [],
        "explained_variance": [round(v, 4) for v in projection.explained_variance],
    }
    return GroupsResult(projection.points, groups, found.group_count, found.silhouette, summary)


def _large_enough(matrix):
    return matrix.placed.sum() >= MIN_PLACED and len(matrix.opinion_ids) >= MIN_OPINIONS


def _group_or_none(position):
    if position is None or position[2] is None:
        return -1
    return position[2]
