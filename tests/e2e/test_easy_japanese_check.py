"""The やさしい日本語 check in the page editor, on a phone and a desktop: an editor opens an
article's 「やさしい日本語」 tab (its やさしい fields end with the check's panel), reads the
warnings on the saved text, rewrites the やさしい lead and checks again with
「やさしい日本語をチェック」: the new warnings stand under their sentences, in Japanese, without a
page load. And a survey's check under its questions reads their やさしい texts only."""

import pytest
from playwright.sync_api import expect

from tests.e2e.journeys import assert_fits, staff_signs_in, staff_user_with_authenticator

pytestmark = pytest.mark.e2e

LONG_LEAD = "この手続きはマイナンバーカードを持っている人なら市役所の窓口でできます。"
EASY_LEAD = "ガイドラインを 読んで ください。"


@pytest.fixture
def article_with_check(live_server, transactional_db, django_db_serialized_rollback, settings):
    """An article with a やさしい日本語 version that the check has things to say about."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0  # see test_journey_publishing's newsroom
    from tests.factories import ArticleIndexPageFactory, ArticlePageFactory, HomePageFactory

    return ArticlePageFactory(
        parent=ArticleIndexPageFactory(parent=HomePageFactory()),
        easy_title="ごみの 出し方",
        easy_lead=LONG_LEAD,
        easy_body=[("paragraph", "<p>係の 人が ご説明します。</p>")],
    )


def test_an_editor_checks_the_easy_japanese_as_they_write(
    page, viewport, console_errors, screenshot, article_with_check
):
    editor = staff_user_with_authenticator(groups=["Editors"])
    page.goto(f"/admin/pages/{article_with_check.pk}/edit/")
    staff_signs_in(page, editor)
    easy_tab = page.get_by_role("tab", name="やさしい日本語")
    expect(easy_tab).to_be_visible(timeout=30_000)  # Wagtail's editor, slow on a busy machine
    easy_tab.click()
    check = page.locator("[data-easy-check]")

    # The warnings on the saved text, each under its sentence.
    expect(check).to_contain_text("この文は35文字あります。30文字以内の短い文に分けてください。")
    expect(check.locator("mark", has_text="窓口")).to_be_visible()
    expect(check).to_contain_text("「ご説明し」は尊敬語・謙譲語です。")
    expect(check.locator("section", has_text="タイトル")).to_contain_text("指摘はありません。")
    assert_fits(page, viewport, console_errors, "the check as the editor opens")
    screenshot("easy-japanese-check-opened")

    page.locator("textarea[name=easy_lead]").fill(EASY_LEAD)
    page.get_by_role("button", name="やさしい日本語をチェック").click()

    expect(check.locator("[role=status]")).to_have_text("チェックしました。指摘は3件です。")
    expect(check).not_to_contain_text("35文字")
    lead = check.locator("[data-easy-check-results=easy_lead]")
    expect(lead.locator("mark")).to_have_text("ガイドライン")
    expect(lead).to_contain_text(
        "「ガイドライン」はわかりにくい外来語です。「きまり・説明」のように言い換えてください。"
    )
    expect(check).to_contain_text("「ご説明し」は尊敬語・謙譲語です。")  # the body, as it stands
    assert_fits(page, viewport, console_errors, "the check of what was written")
    screenshot("easy-japanese-check-checked")


@pytest.fixture
def survey_with_questions(live_server, transactional_db, django_db_serialized_rollback, settings):
    """A survey whose question says 尊敬語 in the original only."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    from tests.factories import HomePageFactory, SurveyIndexPageFactory, SurveyPageFactory

    return SurveyPageFactory(
        parent=SurveyIndexPageFactory(parent=HomePageFactory()),
        questions=[
            {
                "type": "single_choice",
                "value": {
                    "text": "窓口にいらっしゃる方にお聞きします",
                    "easy_text": "まどぐちに 来ましたか",
                    "required": True,
                    "choices": [
                        {"type": "item", "value": {"label": "ある", "easy_label": "来た"}},
                        {"type": "item", "value": {"label": "ない", "easy_label": "来ていない"}},
                    ],
                },
            }
        ],
    )


def test_an_editor_checks_the_questions_easy_texts_in_the_survey_editor(
    page, viewport, console_errors, survey_with_questions
):
    """The check under the questions reads the やさしい texts as typed (Wagtail's names for
    them: questions-0-value-easy_text, questions-0-value-choices-1-value-easy_label), never
    the originals."""
    editor = staff_user_with_authenticator(groups=["Editors"])
    page.goto(f"/admin/pages/{survey_with_questions.pk}/edit/")
    staff_signs_in(page, editor)
    check = page.locator('[data-easy-check][data-fields="questions"]')
    expect(check).to_contain_text("指摘はありません。")

    page.locator("input[name='questions-0-value-easy_text']").fill("係の 人が いらっしゃいます。")
    page.locator("input[name='questions-0-value-choices-1-value-easy_label']").fill(
        "ごらんになった"
    )
    check.get_by_role("button", name="やさしい日本語をチェック").click()

    expect(check.locator("[role=status]")).to_have_text("チェックしました。指摘は2件です。")
    expect(check).to_contain_text("「いらっしゃい」は尊敬語・謙譲語です。")
    expect(check.locator("mark", has_text="ごらん")).to_be_visible()
    expect(check).not_to_contain_text("「いらっしゃる」")  # the original's, not checked here
    assert_fits(page, viewport, console_errors, "the check of the questions")
