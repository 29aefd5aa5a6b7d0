"""The outline of a group on the map: its convex hull (Andrew's monotone chain: exact, no
degenerate cases to fail on, deterministic) and its centroid."""

import numpy as np

DECIMALS = 4  # what the summary keeps of a coordinate: the chart needs no more


def hull(points):
    """The convex hull of `points` ((n, 2)), counter-clockwise from the lowest-left point, as
    [[x, y], ...]; fewer than three corners when the points are one or on a line."""
    unique = sorted({(round(float(x), DECIMALS), round(float(y), DECIMALS)) for x, y in points})
    if len(unique) < 3:
        return [list(p) for p in unique]
    lower, upper = [], []
    for chain, ordered in ((lower, unique), (upper, reversed(unique))):
        for p in ordered:
            while len(chain) >= 2 and _cross(chain[-2], chain[-1], p) <= 0:
                chain.pop()
            chain.append(p)
    return [list(p) for p in lower[:-1] + upper[:-1]]


def centroid(points):
    return [round(float(c), DECIMALS) for c in np.asarray(points).mean(axis=0)]


def _cross(o, a, b):
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
