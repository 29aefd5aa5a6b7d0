"""Issue 26, on a phone and a desktop: an analyst signs in to the admin (password and
authenticator code), opens 「APIキー」, issues a key, copies it with the copy button, and the key
reads /api/v1/articles/ from the live server; the list then shows it used. The analyst revokes it
after the confirmation page, and the API refuses it with a Japanese message.

The page that shows the key is read like the other staff screens (test_staff_japanese.py): no
English but the key, its header's name and the example command.
"""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.journeys import assert_fits, ja, staff_signs_in, staff_user_with_authenticator
from tests.e2e.test_staff_japanese import VISIBLE_TEXT, english_in

pytestmark = pytest.mark.e2e
NAME = "地域データ研究会"
LIST = "/admin/api-keys/"


@pytest.fixture
def article(live_server, transactional_db, django_db_serialized_rollback):
    from tests.factories import ArticleIndexPageFactory, ArticlePageFactory, HomePageFactory

    index = ArticleIndexPageFactory(parent=HomePageFactory())
    return ArticlePageFactory(parent=index, title="最初の一歩は電子申請")


def api_read(page, base_url, key):
    """/api/v1/articles/ read with `key` in X-API-Key, as a harvester would (no cookies)."""
    request = page.context.request
    return request.get(f"{base_url}/api/v1/articles/", headers={"X-API-Key": key})


def key_row(page):
    return page.locator("table.api-keys tbody tr", has_text=NAME)


def issue_and_copy(page, viewport, console_errors):
    """「APIキーを発行」 with the name, then the copy button: the key as the clipboard holds it."""
    page.get_by_role("link", name="APIキーを発行").click()
    page.get_by_label("名前").fill(NAME)
    with page.expect_navigation():
        page.get_by_role("button", name="発行する").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("APIキーを発行しました")
    expect(page.get_by_role("alert")).to_contain_text("このキーは二度と表示されません")
    expect(page.locator("main")).to_contain_text("X-API-Key")
    assert english_in(page.evaluate(VISIBLE_TEXT)) == []
    page.get_by_role("button", name="コピー").click()
    expect(page.locator(".api-key-copy-status")).to_have_text(ja("The key was copied."))
    assert_fits(page, viewport, console_errors, "the issued key")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == page.locator("#api-key-value").input_value()
    assert copied.startswith("yor_") and len(copied) > 40
    return copied


def test_staff_issue_a_key_that_reads_the_api_then_revoke_it(
    page, live_server, article, viewport, console_errors, screenshot
):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    analyst = staff_user_with_authenticator(groups=["Analysts"])
    analyst.username = "分析担当"  # the admin shows it: staff have Japanese names
    analyst.save(update_fields=["username"])
    page.goto(LIST)
    staff_signs_in(page, analyst)
    assert urlsplit(page.url).path == LIST
    expect(page.get_by_role("heading", level=1)).to_have_text("APIキー")
    expect(page.locator("main")).to_contain_text("まだAPIキーを発行していません。")
    assert_fits(page, viewport, console_errors, "the empty list")

    key = issue_and_copy(page, viewport, console_errors)
    screenshot("api-key-issued")
    served = api_read(page, live_server.url, key)
    assert served.status == 200
    assert [item["title"] for item in served.json()["results"]] == [article.title]

    page.get_by_role("link", name="APIキーの一覧に戻る").click()
    expect(key_row(page)).to_contain_text("有効")
    expect(key_row(page)).to_contain_text(key[:12] + "…")
    expect(key_row(page)).not_to_contain_text("未使用")  # used a moment ago
    expect(page.locator("main")).not_to_contain_text(key)
    assert_fits(page, viewport, console_errors, "the list")
    screenshot("api-keys")

    key_row(page).get_by_role("link", name=f"「{NAME}」を取り消す").click()
    expect(page.locator("main")).to_contain_text("元には戻せません")
    assert_fits(page, viewport, console_errors, "the confirmation")
    with page.expect_navigation():
        page.get_by_role("button", name="キーを取り消す").click()
    expect(page.locator(".messages")).to_contain_text(f"APIキー「{NAME}」を取り消しました。")
    expect(key_row(page)).to_contain_text("取り消し済み")
    expect(key_row(page).get_by_role("link")).to_have_count(0)
    assert_fits(page, viewport, console_errors, "the revoked key")

    refused = api_read(page, live_server.url, key)
    assert refused.status == 401
    assert refused.json() == {"detail": ja("This API key is not valid or has been revoked.")}
