"""core.pagination"""

import pytest

from core.pagination import paginate


@pytest.mark.parametrize(
    ("page_number", "expected_page"),
    [(None, 1), ("", 1), ("2", 2), ("abc", 1), ("2.5", 1), ("999", 3)],
)
def test_paginate_turns_bad_page_numbers_into_a_real_page(page_number, expected_page):
    page = paginate(list(range(25)), page_number, per_page=10)

    assert page.number == expected_page
