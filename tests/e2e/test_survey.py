"""A respondent on a phone answers a two-step survey from an article: makes a mistake, fixes it,
goes back a step, sends, returns to the article; the response is stored once (issue 5)."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def article_with_survey(live_server, transactional_db, django_db_serialized_rollback):
    from tests.factories import (
        ArticleIndexPageFactory,
        ArticlePageFactory,
        HomePageFactory,
        SurveyIndexPageFactory,
    )
    from tests.surveys.respondent import items, question, section, survey_create, when

    home = HomePageFactory()
    survey = survey_create(
        question("single_choice", "q1", "電子申請を使ったことは", code="Q1",
                 choices=items(("a", "ある"), ("b", "ない"))),
        question("short_text", "q2", "どの手続きで", condition=when("Q1", "ある")),
        section("s2", "ご意見"),
        question("long_text", "q3", "ご意見をどうぞ"),
        parent=SurveyIndexPageFactory(parent=home),
        title="窓口DXアンケート",
    )  # fmt: skip
    article = ArticlePageFactory(
        parent=ArticleIndexPageFactory(parent=home),
        slug="first-step",
        body=[
            {"type": "paragraph", "value": "<p>行政DXの第一歩は電子申請です。</p>"},
            {"type": "survey", "value": {"survey": survey.pk, "lead": "", "display": "auto"}},
        ],
    )
    return article, survey


@pytest.mark.parametrize("viewport", ["phone", "desktop"], indirect=True)
def test_a_respondent_answers_from_an_article_fixes_a_mistake_goes_back_and_sends_once(
    page, article_with_survey, console_errors, screenshot
):
    from surveys.models import Response

    article, survey = article_with_survey
    page.goto(article.url)
    page.locator(".survey-embed a[href*='return_to']").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(survey.title)

    page.get_by_label("ある").check()
    page.locator("button[value=next]").click()
    page.get_by_label("どの手続きで").fill("転入届")  # shown by the answer, asked without an error
    page.locator("button[value=next]").click()
    expect(page.locator("progress")).to_have_attribute("value", "2")

    page.locator("button[value=next]").click()  # the opinion left empty: a mistake
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    screenshot("survey-mistake")
    summary.get_by_role("link").first.click()
    page.locator("textarea[name=q-q3]").fill("窓口の待ち時間が長いです")

    page.locator("button[value=back]").click()
    expect(page.get_by_label("ある")).to_be_checked()
    expect(page.get_by_label("どの手続きで")).to_have_value("転入届")
    page.locator("button[value=next]").click()
    expect(page.locator("textarea[name=q-q3]")).to_have_value("窓口の待ち時間が長いです")
    page.locator("button[value=next]").click()

    expect(page.locator(".survey-review")).to_have_count(2)
    screenshot("survey-confirm")
    # A double-click: one response. (Chromium sends the form once; a second POST of the same
    # submission token, e.g. from a reload, is the same response: tests/surveys/test_views.py.)
    page.locator("form.survey-confirm button[type=submit]").dblclick()
    expect(page.locator("main a.button--primary")).to_be_visible()
    screenshot("survey-thanks")
    page.locator("main a.button--primary").click()
    page.wait_for_load_state()  # the URL changes before the article's document is there
    assert page.url.endswith(article.url)

    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1]
    assert Response.objects.filter(survey=survey).count() == 1
    assert console_errors == []
