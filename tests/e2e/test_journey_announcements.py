"""Issue 23, on a phone and a desktop: a member of Announcement staff writes an announcement in
the admin (お知らせ配信), chooses its audience (東京都), counts it, saves the draft and sends it
now; a member of 東京都 finds 「運営からのお知らせ」 in their notification list and opens it, and a
member elsewhere hears nothing. Then the announcement's page shows its statistics, each figure
with its heading on a phone too.

Everything is typed and clicked, the page the announcement leads to included: 「ページを選択」
opens Wagtail's page chooser (in Japanese: its search box and its count of results come from
locale/ja), a search in it finds the article, and its title shows in the form.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.journeys import assert_fits

pytestmark = pytest.mark.e2e
TOKYO, OSAKA = "13", "27"


def choose_page(page, search, title):
    """The page the announcement leads to, as staff choose it: 「ページを選択」, `search` in
    Wagtail's chooser, then the result named `title`, whose title the form then shows."""
    chooser = page.locator("#id_page-chooser")  # not the conditions' choosers below it
    chooser.get_by_role("button", name="ページを選択").click()
    modal = page.locator(".modal-content")
    expect(modal.locator("h1")).to_contain_text("選択")
    box = modal.get_by_label("検索語")
    expect(box).to_have_attribute("placeholder", "検索…")
    box.fill(search)
    box.press("Enter")
    expect(modal).to_contain_text("1件見つかりました")
    modal.get_by_role("link", name=title).click()
    expect(modal).to_be_hidden()
    expect(chooser.locator(".chooser__title")).to_have_text(title)


# Each cell of the statistics as a reader sees it: the text drawn before it (on a phone, its
# column's heading, from its data-label), then its own.
CELLS_AS_READ = """rows => rows.map(row => Array.from(row.cells, cell => {
    const before = getComputedStyle(cell, "::before").content;
    return (before === "none" ? "" : JSON.parse(before)) + cell.innerText.trim();
}))"""


def statistics_read_with_their_headings(page, viewport):
    """The statistics by channel: a row per channel under the column headings on a desktop; on
    a phone, where the heading row is hidden, a card per channel with each figure headed.
    Scrolled into view for the screenshot."""
    table = page.locator("table.staff-list")
    table.scroll_into_view_if_needed()
    headings = ["配信済み", "失敗", "リンクを開いた人", "お知らせを停止した人"]
    expect(table.locator("thead th")).to_have_text(["配信方法", *headings])
    rows = table.locator("tbody tr").evaluate_all(CELLS_AS_READ)
    assert [channel for channel, *_figures in rows] == [
        "メール",
        "LINE",
        "ブラウザ通知",
        "サイトの通知一覧",
    ]
    if viewport == "phone":
        expect(table.locator("thead")).to_be_hidden()
        for channel, *figures in rows:
            assert [figure.split("：")[0] for figure in figures] == headings, (channel, figures)
        assert rows[0][1] == "配信済み：6人"
    else:
        expect(table.locator("thead")).to_be_visible()
        assert rows[0][1] == "6人"


@pytest.fixture
def town(live_server, transactional_db, django_db_serialized_rollback):
    from tests.factories import (
        ArticleIndexPageFactory,
        ArticlePageFactory,
        HomePageFactory,
        MemberFactory,
        StaffUserFactory,
    )

    home = HomePageFactory()
    article = ArticlePageFactory(
        parent=ArticleIndexPageFactory(parent=home), title="電子申請アンケートのお願い"
    )
    tokyo = [MemberFactory(prefecture=TOKYO, display_name=f"都民{n}") for n in range(6)]
    osaka = MemberFactory(prefecture=OSAKA, display_name="府民")
    staff = StaffUserFactory(groups=["Announcement staff"])
    return {"article": article, "tokyo": tokyo, "osaka": osaka, "staff": staff}


def test_staff_send_an_announcement_to_one_prefecture_and_a_member_there_opens_it(
    page, signed_in, town, viewport, console_errors, screenshot
):
    from community.models import Notification, NotificationKind

    signed_in(town["staff"])
    page.goto("/admin/announcements/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("お知らせ配信")
    assert_fits(page, viewport, console_errors, "the announcements list")

    page.goto("/admin/announcements/add/")
    page.get_by_label("タイトル").fill("アンケートへのご協力のお願い")
    page.locator("textarea[name=text]").fill(
        "電子申請についてのアンケートです。5分で答えられます。"
    )
    choose_page(page, "電子申請", "電子申請アンケートのお願い")
    assert_fits(page, viewport, console_errors, "the chosen page")
    page.locator("select[name$='-kind']").first.select_option("prefecture")
    page.locator("select[name$='-prefecture']").first.select_option(TOKYO)
    with page.expect_navigation():
        page.get_by_role("button", name="人数を数える").click()
    expect(page.locator("main")).to_contain_text("6")
    assert_fits(page, viewport, console_errors, "the count")
    screenshot("announcement-count")
    with page.expect_navigation():
        page.get_by_role("button", name="下書きを保存").click()

    with page.expect_navigation():
        page.get_by_role("button", name="配信する（または予約する）").click()
    expect(page.locator(".messages")).to_contain_text("お知らせを配信しています。")
    expect(page.locator("main")).to_contain_text("配信済み")
    assert_fits(page, viewport, console_errors, "the sent announcement")
    screenshot("announcement-sent")
    statistics_read_with_their_headings(page, viewport)
    screenshot("announcement-statistics")

    told = Notification.objects.filter(kind=NotificationKind.ANNOUNCEMENT)
    assert sorted(told.values_list("recipient", flat=True)) == sorted(
        member.pk for member in town["tokyo"]
    )

    page.context.clear_cookies()
    signed_in(town["tokyo"][0])
    page.goto("/accounts/notifications/")
    item = page.locator("li", has_text="アンケートへのご協力のお願い").first
    expect(item).to_be_visible()
    assert_fits(page, viewport, console_errors, "the member's notifications")
    with page.expect_navigation():
        item.get_by_role("button").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("電子申請アンケートのお願い")
