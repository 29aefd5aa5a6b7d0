"""community.services.regions: Japan's municipalities in the region list, with their codes."""

import pytest
from django.core.management import call_command

from community.models import Region
from community.services.regions import municipalities_load, municipalities_read
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
ROWS = [
    {"code": "172022", "prefecture": "17", "name": "七尾市", "kana": "ナナオシ"},
    {"code": "172049", "prefecture": "17", "name": "輪島市", "kana": "ワジマシ"},
]


def test_the_shipped_file_holds_every_municipality_once_with_a_valid_code():
    rows = municipalities_read()

    codes = [row["code"] for row in rows]
    assert len(rows) == 1741 and len(set(codes)) == 1741
    assert {row["prefecture"] for row in rows} == {f"{n:02d}" for n in range(1, 48)}
    assert all(
        _check_digit_ok(code) and code[:2] == row["prefecture"]
        for code, row in zip(codes, rows, strict=True)
    )
    assert {"code": "131016", "prefecture": "13", "name": "千代田区", "kana": "チヨダク"} in rows


def _check_digit_ok(code):
    """JIS X 0402's check digit: 11 minus the weighted sum mod 11, last digit of it."""
    total = sum(
        int(digit) * weight for digit, weight in zip(code[:5], (6, 5, 4, 3, 2), strict=True)
    )
    return int(code[5]) == (11 - total % 11) % 10


def test_loading_twice_changes_nothing_the_second_time():
    first = municipalities_load(rows=ROWS)
    second = municipalities_load(rows=ROWS)

    assert (first.created, second.created, second.updated, second.unchanged) == (2, 0, 0, 2)
    assert list(Region.objects.values_list("code", "name")) == [
        ("172022", "七尾市"),
        ("172049", "輪島市"),
    ]


def test_a_region_staff_added_by_hand_gets_its_code_and_keeps_its_members():
    by_hand = Region.objects.create(prefecture="17", name="七尾市")
    member = MemberFactory(prefecture="17", region=by_hand)
    elsewhere = Region.objects.create(prefecture="17", name="能登地域")

    municipalities_load(rows=ROWS)

    by_hand.refresh_from_db()
    member.refresh_from_db()
    assert by_hand.code == "172022" and member.region == by_hand
    assert Region.objects.filter(pk=elsewhere.pk, code="").exists()


def test_the_command_loads_the_whole_list(capsys):
    call_command("regions_load")

    assert Region.objects.exclude(code="").count() == 1741
    assert "1741 created" in capsys.readouterr().out
