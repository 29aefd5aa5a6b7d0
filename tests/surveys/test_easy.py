"""A survey's やさしい日本語 version (readable.versions; the questions' やさしい texts in their
blocks, surveys.blocks): what a respondent who chose it reads, field by field, and that an
answer given in either version is the same answer to the same question and choice — in the
answers, the tallies and the staff's results, which show the original texts. Also the editor's
check of the questions' やさしい texts (readable.panels, under the questions), which leaves the
originals to their own editors."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from readable.field_text import field_text
from readable.preferences import EASY_COOKIE
from surveys.models import Answer, SurveyPage
from surveys.questions.stream import survey_steps
from surveys.tallies import keys
from surveys.tallies.store import tally_counts
from tests.factories import StaffUserFactory
from tests.surveys.respondent import question, section, survey_create, when
from tests.surveys.test_admin import survey_form

pytestmark = pytest.mark.django_db


def easy_items(*triples):
    """ListBlock raw data from (id, label, やさしい label) triples."""
    return [
        {"type": "item", "id": item_id, "value": {"label": label, "easy_label": easy}}
        for item_id, label, easy in triples
    ]


def easy_survey(**fields):
    texts = {
        "title": "行政手続きのオンライン化アンケート",
        "easy_title": "インターネットでする手続きのアンケート",
        "introduction": "<p>ご経験をお聞かせください。</p>",
        "easy_introduction": "<p>あなたのことを教えてください。</p>",
        "thank_you": "<p>ご協力ありがとうございました。</p>",
        "easy_thank_you": "<p>ありがとうございました。</p>",
    }
    return survey_create(
        section("s1", "行政手続きについて", easy_heading="役所の手続きのこと"),
        question(
            "single_choice",
            "q1",
            "行政手続きをオンラインで行ったことはありますか",
            easy_text="インターネットで役所の手続きをしましたか",
            help_text="この1年間についてお答えください。",
            easy_help_text="この1年のことを答えてください。",
            code="Q1",
            choices=easy_items(("a", "ある", "した"), ("b", "ない", "")),
        ),
        question(
            "short_text",
            "q2",
            "利用した手続きの名前",
            easy_text="どの手続きですか",
            condition=when("Q1", "ある"),
        ),
        **{**texts, **fields},
    )


def easy_client():
    client = Client()
    client.cookies[EASY_COOKIE] = "1"
    return client


def html(response):
    return response.content.decode()


def answer(client, survey):
    """ある, then the procedure's name (the question ある shows), then send."""
    client.post(survey.url + "step/1/", {"q-q1": "a", "action": "next"})
    client.post(survey.url + "step/1/", {"q-q1": "a", "q-q2": "住民票", "action": "next"})
    confirm = client.get(survey.url + "confirm/")
    token = re.search(r'name="submission_token" value="([^"]+)"', html(confirm))[1]
    client.post(survey.url + "confirm/", {"submission_token": token})
    return confirm


def test_a_respondent_who_chose_it_reads_the_easy_texts_and_the_originals_where_none():
    survey = easy_survey()

    page = html(easy_client().get(survey.url))

    assert "インターネットでする手続きのアンケート</h1>" in page
    assert "あなたのことを教えてください。" in page and "ご経験をお聞かせください。" not in page
    assert "役所の手続きのこと" in page
    assert "インターネットで役所の手続きをしましたか" in page
    assert "この1年のことを答えてください。" in page
    assert 'value="a" required id="id_q-q1_0">\n した</label>' in page
    assert 'value="b" required id="id_q-q1_1">\n ない</label>' in page  # no やさしい label
    assert "行政手続きをオンラインで行ったことはありますか" not in page
    assert "やさしい日本語で表示しています" in page


def test_other_respondents_read_the_originals_and_are_offered_the_switch(client):
    survey = easy_survey()

    page = html(client.get(survey.url))

    assert "行政手続きのオンライン化アンケート</h1>" in page
    assert "行政手続きをオンラインで行ったことはありますか" in page
    assert "インターネットで役所の手続きをしましたか" not in page
    assert 'value="1" aria-pressed="false">やさしい日本語</button>' in page


def test_a_survey_without_an_easy_title_and_introduction_has_no_switch():
    survey = easy_survey(easy_introduction="")

    page = html(easy_client().get(survey.url))

    assert not survey.has_easy_version
    assert "version-switch" not in page
    assert "行政手続きをオンラインで行ったことはありますか" in page  # its questions too


def test_the_choices_steps_conditions_and_confirmation_read_easy_with_the_same_ids():
    survey = easy_survey()
    [step] = survey_steps(survey.questions, easy=True)
    [original] = survey_steps(survey.questions)

    assert step.heading == "役所の手続きのこと"
    assert [q.id for q in step.questions] == [q.id for q in original.questions]
    assert step.questions[0].items() == [("a", "した"), ("b", "ない")]
    assert step.questions[0].original.items() == [("a", "ある"), ("b", "ない")]

    client = easy_client()
    confirm = answer(client, survey)
    assert "インターネットで役所の手続きをしましたか" in html(confirm)
    assert "した" in html(confirm)


def test_answers_from_either_version_are_the_same_answer_to_the_same_question():
    survey = easy_survey()

    answer(Client(), survey)
    answer(easy_client(), survey)

    rows = Answer.objects.filter(response__survey=survey, question_id="q1")
    assert [(r.choice_id, r.choice_label, r.question_label) for r in rows] == [
        ("a", "ある", "行政手続きをオンラインで行ったことはありますか")
    ] * 2
    # ある shows the next question in either version: the condition reads the original.
    assert Answer.objects.filter(response__survey=survey, question_id="q2").count() == 2
    counts = tally_counts(survey_id=survey.pk)
    assert counts[keys.key(keys.RESPONSES)] == 2
    assert counts[keys.key(keys.ROWS, "q1")] == 2
    assert counts[keys.key(keys.CHOICE, "q1", "", "a", "ある")] == 2


def test_the_easy_reader_sees_the_easy_thank_you_message():
    survey = easy_survey()
    client = easy_client()
    answer(client, survey)

    page = html(client.get(survey.url + "thanks/"))

    assert "ありがとうございました。" in page and "ご協力ありがとうございました。" not in page


def test_staff_results_show_the_original_question_and_choice(client):
    survey = easy_survey()
    answer(easy_client(), survey)
    client.force_login(StaffUserFactory(groups=["Analysts"]))

    page = html(client.get(reverse("survey_results:results", args=[survey.pk])))

    assert "行政手続きをオンラインで行ったことはありますか" in page
    assert "ある" in page
    assert "インターネットで役所の手続きをしましたか" not in page


def test_choices_stored_before_they_had_an_easy_label_still_read_as_their_label():
    survey = survey_create(
        question(
            "single_choice", "q1", "電子申請を使ったことはありますか", choices=["ある", "ない"]
        )
    )
    survey.save()
    survey.refresh_from_db()

    [step] = survey_steps(survey.questions, easy=True)

    assert [label for _id, label in step.questions[0].items()] == ["ある", "ない"]
    assert str(survey.questions[0].value["choices"][0]) == "ある"


# --- The editor's check of the questions' やさしい texts ----------------------------------------

HONORIFIC_ORIGINAL = "窓口にいらっしゃる方にお聞きします"
HONORIFIC_EASY = "係の 人が ご説明します。"


def test_the_check_reads_the_easy_texts_of_sections_questions_and_choices_only():
    saved = SurveyPage.objects.get(pk=easy_survey().pk).questions

    assert field_text(saved, key_prefix="easy_") == "\n".join(
        [
            "役所の手続きのこと",
            "インターネットで役所の手続きをしましたか",
            "この1年のことを答えてください。",
            "した",  # ない has no やさしい label; conditions and codes are no text
            "どの手続きですか",
        ]
    )


def checked_survey():
    return survey_create(
        question("short_text", "q1", HONORIFIC_ORIGINAL, easy_text=HONORIFIC_EASY),
        title="窓口アンケート",
        easy_title="まどぐちの アンケート",
    )


def test_the_editor_checks_the_questions_easy_texts_under_the_questions(editor):
    client = Client()
    client.force_login(editor)

    page = html(client.get(reverse("wagtailadmin_pages:edit", args=[checked_survey().pk])))

    assert "質問のやさしい日本語チェック" in page
    assert 'data-fields="questions" data-child-prefix="easy_"' in page
    assert "係の 人が <mark>ご説明し</mark>ます。" in page
    assert "「ご説明し」は尊敬語・謙譲語です。" in page
    assert "「いらっしゃる」は尊敬語・謙譲語です。" not in page  # only in the original


def test_after_a_failed_save_the_check_reads_the_questions_as_sent(editor):
    survey = checked_survey()
    client = Client()
    client.force_login(editor)
    sent = question(
        "short_text", "q1", HONORIFIC_ORIGINAL, easy_text="まどぐちに いらっしゃって ください。"
    )

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[survey.pk]),
        survey_form([sent], title="", slug=survey.slug),
    )

    assert response.status_code == 200  # refused: no title
    assert "「いらっしゃっ」は尊敬語・謙譲語です。" in html(response)
    assert "「ご説明し」は尊敬語・謙譲語です。" not in html(response)
