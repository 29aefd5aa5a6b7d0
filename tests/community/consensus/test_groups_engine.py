"""The opinion groups' computation in memory (community.consensus.groups): planted groups are
found again with their representative opinions, random votes claim no groups, labels stay put
when a few votes arrive, the same votes give the same result, and a small example computed by
hand.

No open Polis conversation export is shipped with the tests (none could be included here with
its licence), so the reference is the hand-computed example at the end
(docs/decisions/0024-opinion-groups.md).
"""

import math

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from community.consensus.groups import clustering
from community.consensus.groups.clustering import SILHOUETTE_MIN, cluster
from community.consensus.groups.compute import Previous, groups_compute
from community.consensus.groups.hulls import hull
from community.consensus.groups.projection import project
from community.consensus.groups.repness import consensus, representative
from tests.community.consensus.planted import as_matrix, planted_votes, random_votes


def _previous(matrix, result):
    return Previous(
        group_count=result.group_count,
        positions={
            int(member): (float(x), float(y), int(group) if group >= 0 else None)
            for member, group, (x, y) in zip(
                matrix.member_ids, result.groups, result.points, strict=True
            )
        },
    )


@pytest.mark.parametrize("seed", range(5))
def test_planted_groups_are_found_with_their_own_opinions(seed):
    planted = planted_votes(seed)
    matrix = as_matrix(planted.votes)
    result = groups_compute(matrix)

    assert result.group_count == 3
    assert result.silhouette >= SILHOUETTE_MIN
    placed = matrix.placed
    assert placed.all()
    assert adjusted_rand_score(planted.truth, result.groups) >= 0.9
    for group in result.summary["groups"]:
        members = planted.truth[result.groups == group["index"]]
        planted_group = np.bincount(members).argmax()
        found = {(r["opinion_id"] - 1, r["direction"]) for r in group["representative"]}
        assert len(found) == 5
        assert found <= {(c, "agree") for c in planted.own_opinions(planted_group)}
        assert all(
            r["z"] > 1.2816 and r["share_in"] > r["share_out"] for r in group["representative"]
        )
    agreed = [c["opinion_id"] - 1 for c in result.summary["consensus"] if c["direction"] == "agree"]
    disagreed = [
        c["opinion_id"] - 1 for c in result.summary["consensus"] if c["direction"] == "disagree"
    ]
    assert set(agreed) == set(planted.agreed)
    assert set(disagreed) == set(planted.disagreed)
    assert [c["direction"] for c in result.summary["consensus"]][: len(agreed)] == ["agree"] * len(
        agreed
    )


@pytest.mark.parametrize(
    ("seed", "participants", "opinions"),
    [(seed, 150, 25) for seed in range(6)] + [(seed, 400, 60) for seed in range(3)],
)
def test_random_votes_claim_no_groups(seed, participants, opinions):
    matrix = as_matrix(random_votes(seed, participants=participants, opinions=opinions))
    result = groups_compute(matrix)

    assert result.group_count == 0
    assert (result.groups == -1).all()
    assert result.summary["groups"] == []
    assert result.summary["consensus"] == []


@pytest.mark.parametrize("seed", range(3))
def test_one_percent_more_votes_keeps_the_groups(seed):
    planted = planted_votes(seed)
    matrix = as_matrix(planted.votes)
    first = groups_compute(matrix)
    rng = np.random.default_rng(1000 + seed)
    votes = planted.votes.copy()
    missing = np.argwhere(np.isnan(votes))
    more = int(0.01 * np.count_nonzero(~np.isnan(votes)))
    for i, j in missing[rng.choice(len(missing), more, replace=False)]:
        votes[i, j] = rng.choice([-1.0, 1.0])

    second = groups_compute(as_matrix(votes), previous=_previous(matrix, first))

    assert second.group_count == first.group_count == 3
    assert np.mean(second.groups == first.groups) >= 0.95


def test_labels_follow_the_previous_run_and_the_axes_keep_their_signs():
    planted = planted_votes(7)
    matrix = as_matrix(planted.votes)
    first = groups_compute(matrix)
    # A previous run whose labels are a permutation of these and whose map was mirrored.
    renamed = {0: 2, 1: 0, 2: 1}
    previous = Previous(
        group_count=3,
        positions={
            int(m): (-float(x), float(y), renamed[int(g)])
            for m, g, (x, y) in zip(matrix.member_ids, first.groups, first.points, strict=True)
        },
    )

    again = groups_compute(matrix, previous=previous)

    assert [renamed[int(g)] for g in first.groups] == again.groups.tolist()
    np.testing.assert_allclose(again.points[:, 0], -first.points[:, 0])
    np.testing.assert_allclose(again.points[:, 1], first.points[:, 1])


def test_the_previous_k_is_kept_while_its_silhouette_is_nearly_the_best(monkeypatch):
    matrix = as_matrix(planted_votes(4).votes)
    points = project(matrix).points
    scores = {k: score for k, (score, _labels) in clustering._scores(points, seed=25).items()}
    best = max(scores, key=scores.get)
    other = next(k for k in sorted(scores, key=scores.get, reverse=True) if k != best)
    gap = scores[best] - scores[other]

    monkeypatch.setattr(clustering, "HYSTERESIS", gap + 0.001)
    assert cluster(points, seed=25, previous_k=other).group_count == other
    monkeypatch.setattr(clustering, "HYSTERESIS", gap - 0.001)
    assert cluster(points, seed=25, previous_k=other).group_count == best


def test_a_hull_is_the_outline_counter_clockwise():
    square = [[0, 0], [2, 0], [2, 2], [0, 2], [1, 1], [1, 0]]

    assert hull(np.array(square, dtype=float)) == [[0, 0], [2, 0], [2, 2], [0, 2]]
    assert hull(np.array([[1, 1], [1, 1]], dtype=float)) == [[1, 1]]


def test_the_same_votes_give_the_same_result():
    matrix = as_matrix(planted_votes(3).votes)

    first, second = groups_compute(matrix), groups_compute(matrix)

    assert first.summary == second.summary
    assert first.silhouette == second.silhouette
    np.testing.assert_array_equal(first.points, second.points)
    np.testing.assert_array_equal(first.groups, second.groups)


def test_participants_with_too_few_votes_are_projected_but_not_placed():
    planted = planted_votes(2)
    votes = planted.votes.copy()
    votes[:10] = np.nan
    votes[:10, :6] = 1.0  # six votes: one fewer than the seven needed

    matrix = as_matrix(votes)
    result = groups_compute(matrix)

    assert matrix.min_votes == 7
    assert not matrix.placed[:10].any() and matrix.placed[10:].all()
    assert (result.groups[:10] == -1).all()
    assert (result.groups[10:] >= 0).all()
    assert np.isfinite(result.points).all()
    assert sum(g["size"] for g in result.summary["groups"]) == len(votes) - 10


# --- The reference: six participants, four opinions, by hand ------------------------------------
#
#          c1  c2  c3  c4
#   p1–p3  +1  +1  −1  +1     (agree, agree, disagree, agree)
#   p4–p6  −1  −1  +1  +1
#   p7     +1   ·  −1   ·     (two votes: fewer than min(7, 4) = 4, not placed)
#
# Column means over p1–p6: 0, 0, 0, 1; centred, c4 is all zeros. The centred rows are ±(1, 1,
# −1, 0): rank one. PC1 = (1, 1, −1, 0)/√3 (its largest loadings tie; the first, c1, is made
# positive), singular value √18; PC2 carries nothing and is left at zero. Explained variance
# [1, 0]. p1–p3 sit at (√3, 0), p4–p6 at (−√3, 0). p7's centred votes (1, ·, −1, ·) give
# 2/√3, times the sparsity scaling √(4 / 2): x = √(8/3), y = 0.
# Two distinct points: k = 2 only, silhouette 1. Groups of three each: the leftmost is 0.
# Group 1 (p1–p3) on c1, agree: in 3 of 3, outside 0 of 3 → share_in 4/5, share_out 1/5,
# ratio 4, z_share = 2·√4·(4/4 − ½) = 2, z = (4/4 − 1/4) / √(5/8 · 3/8 · (1/4 + 1/4))
# = 0.75·√(128/15) ≈ 2.1909, repness = 4 · 2.1909 · 0.8 · 2 ≈ 14.0217. Likewise c2 agree and
# c3 disagree; c4 (everyone agrees) sets no group apart. It is the consensus: shares 4/5, 4/5.

REFERENCE = np.array(
    [
        [1, 1, -1, 1],
        [1, 1, -1, 1],
        [1, 1, -1, 1],
        [-1, -1, 1, 1],
        [-1, -1, 1, 1],
        [-1, -1, 1, 1],
        [1, np.nan, -1, np.nan],
    ],
    dtype=float,
)
Z = 0.75 * math.sqrt(128 / 15)


def test_reference_example_positions():
    matrix = as_matrix(REFERENCE)
    projection = project(matrix)

    assert matrix.placed.tolist() == [True] * 6 + [False]
    np.testing.assert_allclose(projection.explained_variance, [1.0, 0.0], atol=1e-12)
    root3 = math.sqrt(3)
    expected = [[root3, 0]] * 3 + [[-root3, 0]] * 3 + [[math.sqrt(8 / 3), 0]]
    np.testing.assert_allclose(projection.points, expected, atol=1e-12)


def test_reference_example_groups_and_representative_opinions():
    matrix = as_matrix(REFERENCE)
    placed = project(matrix).points[matrix.placed]

    found = cluster(placed, seed=25, floor=0)

    assert found.group_count == 2
    assert found.silhouette == pytest.approx(1.0)
    assert found.labels.tolist() == [1, 1, 1, 0, 0, 0]
    votes = matrix.votes[matrix.placed]
    stats = {"share_in": 0.8, "share_out": 0.2, "z": round(Z, 4), "repness": round(4 * Z * 1.6, 4)}
    assert representative(votes, matrix.opinion_ids, found.labels, 1) == [
        {"opinion_id": 1, "direction": "agree", **stats},
        {"opinion_id": 2, "direction": "agree", **stats},
        {"opinion_id": 3, "direction": "disagree", **stats},
    ]
    assert representative(votes, matrix.opinion_ids, found.labels, 0) == [
        {"opinion_id": 1, "direction": "disagree", **stats},
        {"opinion_id": 2, "direction": "disagree", **stats},
        {"opinion_id": 3, "direction": "agree", **stats},
    ]
    assert consensus(votes, matrix.opinion_ids, found.labels, [0, 1]) == [
        {"opinion_id": 4, "direction": "agree", "min_share": 0.8, "shares": [0.8, 0.8]}
    ]


def test_reference_example_is_too_small_to_claim_groups():
    result = groups_compute(as_matrix(REFERENCE))

    assert result.group_count == 0
    assert result.summary == {"groups": [], "consensus": [], "explained_variance": [1.0, 0.0]}
