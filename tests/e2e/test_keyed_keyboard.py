"""Staff key in a stack of paper sheets with the keyboard only (issue 21): the cursor starts in
整理番号, Tab goes on in reading order, Enter in a one-line field saves, the empty form comes
back for the next sheet with the count, and a sheet entered twice is refused with what was
typed kept; on a desktop and on a phone."""

import pytest
from playwright.sync_api import expect

from tests.e2e.journeys import assert_fits

pytestmark = pytest.mark.e2e


@pytest.fixture
def sheet_survey(live_server, transactional_db, django_db_serialized_rollback):
    from tests.surveys.respondent import items, question, survey_create

    return survey_create(
        question("single_choice", "q1", "電子申請を使ったことはありますか",
                 choices=items(("a", "ある"), ("b", "ない"))),
        question("short_text", "q2", "お住まいの地区", required=False),
        title="紙のアンケート",
    )  # fmt: skip


def type_sheet(page, reference, district):
    """One sheet, keys only: the number, Tab past 回答方法, Space on 「ある」, Tab, the district,
    Enter."""
    expect(page.locator("input[name=reference]")).to_be_focused()
    page.keyboard.type(reference)
    page.keyboard.press("Tab")
    expect(page.locator("select[name=channel]")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("input[name=q-q1]").first).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.locator("input[name=q-q2]")).to_be_focused()
    page.keyboard.type(district)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_stack_of_sheets_keyed_in_with_the_keyboard_only(
    page, signed_in, sheet_survey, viewport, console_errors
):
    from tests.factories import StaffUserFactory

    signed_in(StaffUserFactory(groups=["Responders"]))
    page.goto(f"/admin/survey-results/{sheet_survey.pk}/key-in/")

    type_sheet(page, "ＡＢ-１２", "北町")
    expect(
        page.get_by_text("1枚入力しました（整理番号 AB-12）。この画面で入力した用紙：1枚")
    ).to_be_visible()
    expect(page.locator("input[name=q-q2]")).to_have_value("")
    assert_fits(page, viewport, console_errors, "after the first sheet")

    type_sheet(page, "AB-12", "南町")
    expect(page.locator(".key-in__errors")).to_contain_text("整理番号 AB-12 の用紙は入力済みです。")
    expect(page.locator("input[name=reference]")).to_be_focused()
    expect(page.locator("input[name=q-q2]")).to_have_value("南町")
    expect(page.locator("input[name=q-q1]").first).to_be_checked()
    assert_fits(page, viewport, console_errors, "a sheet refused")

    page.keyboard.press("Control+a")
    page.keyboard.type("AB-13")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("この画面で入力した用紙：2枚").first).to_be_visible()
