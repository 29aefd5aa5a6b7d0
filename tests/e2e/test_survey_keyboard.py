"""A respondent answers a two-step survey with the keyboard only (Tab, Shift+Tab, Space, the
arrow keys and Enter): on a desktop with the whole step shown, and on a phone with the survey's
「スマートフォンでは1画面に1問ずつ表示する」 on. Each time the focus goes where the respondent
must look next, a mistake the server reports is corrected from the error summary, and the
answers are sent once (issue 10). Also: the step's progress bar under forced colours."""

import pytest
from playwright.sync_api import expect

from tests.e2e.journeys import assert_fits, ja

pytestmark = pytest.mark.e2e

MAX_TABS = 60
OPINION = "窓口の待ち時間が長いです"


@pytest.fixture
def keyboard_survey(live_server, transactional_db, django_db_serialized_rollback):
    """Returns make(one_question_per_screen) → a published two-step survey."""
    from tests.factories import HomePageFactory, SurveyIndexPageFactory
    from tests.surveys.respondent import items, question, section, survey_create

    index = SurveyIndexPageFactory(parent=HomePageFactory())

    def make(one_question_per_screen):
        return survey_create(
            section("s1", "電子申請について"),
            question("single_choice", "q1", "電子申請を使ったことはありますか",
                     choices=items(("a", "ある"), ("b", "ない"))),
            question("short_text", "q2", "どの手続きで使いましたか"),
            section("s2", "ご意見"),
            question("rating", "q3", "使いやすさを評価してください", scale="5"),
            question("long_text", "q4", "ご意見をどうぞ"),
            parent=index,
            title="窓口DXアンケート",
            one_question_per_screen=one_question_per_screen,
        )  # fmt: skip

    return make


def tab_to(page, target, *, backwards=False):
    """Press Tab (or Shift+Tab) until `target` has the focus, as a keyboard user would."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(MAX_TABS):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{target} never got the focus with {key}")


def press_and_wait(page, key):
    with page.expect_navigation():
        page.keyboard.press(key)


def assert_error_summary_focused(page):
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text(ja("Please check your answers"))
    expect(summary.get_by_role("link")).to_have_text(
        ["ご意見をどうぞ：この質問に回答してください。"]
    )
    expect(page.locator("textarea[name=q-q4]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("textarea[name=q-q4]")).to_have_accessible_description(
        "この質問に回答してください。"
    )


def correct_from_the_summary_and_review(page):
    """Tab to the summary's link, Enter: the focus is in the text area; type, send the step."""
    tab_to(page, page.locator(".error-summary a"))
    page.keyboard.press("Enter")
    expect(page.locator("textarea[name=q-q4]")).to_be_focused()
    page.keyboard.type(OPINION)
    tab_to(page, page.locator("button[value=next]"))
    expect(page.locator("button[value=next]")).to_have_text(ja("Review my answers"))
    press_and_wait(page, "Enter")


def confirm_and_send(page):
    expect(page.get_by_role("heading", level=1)).to_have_text(ja("Check your answers"))
    expect(page.locator(".survey-review dd")).to_have_text(["ある", "転入届", "2 / 5", OPINION])
    send = page.locator("form.survey-confirm button[type=submit]")
    tab_to(page, send)
    expect(send).to_have_text(ja("Send my answers"))
    press_and_wait(page, "Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(ja("Your answers have been sent"))
    expect(page.locator("main .rich-text")).to_have_text("ご協力ありがとうございました。")


def assert_stored_once(survey):
    from surveys.models import Answer, Response

    response = Response.objects.get(survey=survey)
    answers = {
        answer.question_id: answer.choice_label or answer.value_text or int(answer.value_number)
        for answer in Answer.objects.filter(response=response)
    }
    assert answers == {"q1": "ある", "q2": "転入届", "q3": 2, "q4": OPINION}


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_a_respondent_answers_a_whole_step_at_a_time_with_the_keyboard_only(
    page, viewport, keyboard_survey, console_errors
):
    survey = keyboard_survey(one_question_per_screen=False)
    page.goto(survey.url)
    expect(page.locator(".survey-progress__label")).to_have_text("ステップ 1 / 2")
    expect(page.locator(".survey-pager__progress")).to_have_count(0)

    first = page.get_by_label("ある")
    tab_to(page, first)
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("どの手続きで使いましたか")).to_be_focused()
    page.keyboard.type("転入届")
    page.keyboard.press("Shift+Tab")  # back to the chosen answer, still chosen
    expect(first).to_be_focused()
    expect(first).to_be_checked()
    tab_to(page, page.locator("button[value=next]"))
    expect(page.locator("button[value=next]")).to_have_text(ja("Next", context="pager"))
    press_and_wait(page, "Enter")

    expect(page.locator(".survey-progress__label")).to_have_text("ステップ 2 / 2")
    expect(page.locator("progress")).to_have_attribute("value", "2")
    tab_to(page, page.get_by_label("1", exact=True))
    page.keyboard.press("ArrowRight")  # moves to 2 and chooses it
    expect(page.get_by_label("2", exact=True)).to_be_checked()
    tab_to(page, page.locator("button[value=next]"))  # the opinion left empty: a mistake
    press_and_wait(page, "Enter")

    assert_error_summary_focused(page)
    expect(page).to_have_title(f"{ja('Error:')} ご意見 - 窓口DXアンケート | 寄り合い Yoriai")
    correct_from_the_summary_and_review(page)
    confirm_and_send(page)

    assert_stored_once(survey)
    assert_fits(page, viewport, console_errors, "thanks")


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_on_a_phone_a_respondent_answers_one_question_per_screen_with_the_keyboard_only(
    page, viewport, keyboard_survey, console_errors
):
    survey = keyboard_survey(one_question_per_screen=True)
    page.goto(survey.url)
    progress = page.locator(".survey-pager__progress")
    expect(progress).to_have_text("質問 1 / 2")
    expect(page.get_by_label("どの手続きで使いましたか")).to_be_hidden()
    expect(page.locator("button[value=next]")).to_be_hidden()  # the step is sent from its last

    first = page.get_by_label("ある")
    tab_to(page, first)
    page.keyboard.press("Space")
    page.keyboard.press("Enter")  # 次へ: the next question, not the whole step
    expect(progress).to_have_text("質問 2 / 2")
    expect(page.locator("#question-q2 .form-field__label")).to_be_focused()
    expect(first).to_be_hidden()
    page.keyboard.press("Tab")
    page.keyboard.type("転入届")

    back = page.locator("[data-pager=back]")
    tab_to(page, back)
    expect(back).to_have_text(ja("Back"))
    page.keyboard.press("Enter")  # 戻る: the first question again, its answer kept
    expect(progress).to_have_text("質問 1 / 2")
    expect(page.locator("#question-q1 legend")).to_be_focused()
    expect(first).to_be_checked()
    page.keyboard.press("Tab")
    expect(first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("どの手続きで使いましたか")).to_have_value("転入届")
    page.keyboard.press("Tab")
    press_and_wait(page, "Enter")  # Enter in the last question's field sends the step

    expect(page.locator(".survey-progress__label")).to_have_text("ステップ 2 / 2")
    expect(progress).to_have_text("質問 1 / 2")
    step_back = page.locator("button[type=submit][value=back]")
    tab_to(page, step_back)  # the step's 戻る, shown at its first question
    expect(step_back).to_have_text(ja("Back"))
    press_and_wait(page, "Enter")  # the step before opens where it was left: its last question
    expect(page.locator(".survey-progress__label")).to_have_text("ステップ 1 / 2")
    expect(progress).to_have_text("質問 2 / 2")
    expect(page.get_by_label("どの手続きで使いましたか")).to_have_value("転入届")
    expect(first).to_be_hidden()
    tab_to(page, page.get_by_label("どの手続きで使いましたか"))
    press_and_wait(page, "Enter")  # and on again

    expect(progress).to_have_text("質問 1 / 2")
    tab_to(page, page.get_by_label("1", exact=True))
    page.keyboard.press("ArrowRight")
    next_question = page.locator("[data-pager=next]")
    tab_to(page, next_question)
    expect(next_question).to_have_text(ja("Next", context="pager"))
    page.keyboard.press("Space")
    expect(progress).to_have_text("質問 2 / 2")
    tab_to(page, page.locator("button[value=next]"))  # the opinion left empty: a mistake
    page.keyboard.press("Enter")  # said on the question at once, with the server's words

    opinion = page.locator("textarea[name=q-q4]")
    expect(opinion).to_be_focused()
    expect(opinion).to_have_attribute("aria-invalid", "true")
    expect(opinion).to_have_accessible_description("この質問に回答してください。")
    expect(page.locator("#question-q4 .form-field__errors")).to_have_count(1)
    expect(progress).to_have_text("質問 2 / 2")
    page.keyboard.type(OPINION)
    tab_to(page, page.locator("button[value=next]"))
    press_and_wait(page, "Enter")
    confirm_and_send(page)

    assert_stored_once(survey)
    assert_fits(page, viewport, console_errors, "thanks")


@pytest.fixture
def typed_first_survey(live_server, transactional_db, django_db_serialized_rollback):
    """A one-step survey shown one question per screen whose first question is typed."""
    from tests.factories import HomePageFactory, SurveyIndexPageFactory
    from tests.surveys.respondent import items, question, survey_create

    return survey_create(
        question("short_text", "q1", "どの手続きで使いましたか"),
        question("single_choice", "q2", "また使いたいですか",
                 choices=items(("a", "はい"), ("b", "いいえ"))),
        parent=SurveyIndexPageFactory(parent=HomePageFactory()),
        title="電子申請アンケート",
        one_question_per_screen=True,
    )  # fmt: skip


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_one_question_per_screen_keeps_a_japanese_conversion_and_the_place_on_turning(
    page, typed_first_survey, console_errors
):
    page.goto(typed_first_survey.url)
    progress = page.locator(".survey-pager__progress")
    answer = page.get_by_label("どの手続きで使いましたか")
    answer.fill("てんにゅうとどけ")

    # The Enter that ends the input method's conversion (かな→漢字) stays on the question...
    answer.dispatch_event("keydown", {"key": "Enter", "keyCode": 229, "isComposing": True})
    expect(answer).to_be_visible()
    expect(progress).to_have_text("質問 1 / 2")
    # ...and the Enter after it goes on, naming the new question's place to screen readers.
    answer.press("Enter")
    expect(progress).to_have_text("質問 2 / 2")
    expect(page.locator("legend", has_text="また使いたいですか")).to_have_accessible_description(
        "質問 2 / 2"
    )

    # Turned sideways the whole step shows; the respondent goes back to the first question
    # there, and turned upright again they are on that question, not where the pager was.
    page.set_viewport_size({"width": 844, "height": 390})
    expect(answer).to_be_visible()
    answer.focus()
    page.set_viewport_size({"width": 390, "height": 844})
    expect(answer).to_be_visible()
    expect(page.get_by_label("はい")).to_be_hidden()
    expect(progress).to_have_text("質問 1 / 2")
    assert console_errors == []


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_the_survey_progress_bar_keeps_its_fill_in_forced_colours(page, keyboard_survey):
    """Windows' contrast themes (forced colours) repaint backgrounds in the page colour: the
    bar's filled part must still stand apart from its empty part."""
    from io import BytesIO

    from PIL import Image

    page.emulate_media(forced_colors="active")
    page.goto(keyboard_survey(one_question_per_screen=False).url)
    bar = page.locator(".survey-progress__bar")
    filled = float(bar.get_attribute("value")) / float(bar.get_attribute("max"))
    assert 0 < filled < 1
    image = Image.open(BytesIO(bar.screenshot())).convert("RGB")
    middle = image.height // 2
    filled_pixel = image.getpixel((int(image.width * filled / 2), middle))
    empty_pixel = image.getpixel((int(image.width * (1 + filled) / 2), middle))
    assert filled_pixel != empty_pixel, (filled_pixel, empty_pixel)
