"""What sets each group apart (representative opinions) and what every group shares
(group-informed consensus), with Polis's statistics (polis math, repness.clj).

For group g and opinion c, with a = agrees, d = disagrees, n = votes (passes included) of g's
members on c, and the same counted over the other groups' members:
- share  = (a + 1) / (n + 2)  — the agree share with a Laplace prior (disagree: d for a);
- z_share = 2·√(n + 1)·((a + 1)/(n + 1) − ½)  — Polis's one-proportion test of a majority;
- ratio  = share_in / share_out;
- z      = Polis's two-proportion test of share_in against share_out, each count + 1;
- repness = ratio · z · share_in · z_share (Polis's repness metric), the ranking.
An opinion represents g in the direction (agree or disagree) whose z is higher, when both z_share
and z pass 90% one-sided (z > 1.2816); up to REPRESENTATIVE_MAX a group, highest repness first.

Group-informed consensus: an opinion every group agrees on, each group's share (with the prior)
at least CONSENSUS_SHARE_MIN, ranked by the product of the groups' shares (Polis's group-aware
consensus), agreements first, then likewise for disagreements. Passes count as votes that are
neither.
"""

import numpy as np

Z_90 = 1.2816
REPRESENTATIVE_MAX = 5
CONSENSUS_SHARE_MIN = 0.6
CONSENSUS_MAX = 10  # each direction
DIRECTIONS = ("agree", "disagree")


def counts(votes, members):
    """(agrees, disagrees, votes) per opinion over the rows `members` (a boolean mask)."""
    rows = votes[members]
    return (
        np.count_nonzero(rows == 1, axis=0),
        np.count_nonzero(rows == -1, axis=0),
        np.count_nonzero(~np.isnan(rows), axis=0),
    )


def share(successes, votes):
    return (successes + 1) / (votes + 2)


def z_share(successes, votes):
    """Polis's prop-test: how far the share stands above one half, in standard errors."""
    return 2 * np.sqrt(votes + 1) * ((successes + 1) / (votes + 1) - 0.5)


def z_difference(successes_in, successes_out, votes_in, votes_out):
    """Polis's two-prop-test of the share inside against the share outside (counts + 1)."""
    s_in, s_out, n_in, n_out = (x + 1 for x in (successes_in, successes_out, votes_in, votes_out))
    pooled = (s_in + s_out) / (n_in + n_out)
    spread = np.sqrt(pooled * (1 - pooled) * (1 / n_in + 1 / n_out))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (s_in / n_in - s_out / n_out) / spread
    return np.where(pooled >= 1, 0.0, z)


def representative(votes, opinion_ids, labels, group):
    """The representative opinions of `group` (label value in `labels`, over the placed rows of
    `votes`), as the summary's dicts, highest repness first."""
    inside = counts(votes, labels == group)
    outside = counts(votes, (labels >= 0) & (labels != group))
    found = []  # per direction: (share_in, share_out, z, z_share, repness) per opinion
    for column in (0, 1):
        share_in = share(inside[column], inside[2])
        share_out = share(outside[column], outside[2])
        z = z_difference(inside[column], outside[column], inside[2], outside[2])
        z_in = z_share(inside[column], inside[2])
        repness = share_in / share_out * z * share_in * z_in
        found.append((share_in, share_out, z, z_in, repness))
    chosen = []
    for j, opinion_id in enumerate(opinion_ids):
        side = 0 if found[0][2][j] >= found[1][2][j] else 1
        share_in, share_out, z, z_in, repness = (values[j] for values in found[side])
        if z > Z_90 and z_in > Z_90:
            chosen.append(
                {
                    "opinion_id": int(opinion_id),
                    "direction": DIRECTIONS[side],
                    "share_in": _rounded(share_in),
                    "share_out": _rounded(share_out),
                    "z": _rounded(z),
                    "repness": _rounded(repness),
                }
            )
    chosen.sort(key=lambda r: (-r["repness"], r["opinion_id"]))
    return chosen[:REPRESENTATIVE_MAX]


def consensus(votes, opinion_ids, labels, groups):
    """Opinions every group agrees on, then those every group disagrees on, as the summary's
    dicts (shares in the order of `groups`)."""
    tallies = [counts(votes, labels == group) for group in groups]
    found = []
    for direction, column in zip(DIRECTIONS, (0, 1), strict=True):
        shares = np.array([share(t[column], t[2]) for t in tallies])  # groups × opinions
        agreed = np.flatnonzero(shares.min(axis=0) >= CONSENSUS_SHARE_MIN)
        ranked = sorted(agreed, key=lambda j: (-shares[:, j].prod(), opinion_ids[j]))
        found += [
            {
                "opinion_id": int(opinion_ids[j]),
                "direction": direction,
                "min_share": _rounded(shares[:, j].min()),
                "shares": [_rounded(s) for s in shares[:, j]],
            }
            for j in ranked[:CONSENSUS_MAX]
        ]
    return found


def _rounded(value):
    return round(float(value), 4)
