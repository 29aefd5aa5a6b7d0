"""A developer on a phone and on a desktop: the footer's 「オープンデータ」 link → the open-data
page with each dataset's files → the API reference. Screenshots land in tests/e2e/screenshots/.
"""

import pytest
from playwright.sync_api import expect

from tests.api.datasets import SURVEY, TOPIC, datasets_publish
from tests.e2e.conftest import serious_violations
from tests.e2e.journeys import assert_fits

pytestmark = pytest.mark.e2e


@pytest.fixture
def published(monkeypatch, live_server, transactional_db, django_db_serialized_rollback):
    from tests.factories import HomePageFactory

    HomePageFactory()
    datasets_publish(monkeypatch, surveys=[SURVEY], topics=[TOPIC])


def assert_no_sideways_scroll(page, step):
    width, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{step}: page scrolls sideways, {width}px in {inner}px"


def test_footer_to_open_data_to_the_api_reference(
    page, published, viewport, console_errors, screenshot, axe
):
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("contentinfo").get_by_role("link", name="オープンデータ").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("オープンデータ")
    survey = page.get_by_role("article", name=SURVEY.title)
    expect(survey.get_by_role("link", name=SURVEY.title, exact=True)).to_have_attribute(
        "href", SURVEY.page_url
    )
    expect(survey.get_by_role("link", name=f"CSV （「{SURVEY.title}」）")).to_be_visible()
    expect(page.get_by_text("出典：Yoriai 寄り合い")).to_be_visible()
    assert_no_sideways_scroll(page, "open data")
    assert_fits(page, viewport, console_errors, "open data")
    screenshot("opendata")
    assert serious_violations(axe()) == []

    with page.expect_navigation():
        page.get_by_role("link", name="API リファレンス").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("API リファレンス")
    expect(page.get_by_role("heading", level=3, name="公開中の記事", exact=True)).to_be_visible()
    table = page.locator("#api_endpoints_articles_articles table").nth(1)
    expect(table.get_by_role("rowheader", name="results[].title")).to_be_attached()
    assert_no_sideways_scroll(page, "API reference")
    assert_fits(page, viewport, console_errors, "API reference")
    screenshot("api-reference")
    assert serious_violations(axe()) == []
