"""Figures as people read them."""


def percent_of(part, whole):
    """`part` as a percentage of `whole`, one decimal; None when `whole` is 0."""
    return round(100 * part / whole, 1) if whole else None
