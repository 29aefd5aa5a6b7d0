"""core.spreadsheets"""

import pytest

from core.spreadsheets import spreadsheet_safe


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("窓口", "窓口"),
        (-5, -5),
    ],
)
def test_text_that_could_run_as_a_formula_is_quoted_and_numbers_are_not(typed, written):
    assert spreadsheet_safe(typed) == written
