"""Participants on two axes: PCA of the vote matrix the way Polis computes it.

- The axes are fitted on the placed participants only (matrix.VoteMatrix.placed): each
  opinion's missing votes are imputed with the mean of the votes it has, the columns centred on
  that mean, and the first two principal components taken by SVD (numpy, exact, deterministic).
- Every participant is projected from the votes they cast alone (a missing vote adds nothing:
  it sits at the mean), then scaled by sqrt(opinions / votes cast) — Polis's sparsity-aware
  projection: without it someone who voted on a tenth of the opinions would sit ten times
  closer to the centre than someone with the same views who voted on all of them.
- Signs: an SVD's axes have no sign of their own. Each axis is turned so that its largest
  loading is positive (ties: the first opinion); when a previous run exists, an axis is turned
  again if that makes it agree with the previous one (correlation over the members both runs
  placed), so that the map does not mirror itself when a few votes arrive.
- An axis along which the placed participants do not spread at all (singular value ~0, e.g.
  votes that all line up on one axis) is left at zero rather than taken in an arbitrary
  direction.
"""

from dataclasses import dataclass

import numpy as np

COMPONENTS = 2
ZERO = 1e-9  # relative to the first singular value


@dataclass(frozen=True)
class Projection:
    """`points[i]`: (x, y) of matrix row i; `explained_variance`: the share of the placed
    participants' (imputed, centred) variance each axis carries."""

    points: np.ndarray
    explained_variance: list


def project(matrix, *, previous=None):
    """The Projection of every participant of `matrix` (a VoteMatrix). `previous`: {member id:
    (x, y)} of the previous run, to keep the axes' signs."""
    votes = matrix.votes
    placed = matrix.placed
    participants, opinions = votes.shape
    if placed.sum() < 2 or opinions == 0:
        return Projection(np.zeros((participants, COMPONENTS)), [0.0] * COMPONENTS)
    fitted = votes[placed]
    counted = (~np.isnan(fitted)).sum(axis=0)
    means = np.where(counted > 0, np.nansum(fitted, axis=0) / np.maximum(counted, 1), 0.0)
    centred = np.nan_to_num(votes - means, nan=0.0)  # missing → the opinion's mean
    _u, singular, vt = np.linalg.svd(centred[placed], full_matrices=False)
    axes = np.zeros((COMPONENTS, opinions))
    # An axis the votes do not spread along (singular value ~0) is arbitrary: left at zero.
    taken = min(COMPONENTS, int(np.count_nonzero(singular > ZERO * singular[0])))
    axes[:taken] = vt[:taken]
    axes = _signs_fixed(axes)
    cast = np.maximum(matrix.votes_per_member, 1)
    points = (centred @ axes.T) * np.sqrt(opinions / cast)[:, None]
    if previous:
        points = _signs_kept(points, matrix.member_ids, previous)
    variance = singular**2
    total = variance.sum()
    explained = [float(variance[i] / total) if i < taken and total > 0 else 0.0 for i in (0, 1)]
    return Projection(points, explained)


def _signs_fixed(axes):
    """Each axis turned so that its largest loading (to 9 decimals; ties: the first) is
    positive."""
    for axis in axes:
        largest = np.argmax(np.round(np.abs(axis), 9))
        if axis[largest] < 0:
            axis *= -1
    return axes


def _signs_kept(points, member_ids, previous):
    """`points` with each axis turned when it runs against the previous run's same axis over
    the members both runs have."""
    shared = [(i, previous[member]) for i, member in enumerate(member_ids) if member in previous]
    if len(shared) < 2:
        return points
    rows = np.array([i for i, _ in shared])
    before = np.array([xy for _, xy in shared], dtype=float)
    for axis in range(COMPONENTS):
        if float(points[rows, axis] @ before[:, axis]) < 0:
            points[:, axis] *= -1
    return points
