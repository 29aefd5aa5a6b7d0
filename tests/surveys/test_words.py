"""surveys.words: the content words of a free-text answer (SudachiPy, split mode C); their
AnswerWord rows, written after a response is submitted and by `survey_words_rebuild`."""

import re
import threading
import uuid
from io import StringIO
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command

from surveys.models import AnswerWord
from surveys.services import response_submit
from surveys.tallies.keys import WORD, key
from surveys.tallies.recount import tallies_difference
from surveys.tallies.store import tally_counts
from surveys.tasks import answer_words_index
from surveys.words import WORD_MAX, answer_words
from tests.surveys.respondent import items, question, survey_create


def test_compounds_stay_whole_and_particles_go():
    words = answer_words("マイナンバーカードの普及が遅い")

    assert words == ["マイナンバーカード", "普及", "遅い"]


def test_administrative_compounds_are_one_word():
    words = answer_words("電子申請で住民票の写しを請求しました")

    assert {"電子申請", "住民票"} <= set(words)
    assert "電子" not in words and "申請" not in words


@pytest.mark.parametrize(
    ("text", "word"),
    [("ＤＸを進める", "dx"), ("DXを進める", "dx"), ("ﾏｲﾅﾝﾊﾞｰを使う", "マイナンバー")],
)
def test_text_is_nfkc_normalised_and_latin_lower_cased(text, word):
    assert word in answer_words(text)


def test_stop_words_auxiliaries_and_numbers_are_dropped():
    words = answer_words("2024年に3回、窓口に行くことができると思います。これはよいものです。")

    assert words == ["窓口"]


def test_verbs_and_adjectives_in_their_dictionary_form_with_spellings_unified():
    words = answer_words("説明がわかりにくく、分かりやすくしてほしい。手続きが遅かった")

    assert words == ["説明", "分かる", "手続き", "遅い"]


def test_each_word_once_in_order_of_first_appearance():
    assert answer_words("窓口が混む。窓口が遠い。") == ["窓口", "混む", "遠い"]


def test_markup_is_just_text():
    assert answer_words("<script>alert(1)</script>") == ["script", "alert"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "😊👍🏽🇯🇵",
        "\u200b\ufeff\x00\ufffd",
        "ああ、え。",
        "！？。、「」…",
        "𠮷野家の\u3099゛",
    ],
)
def test_odd_text_gives_few_or_no_words_without_failing(text):
    words = answer_words(text)

    assert all(word.strip() and len(word) <= WORD_MAX for word in words)
    assert not any(len(word) == 1 and word in "あえ" for word in words)


def test_invisible_characters_do_not_split_a_word():
    assert answer_words("マイ\u200bナンバー\ufeffカード") == ["マイナンバーカード"]


def test_overlong_words_are_dropped():
    assert answer_words("a" * (WORD_MAX + 1) + " 電子申請") == ["電子申請"]


def test_text_longer_than_the_analyser_accepts_is_segmented():
    assert answer_words("電子申請は便利です。" * 3000) == ["電子申請", "便利"]


def test_common_english_words_are_stop_words():
    assert answer_words("The form is not easy to use") == ["form", "easy", "use"]


def test_threads_segment_at_once():
    results, errors = [], []

    def segment():
        try:
            results.append(answer_words("子育て支援の手続きをオンラインでしたい"))
        except Exception as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=segment) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert results == [["子育て", "支援", "手続き", "オンライン"]] * 4


# Indexing: the AnswerWord rows of a response, written after it is committed.

CHOICES = items(("a", "ある"), ("b", "ない"))


def text_survey(**fields):
    fields.setdefault("one_response", False)
    return survey_create(
        question("single_choice", "q1", "使ったことは", choices=CHOICES, allow_other=True),
        question("short_text", "q2", "一言で", required=False),
        question("long_text", "q3", "ご意見", required=False),
        **fields,
    )


def submit(survey, answers, **kwargs):
    response, _created = response_submit(
        survey=survey,
        respondent=AnonymousUser(),
        answers=answers,
        submission_token=kwargs.pop("submission_token", None) or uuid.uuid4(),
        **kwargs,
    )
    return response


def indexed(**filters):
    return sorted(
        AnswerWord.objects.filter(**filters).values_list(
            "answer__question_id", "response", "survey", "question_id", "word"
        )
    )


def stale_word(answer, word):
    AnswerWord.objects.create(
        answer=answer,
        response=answer.response,
        survey=answer.survey,
        question_id=answer.question_id,
        word=word,
    )


@pytest.mark.django_db
class TestIndexing:
    def test_submitting_indexes_the_words_of_the_text_answers(
        self, django_capture_on_commit_callbacks
    ):
        survey = text_survey()
        with django_capture_on_commit_callbacks(execute=True):
            response = submit(
                survey,
                {
                    "q1": {"choices": ["other"], "other": "窓口で申請"},
                    "q2": "ＤＸ推進",
                    "q3": "マイナンバーカードの普及が遅い",
                },
            )

        assert indexed() == [
            ("q2", response.pk, survey.pk, "q2", word) for word in sorted(["dx", "推進"])
        ] + [
            ("q3", response.pk, survey.pk, "q3", word)
            for word in sorted(["マイナンバーカード", "普及", "遅い"])
        ]

    def test_the_words_are_indexed_only_once_the_response_is_committed(
        self, django_capture_on_commit_callbacks
    ):
        survey = text_survey()
        with django_capture_on_commit_callbacks() as callbacks:
            submit(survey, {"q3": "電子申請が便利"})

        assert len(callbacks) == 1 and not AnswerWord.objects.exists()
        callbacks[0]()
        assert AnswerWord.objects.count() == 2

    def test_test_responses_and_responses_without_text_are_not_indexed(
        self, django_capture_on_commit_callbacks
    ):
        survey = text_survey()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            submit(survey, {"q3": "電子申請が便利"}, is_test=True)
            submit(survey, {"q1": {"choices": ["a"], "other": ""}, "q2": ""})

        assert callbacks == [] and not AnswerWord.objects.exists()

    def test_a_replayed_submission_is_not_indexed_again(self, django_capture_on_commit_callbacks):
        survey, token = text_survey(), uuid.uuid4()
        with django_capture_on_commit_callbacks(execute=True):
            submit(survey, {"q3": "電子申請が便利"}, submission_token=token)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            submit(survey, {"q3": "電子申請が便利"}, submission_token=token)

        assert callbacks == [] and AnswerWord.objects.count() == 2

    def test_the_task_gives_the_same_rows_when_run_again(self):
        response = submit(text_survey(), {"q2": "窓口", "q3": "子育て支援の手続き"})
        first = answer_words_index.call(response_id=response.pk)
        rows = indexed()
        again = answer_words_index.call(response_id=response.pk)

        assert first == again == 4
        assert indexed() == rows

    def test_the_task_replaces_words_the_answer_no_longer_has(self):
        response = submit(text_survey(), {"q3": "子育て支援"})
        stale_word(response.answers.get(), "古い")

        answer_words_index.call(response_id=response.pk)

        assert [word for *_ids, word in indexed()] == ["子育て", "支援"]


@pytest.mark.django_db
class TestRebuildCommand:
    def test_rebuilds_every_survey_s_words_from_the_answers(self):
        first, second = text_survey(), text_survey()
        submit(first, {"q2": "窓口", "q3": "電子申請が便利"})
        submit(second, {"q3": "子育て支援"})
        test = submit(second, {"q3": "テスト回答"}, is_test=True)
        stale_word(test.answers.get(), "残り")
        out = StringIO()

        call_command("survey_words_rebuild", stdout=out)

        assert [word for *_ids, word in indexed(survey=first)] == ["窓口", "便利", "電子申請"]
        assert [word for *_ids, word in indexed(survey=second)] == ["子育て", "支援"]
        assert re.findall(r"\d+", out.getvalue()) == ["3", "5"]  # answers, words

    def test_running_it_again_gives_the_same_rows(self):
        submit(text_survey(), {"q2": "窓口", "q3": "電子申請が便利"})
        call_command("survey_words_rebuild", stdout=StringIO())
        rows = indexed()

        call_command("survey_words_rebuild", stdout=StringIO())

        assert indexed() == rows and len(rows) == 3

    def test_the_results_tallies_count_the_rebuilt_words(self):
        survey = text_survey()
        with mock.patch("surveys.tasks.answer_words", return_value=["古い"]):  # the analyser before
            answer_words_index.call(response_id=submit(survey, {"q2": "窓口"}).pk)
        answer_words_index.call(response_id=submit(survey, {"q3": "窓口が混む"}).pk)
        submit(survey, {"q3": "電子申請が便利"})  # not indexed yet

        call_command("survey_words_rebuild", stdout=StringIO())

        assert tallies_difference(survey_id=survey.pk) == {}
        counts = tally_counts(survey_id=survey.pk)
        assert counts[key(WORD, "q2", "窓口")] == counts[key(WORD, "q3", "窓口")] == 1
        assert counts[key(WORD, "q3", "電子申請")] == 1 and not counts[key(WORD, "q2", "古い")]

    def test_one_survey_leaves_the_others_as_they_are(self):
        first, second = text_survey(), text_survey()
        submit(first, {"q3": "電子申請が便利"})
        other = submit(second, {"q3": "子育て支援"})
        stale_word(other.answers.get(), "古い")

        call_command("survey_words_rebuild", survey=first.pk, stdout=StringIO())

        assert [word for *_ids, word in indexed(survey=first)] == ["便利", "電子申請"]
        assert [word for *_ids, word in indexed(survey=second)] == ["古い"]

    def test_an_unknown_survey_is_refused(self):
        with pytest.raises(CommandError):
            call_command("survey_words_rebuild", survey=999_999, stdout=StringIO())
