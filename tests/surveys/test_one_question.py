"""「スマートフォンでは1画面に1問ずつ表示する」: the editor's setting, and what the respondent's
pages give static/js/site.js to show one question at a time (tests/e2e/test_survey_keyboard.py
drives it in a browser). The server's flow is the same with the setting on or off."""

import re

import pytest
from django.urls import reverse

from surveys.models import SurveyPage
from tests.surveys.respondent import items, question, section, survey_create, when
from tests.surveys.test_admin import add, editor_client  # noqa: F401

pytestmark = pytest.mark.django_db

PAGER_PROGRESS = (
    '<p class="survey-pager__progress" id="survey-form-heading-position" data-pager-progress '
    'data-template="質問 {position} / {total}" hidden></p>'
)


def two_step_survey(**fields):
    return survey_create(
        question("single_choice", "q1", "電子申請を使ったことは", code="Q1",
                 choices=items(("a", "ある"), ("b", "ない"))),
        question("short_text", "q2", "どの手続きで", condition=when("Q1", "ある")),
        question("short_text", "q3", "お住まいの市区町村は"),
        section("s2", "ご意見"),
        question("long_text", "q4", "ご意見をどうぞ"),
        **fields,
    )  # fmt: skip


def html(response):
    return response.content.decode()


def test_the_editor_turns_it_on_in_the_respondents_settings(editor_client, survey_index):  # noqa: F811
    questions = [question("short_text", "q1", "ご意見をどうぞ")]
    response = add(editor_client, survey_index, questions, one_question_per_screen="on")

    survey = SurveyPage.objects.get(slug="e-application-survey")
    edit = editor_client.get(reverse("wagtailadmin_pages:edit", args=[survey.pk]))
    assert response.status_code == 302
    assert survey.one_question_per_screen
    assert "スマートフォンでは1画面に1問ずつ表示する" in html(edit)


def test_off_the_step_is_one_form_with_no_pager(client):
    page = html(client.get(two_step_survey().url))

    assert "data-one-question" not in page
    assert "data-pager" not in page


def test_on_the_form_carries_the_pager_hidden_until_the_script_shows_it(client):
    page = html(client.get(two_step_survey(one_question_per_screen=True).url))

    assert re.search(r'<form class="survey-form__form"[^>]* data-one-question>', page)
    assert PAGER_PROGRESS in page
    assert 'type="button" data-pager="next" hidden>次へ</button>' in page
    assert 'type="button" data-pager="back" hidden>戻る</button>' in page
    assert 'type="submit" name="action" value="next">次へ</button>' in page


def test_on_the_steps_drafts_and_confirmation_work_as_without_it(client):
    survey = two_step_survey(one_question_per_screen=True)

    first = client.post(survey.url + "step/1/", {"q-q1": "b", "q-q3": "高松市", "action": "next"})
    second = client.post(survey.url + "step/2/", {"q-q4": "窓口が混んでいます", "action": "next"})
    confirm = client.get(survey.url + "confirm/")

    assert first["Location"] == survey.url + "step/2/"
    assert second["Location"] == survey.url + "confirm/"
    assert "窓口が混んでいます" in html(confirm)
    assert "data-one-question" in html(client.get(survey.url + "step/2/"))


def test_a_question_an_answer_has_just_shown_is_marked_new_without_an_error(client):
    survey = two_step_survey(one_question_per_screen=True)

    response = client.post(
        survey.url + "step/1/", {"q-q1": "a", "q-q3": "高松市", "action": "next"}
    )

    page = html(response)
    assert response.status_code == 200
    assert re.search(r'id="question-q2" data-new-question[ >]', page)
    assert 'id="question-q3" data-check-required=' in page  # not new
    assert "error-summary" not in page


def test_errors_mark_their_questions_and_the_summary_explains_what_to_do(client):
    survey = two_step_survey(one_question_per_screen=True)

    page = html(client.post(survey.url + "step/1/", {"q-q1": "b", "action": "next"}))

    assert 'survey-question--error" id="question-q3"' in page
    assert "下の質問を選ぶと、その質問に移動して回答できます。" in page
    assert '<a href="#id_q-q3">お住まいの市区町村は：この質問に回答してください。</a>' in page
    assert re.search(r'<input[^>]* aria-invalid="true" aria-describedby="id_q-q3_error"', page)


def test_each_question_carries_what_next_checks_in_the_servers_words(client):
    """次へ checks what the server would (static/js/site.js): each question says it in
    data-check-… attributes, in the Japanese the server's own errors use."""
    survey = survey_create(
        question("single_choice", "q1", "使ったことは", allow_other=True,
                 choices=items(("a", "ある"), ("b", "ない"))),
        question("number", "q2", "年に何回", min_value="0", max_value="50", required=False),
        question("multiple_choice", "q3", "使った手続き", min_selected=2, max_selected=3,
                 choices=items(("x", "転入届"), ("y", "住民票"), ("z", "児童手当"))),
        question("ranking", "q4", "大事な順に", choices=items(("x", "速さ"), ("y", "安さ"))),
        one_question_per_screen=True,
    )  # fmt: skip

    page = html(client.get(survey.url))

    def checks(question_id):
        tag = re.search(
            rf'<div class="survey-question[^"]*" id="question-{question_id}"[^>]*>', page
        )
        return dict(re.findall(r'data-check-([a-z-]+)="([^"]*)"', tag.group(0)))

    assert checks("q1") == {
        "required": "この質問に回答してください。",
        "other": "「その他」を選んだ場合は、内容を入力してください。",
    }
    assert checks("q2") == {
        "range": "0〜50の数を入力してください。",
        "invalid": "数字で入力してください（例：12、3.5）。",
    }
    assert checks("q3") == {
        "required": "この質問に回答してください。",
        "min": "2",
        "min-message": "2個以上選んでください。",
        "max": "3",
        "max-message": "3個まで選んでください。",
    }
    assert set(checks("q4")) == {"required", "rank-all", "rank-distinct"}
