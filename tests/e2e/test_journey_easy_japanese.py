"""やさしい日本語 versions (issue 24), on a phone and a desktop.

A resident reading an article switches it to 「やさしい日本語」; the choice stays with them on the
survey's page, which they answer in its やさしい version; the analyst's results show that answer
under the original question and choice. An editor writes an article's やさしい version in the
editor's 「やさしい日本語」 tab, beside the original, and publishes it.
"""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import axe_ready, axe_scan, browser_page, serious_violations
from tests.e2e.journeys import assert_fits, ja, staff_signs_in, staff_user_with_authenticator

pytestmark = pytest.mark.e2e

QUESTION = "行政手続きをオンラインで行ったことはありますか"
EASY_QUESTION = "インターネットで役所の手続きをしましたか"
NOTICE = "やさしい日本語で表示しています"


@pytest.fixture
def pages(live_server, transactional_db, django_db_serialized_rollback):
    from tests.factories import (
        ArticleIndexPageFactory,
        ArticlePageFactory,
        HomePageFactory,
        SurveyIndexPageFactory,
        SurveyPageFactory,
    )

    home = HomePageFactory()
    survey = SurveyPageFactory(
        parent=SurveyIndexPageFactory(parent=home),
        title="行政手続きのオンライン化アンケート",
        easy_title="インターネットでする手続きのアンケート",
        easy_introduction="<p>あなたのことを教えてください。</p>",
        min_group_size=1,
        questions=[
            {
                "type": "single_choice",
                "value": {
                    "text": QUESTION,
                    "easy_text": EASY_QUESTION,
                    "required": True,
                    "choices": [
                        {
                            "type": "item",
                            "id": "yes",
                            "value": {"label": "ある", "easy_label": "した"},
                        },
                        {
                            "type": "item",
                            "id": "no",
                            "value": {"label": "ない", "easy_label": "していない"},
                        },
                    ],
                },
            }
        ],
    )
    article = ArticlePageFactory(
        parent=ArticleIndexPageFactory(parent=home),
        title="行政DXの第一歩は電子申請から",
        easy_title="役所のデジタル化は「電子申請」から",
        easy_lead="電子申請は、インターネットで役所に申しこむことです。",
        easy_body=[{"type": "paragraph", "value": "<p>夜でも申しこめます。</p>"}],
    )
    return article, survey


def test_a_resident_reads_and_answers_in_easy_japanese_and_staff_read_the_original(
    page, pages, viewport, console_errors, browser, live_server
):
    article, survey = pages
    page.goto(article.url)
    switch = page.get_by_role("group", name=ja("Version of pages"))
    expect(switch.get_by_role("button", name="ふつうの日本語")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert_fits(page, viewport, console_errors, "the article in ordinary Japanese")

    # 1. The switch: the article in やさしい日本語, the pressed button says so.
    with page.expect_navigation():
        switch.get_by_role("button", name="やさしい日本語").click()
    assert urlsplit(page.url).path == article.url
    expect(page.get_by_role("heading", level=1)).to_have_text("役所のデジタル化は「電子申請」から")
    expect(page.get_by_text(NOTICE)).to_be_visible()
    expect(page.get_by_text("夜でも申しこめます。")).to_be_visible()
    expect(switch.get_by_role("button", name="やさしい日本語")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert page.locator("html").get_attribute("lang") == "ja"
    assert_fits(page, viewport, console_errors, "the article in easy Japanese")

    # 2. The choice stays on the survey's page: its やさしい question and choices.
    page.goto(survey.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "インターネットでする手続きのアンケート"
    )
    expect(page.get_by_text(NOTICE)).to_be_visible()
    expect(page.get_by_role("group", name=EASY_QUESTION)).to_be_visible()
    assert_fits(page, viewport, console_errors, "the survey in easy Japanese")
    page.get_by_label("した").check()
    with page.expect_navigation():
        page.locator("button[value=next]").click()
    expect(page.locator("main")).to_contain_text(EASY_QUESTION)
    with page.expect_navigation():
        page.locator("form.survey-confirm button[type=submit]").click()
    assert urlsplit(page.url).path == survey.url + "thanks/"

    # 3. The analyst's results: the answer under the original question and choice.
    staff_page = browser_page(browser, live_server.url, viewport, console_errors)
    staff_page.goto(reverse("survey_results:results", args=[survey.pk]))
    staff_signs_in(staff_page, staff_user_with_authenticator(groups=["Analysts"]))
    section = staff_page.locator("section.results-question").filter(
        has=staff_page.get_by_role("heading", level=2, name=QUESTION)
    )
    expect(section).to_be_visible()
    row = section.locator("tbody tr").filter(has=staff_page.locator("th:text-is('ある')"))
    expect(row.locator("td").first).to_have_text("1")
    expect(staff_page.locator("main")).not_to_contain_text(EASY_QUESTION)
    assert_fits(staff_page, viewport, console_errors, "the results")
    staff_page.context.close()


def test_an_editor_writes_the_easy_version_beside_the_original_and_publishes(
    page, pages, viewport, console_errors
):
    from articles.models import ArticlePage

    article, _survey = pages
    ArticlePage.objects.filter(pk=article.pk).update(easy_title="", easy_lead="", easy_body=[])
    axe_ready(page)
    page.goto(f"/admin/pages/{article.pk}/edit/")
    staff_signs_in(page, staff_user_with_authenticator(groups=["Editors"]))

    easy_tab = page.get_by_role("tab", name="やさしい日本語")
    expect(easy_tab).to_be_visible(timeout=30_000)  # Wagtail's editor, slow on a busy machine
    easy_tab.click()
    panel = page.get_by_role("tabpanel", name="やさしい日本語")
    expect(panel.get_by_text("タイトル（ふつうの日本語）")).to_be_visible()
    expect(panel.get_by_text("行政DXの第一歩は電子申請から")).to_be_visible()
    # Our part of Wagtail's editor: the originals beside the fields (Wagtail's own rich text
    # editor and minimap are Wagtail's to fix, as on its 「コンテンツ」 tab).
    assert serious_violations(axe_scan(page, include=".easy-pair")) == []
    title = panel.get_by_role("textbox", name="タイトル（やさしい日本語）")
    title.fill("電子申請からはじめましょう")
    lead = panel.get_by_role("textbox", name="リード文（やさしい日本語）")
    lead.fill("役所に行かなくても申しこめます。")
    body = panel.get_by_role("region", name="本文（やさしい日本語）")
    body.locator("button.c-sf-add-button").first.click()
    page.get_by_role("option", name="リッチテキスト").click()
    body.locator("[contenteditable=true]").first.fill("夜でも申しこめます。")
    assert_fits(page, viewport, console_errors, "the editor's やさしい日本語 tab")

    page.locator("button.dropdown-toggle, [data-w-dropdown-target=toggle]").last.click()
    with page.expect_navigation():
        page.get_by_role("button", name="公開").click()

    article.refresh_from_db()
    assert article.live and article.has_easy_version
    assert article.easy_title == "電子申請からはじめましょう"
