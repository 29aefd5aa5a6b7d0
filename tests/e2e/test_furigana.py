"""A reader switches furigana on from the header (issue 24), on a phone and on a desktop: ruby
over the kanji of every page, kept across pages and a reload, served from the anonymous page
cache in the right variant; a copy gives the plain text, and the accessibility tree reads each
word once.

Every test runs twice (the `viewport` fixture) unless it says otherwise. Screenshots land in
tests/e2e/screenshots/.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.journeys import assert_fits

pytestmark = pytest.mark.e2e

TITLE = "最初の一歩は電子申請"


def switch(page):
    return page.locator(".site-header").get_by_role("button", name="ふりがな")


def switch_click(page):
    with page.expect_navigation():
        switch(page).click()


def test_the_switch_turns_furigana_on_for_every_page_until_turned_off(
    page, site, viewport, console_errors, screenshot
):
    page.goto(site.article.url)
    expect(switch(page)).to_have_attribute("aria-pressed", "false")
    expect(page.locator("ruby")).to_have_count(0)
    assert_fits(page, viewport, console_errors, "furigana off")

    switch_click(page)

    assert page.url.endswith(site.article.url)
    expect(switch(page)).to_have_attribute("aria-pressed", "true")
    heading = page.get_by_role("heading", level=1)
    expect(heading.locator("ruby").first).to_contain_text("最初")
    expect(heading.locator("rt").first).to_have_text("さいしょ")
    expect(page.locator(".site-header ruby").first).to_be_visible()  # the site's own texts
    assert_fits(page, viewport, console_errors, "furigana on")
    screenshot("furigana-article")
    if viewport == "phone":
        page.set_viewport_size({"width": 360, "height": 780})
        assert_fits(page, viewport, console_errors, "furigana on, 360 px")
        screenshot("furigana-article-360")

    page.goto(site.other.url)
    expect(page.get_by_role("heading", level=1).locator("rt").first).to_be_visible()
    page.reload()
    expect(switch(page)).to_have_attribute("aria-pressed", "true")
    expect(page.locator("main rt").first).to_be_visible()

    switch_click(page)

    expect(switch(page)).to_have_attribute("aria-pressed", "false")
    expect(page.locator("ruby")).to_have_count(0)


def test_the_reading_settings_are_a_link_away(page, site, viewport, console_errors, screenshot):
    page.goto(site.article.url)

    with page.expect_navigation():
        page.locator(".site-header").get_by_role("link", name="読みやすさの設定").click()
    page.get_by_label("小学4年より後に習う漢字に付ける").check()
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()

    assert page.url.endswith(site.article.url)
    expect(switch(page)).to_have_attribute("aria-pressed", "true")
    # 電子申請: 請 is taught in junior high; 最初 (grade 4) and 一歩 (1, 2) get none.
    heading = page.get_by_role("heading", level=1)
    expect(heading.locator("rt")).to_have_text(["でんししんせい"])
    assert_fits(page, viewport, console_errors, "furigana above grade 4")


def test_an_anonymous_reader_gets_the_cached_page_of_their_setting(page, site):
    def read():
        response = page.goto(site.article.url)
        return response.headers.get("x-page-cache"), page.locator("ruby").count()

    read()
    assert read() == ("hit", 0)

    switch_click(page)
    state, ruby = read()
    assert state == "hit" and ruby > 10  # stored with its ruby when the switch came back here

    switch_click(page)
    assert read() == ("hit", 0)


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_a_copy_gives_the_plain_text_and_each_word_is_read_once(page, site, live_server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(site.article.url)
    switch_click(page)
    heading = page.get_by_role("heading", level=1)
    expect(heading.locator("rt").first).to_be_visible()

    heading.select_text()
    page.keyboard.press("ControlOrMeta+c")

    assert page.evaluate("() => navigator.clipboard.readText()").strip() == TITLE
    # What assistive technology gets: Chromium's own tree names the heading by its words alone.
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")
    names = [node.get("name", {}).get("value") for node in tree["nodes"]]
    assert TITLE in names
    assert not [name for name in names if name and "さいしょ" in name]
    assert heading.aria_snapshot().replace(" ", "") == f'-heading"{TITLE}"[level=1]'
