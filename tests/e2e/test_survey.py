"""A respondent on a phone answers a two-step survey from an article: makes a mistake, fixes it,
goes back a step, sends, returns to the article; the response is stored once (issue 5)."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.journeys import assert_fits

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


@pytest.fixture
def checked_survey(live_server, transactional_db, django_db_serialized_rollback):
    """A survey shown one question per screen on a phone, with a required choice, a number
    range, a minimum of choices and, in step 2, a required multiple choice shown by an answer
    on that step; embedded in an article an opinion exchange lists; results after closing."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from community.models import TopicPageRelatedArticle
    from tests.factories import (
        ArticleIndexPageFactory,
        ArticlePageFactory,
        HomePageFactory,
        SurveyIndexPageFactory,
        TopicIndexPageFactory,
        TopicPageFactory,
    )
    from tests.surveys.respondent import items, question, section, survey_create, when

    home = HomePageFactory()
    survey = survey_create(
        question("single_choice", "q1", "電子申請を使ったことはありますか",
                 choices=items(("a", "ある"), ("b", "ない"))),
        question("number", "q2", "年に何回使いますか", min_value="0", max_value="50"),
        question("multiple_choice", "q3", "使った手続き", min_selected=2,
                 choices=items(("x", "転入届"), ("y", "住民票"), ("z", "児童手当"))),
        section("s2", "窓口について"),
        question("single_choice", "q4", "窓口にも来ますか", code="Q4",
                 choices=items(("yes", "はい"), ("no", "いいえ"))),
        question("multiple_choice", "q5", "窓口で困ったこと", condition=when("Q4", "はい"),
                 choices=items(("wait", "待ち時間"), ("forms", "書類の多さ"))),
        parent=SurveyIndexPageFactory(parent=home),
        title="電子申請アンケート",
        one_question_per_screen=True,
        results_visibility="after_closing",
        closes_at=datetime(2031, 3, 31, 17, 0, tzinfo=ZoneInfo("Asia/Tokyo")),
    )  # fmt: skip
    block = {"survey": survey.pk, "lead": "", "display": "card"}
    article = ArticlePageFactory(
        parent=ArticleIndexPageFactory(parent=home), body=[{"type": "survey", "value": block}]
    )
    topic = TopicPageFactory(
        parent=TopicIndexPageFactory(parent=home), question="電子申請をもっと広げるには？"
    )
    TopicPageRelatedArticle.objects.create(topic=topic, article=article)
    return survey, topic


def expect_one_message(page, question_id, message, focused):
    errors = page.locator(f"#question-{question_id} .form-field__errors")
    expect(errors).to_have_count(1)
    expect(errors).to_have_text(message)
    expect(focused).to_be_focused()
    expect(focused).to_have_accessible_description(message)


@pytest.mark.reference_index  # the article the survey sits in leads to its 意見交換
@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_on_a_phone_next_checks_each_question_and_thanks_lead_to_the_opinion_exchange(
    page, viewport, checked_survey, console_errors
):
    """次へ never passes a question the server would refuse: the server's words under it, one
    message only, the focus on it. The thank-you page then says when the results appear and
    leads to the 意見交換 about the article."""
    survey, topic = checked_survey
    page.goto(survey.url)
    progress = page.locator(".survey-pager__progress")
    next_question = page.locator("[data-pager=next]")

    next_question.click()
    next_question.click()  # twice: still one message
    expect(progress).to_have_text("質問 1 / 3")
    expect_one_message(page, "q1", "この質問に回答してください。", page.get_by_label("ある"))

    page.get_by_label("ある").check()
    next_question.click()
    number = page.get_by_label("年に何回使いますか")
    number.fill("80")
    next_question.click()
    expect(progress).to_have_text("質問 2 / 3")
    expect_one_message(page, "q2", "0〜50の数を入力してください。", number)
    expect(page.locator("#question-q1 .form-field__errors")).to_have_count(0)

    number.fill("12")
    next_question.click()
    expect(progress).to_have_text("質問 3 / 3")
    page.get_by_label("転入届").check()
    page.locator("button[value=next]").click()
    expect_one_message(page, "q3", "2個以上選んでください。", page.get_by_label("転入届"))
    expect(page.locator(".survey-progress__label")).to_have_text("ステップ 1 / 2")

    page.get_by_label("住民票").check()
    with page.expect_navigation():
        page.locator("button[value=next]").click()
    page.get_by_label("はい").check()
    with page.expect_navigation():
        page.locator("button[value=next]").click()  # はい shows 窓口で困ったこと (new)
    expect(progress).to_have_text("質問 2 / 2")
    page.locator("button[value=next]").click()
    expect_one_message(page, "q5", "この質問に回答してください。", page.get_by_label("待ち時間"))
    expect(page.locator(".error-summary")).to_have_count(0)

    page.get_by_label("待ち時間").check()
    with page.expect_navigation():
        page.locator("button[value=next]").click()
    with page.expect_navigation():
        page.locator("form.survey-confirm button[type=submit]").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("回答を送信しました")
    expect(page.locator(".survey__results-when")).to_have_text(
        re.compile(r"集計結果は回答の締め切り（2031年3月31日\s*17:00、日本時間）後に公開されます。")
    )
    invite = page.locator(".topic-invite")
    expect(invite.get_by_role("heading")).to_have_text("このテーマの意見交換")
    expect(invite).to_contain_text("電子申請をもっと広げるには？")
    assert_fits(page, viewport, console_errors, "the thank-you page's next steps")
    with page.expect_navigation():
        invite.get_by_role("link", name=re.compile("意見を投稿する")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(topic.title)
