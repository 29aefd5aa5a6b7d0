"""A reader on a phone and on a desktop: home page → article → tag page, and the language switch.

Every test runs twice (the `viewport` fixture): a 390 by 844 touch phone and a 1280 by 900 desktop.
Screenshots land in tests/e2e/screenshots/ for people to look at.
"""

from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def open_page(page, url):
    response = page.goto(url)
    assert response is not None and response.status == 200, f"GET {url}: {response.status}"


def follow(page, link):
    """Click `link` and return the status of the page it leads to."""
    with page.expect_navigation() as navigation:
        link.click()
    return navigation.value.status


def wait_until_loaded(page, image):
    """Wait until `image` has been downloaded and decoded (lazy images load once in view)."""
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )


def path_of(page):
    return unquote(urlsplit(page.url).path)


def assert_readable(page, viewport, console_errors):
    """What every page owes every reader: a working skip link, no sideways scroll, no errors."""
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({tag: document.activeElement.tagName,"
        " href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"tag": "A", "href": "#main"}, "the skip link is not the first stop"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    if viewport == "phone":
        widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"page scrolls sideways: {widths[0]}px in {widths[1]}px"

    assert console_errors == []


def test_home_page(page, site, viewport, console_errors, screenshot):
    open_page(page, "/")

    expect(page.get_by_role("heading", level=1)).to_have_text(site.home.title)
    expect(page.get_by_role("link", name=site.article.title).first).to_be_visible()
    screenshot("home")
    assert_readable(page, viewport, console_errors)


def test_article_page(page, site, viewport, console_errors, screenshot):
    open_page(page, site.article.url)

    expect(page.get_by_role("heading", level=1)).to_have_text(site.article.title)
    header_image = page.locator("main figure img").first
    expect(header_image).to_have_attribute("alt", site.article.header_image_alt_text)
    expect(header_image).to_be_visible()
    wait_until_loaded(page, header_image)
    body_image = page.get_by_role("img", name=site.photo.description)
    body_image.scroll_into_view_if_needed()
    wait_until_loaded(page, body_image)
    screenshot("article")
    assert_readable(page, viewport, console_errors)


def test_tag_page(page, site, viewport, console_errors, screenshot):
    index_path = urlsplit(site.index.url).path
    open_page(page, f"{index_path}tags/{site.article.tags.get(name=site.tag).slug}/")

    expect(page.get_by_role("heading", level=1)).to_contain_text(site.tag)
    expect(page.get_by_role("link", name=site.article.title).first).to_be_visible()
    expect(page.get_by_role("link", name=site.other.title).first).to_be_visible()
    screenshot("tag")
    assert_readable(page, viewport, console_errors)


def test_reader_follows_links_from_home_to_article_to_tag(page, site, console_errors):
    open_page(page, "/")

    assert follow(page, page.get_by_role("link", name=site.article.title).first) == 200
    assert path_of(page) == unquote(site.article.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(site.article.title)

    article = page.get_by_role("article").filter(has=page.get_by_role("heading", level=1))
    assert follow(page, article.get_by_role("link", name=f"#{site.tag}")) == 200
    assert path_of(page).endswith(f"/tags/{site.tag.lower()}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(site.tag)
    assert console_errors == []


def test_language_switch_goes_to_english_and_back(page, site, console_errors, screenshot):
    open_page(page, site.article.url)
    expect(page.locator("html")).to_have_attribute("lang", "ja")

    assert follow(page, page.get_by_role("link", name="English", exact=True)) == 200
    assert path_of(page) == f"/en{unquote(site.article.url)}"
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(site.article.title)
    screenshot("article-en")

    assert follow(page, page.get_by_role("link", name="日本語", exact=True)) == 200
    assert path_of(page) == unquote(site.article.url)
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    assert console_errors == []
