"""core.figures"""

import pytest

from core.figures import percent_of


@pytest.mark.parametrize(
    ("part", "whole", "expected"), [(1, 3, 33.3), (2, 3, 66.7), (0, 5, 0.0), (5, 5, 100.0)]
)
def test_a_percentage_has_one_decimal(part, whole, expected):
    assert percent_of(part, whole) == expected


def test_nothing_counted_gives_no_percentage_rather_than_zero():
    assert percent_of(0, 0) is None
