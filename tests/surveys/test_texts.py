"""surveys.selectors.texts: a free-text question's answers (searchable, newest first) and its
most used words, both among the responses the analyst's filters leave."""

import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from surveys.models import Response
from surveys.selectors import texts
from surveys.selectors.filters import ResultsFilter
from surveys.selectors.results import survey_results
from surveys.selectors.texts import text_answers, top_words
from surveys.services import response_submit
from surveys.tasks import answer_words_index
from tests.surveys.respondent import items, question, survey_create

# Hand-counted: how many answers contain each word (each answer counts a word once).
OPINIONS = [
    "マイナンバーカードの普及が遅い。マイナンバーカードは不便",  # マイナンバーカード 普及 遅い 不便
    "電子申請が便利になった",  # 電子申請 便利
    "電子申請は便利だが、マイナンバーカードが必要",  # 電子申請 便利 マイナンバーカード 必要
    "窓口が混んでいて不便",  # 窓口 混む 不便
    "ＤＸより窓口の人を増やしてほしい",  # dx 窓口 増やす
]
EXPECTED_TOP = [
    ("マイナンバーカード", 2),
    ("不便", 2),
    ("便利", 2),
    ("窓口", 2),
    ("電子申請", 2),
    ("dx", 1),
    ("増やす", 1),
    ("必要", 1),
    ("普及", 1),
    ("混む", 1),
    ("遅い", 1),
]


def opinion_survey():
    return survey_create(
        question(
            "single_choice",
            "q1",
            "立場",
            choices=items(("a", "住民"), ("b", "職員")),
            allow_other=True,
        ),
        question("long_text", "q2", "ご意見", required=False),
        question("short_text", "q3", "一言で", required=False),
        one_response=False,
    )


def answered(survey, text, *, choice="a", days_ago=0, **answers):
    """A committed response with its words indexed (as after the task has run)."""
    response, _created = response_submit(
        survey=survey,
        respondent=AnonymousUser(),
        answers={"q1": {"choices": [choice], "other": ""}, "q2": text, **answers},
        submission_token=uuid.uuid4(),
    )
    Response.objects.filter(pk=response.pk).update(
        submitted_at=timezone.now() - timedelta(days=days_ago)
    )
    answer_words_index.call(response_id=response.pk)
    return response


@pytest.fixture
def survey(db):
    survey = opinion_survey()
    for days_ago, text in enumerate(OPINIONS):
        answered(survey, text, choice="b" if days_ago >= 3 else "a", days_ago=days_ago)
    return survey


class TestTopWords:
    def test_counts_the_answers_that_use_each_word_most_first_ties_by_word(self, survey):
        responses = Response.objects.filter(survey=survey)

        assert (
            top_words(survey=survey, question_id="q2", responses=responses, limit=30)
            == EXPECTED_TOP
        )

    def test_limit_keeps_the_first_ones(self, survey):
        responses = Response.objects.filter(survey=survey)

        words = top_words(survey=survey, question_id="q2", responses=responses, limit=3)

        assert words == EXPECTED_TOP[:3]

    def test_counts_only_the_filtered_responses_in_one_query(self, survey):
        staff = Response.objects.filter(survey=survey, answers__choice_id="b")

        with CaptureQueriesContext(connection) as queries:
            words = top_words(survey=survey, question_id="q2", responses=staff, limit=30)

        assert words == [("窓口", 2), ("dx", 1), ("不便", 1), ("増やす", 1), ("混む", 1)]
        assert len(queries) == 1 and "GROUP BY" in queries[0]["sql"]

    def test_other_questions_and_surveys_are_not_counted(self, survey):
        other = opinion_survey()
        answered(other, "電子申請", q3="窓口")
        answered(survey, "", q3="電子申請")

        words = top_words(
            survey=survey, question_id="q2", responses=Response.objects.all(), limit=1
        )

        assert words == [("マイナンバーカード", 2)]


class TestTextAnswers:
    def test_the_question_s_non_empty_answers_newest_first(self, survey):
        answered(survey, "", q3="一言")
        responses = Response.objects.filter(survey=survey)

        answers = text_answers(survey=survey, question_id="q2", responses=responses)

        assert [answer.value_text for answer in answers] == OPINIONS

    def test_the_other_texts_of_a_choice_question(self, survey):
        answered(survey, "", q1={"choices": ["other"], "other": "ＮＰＯ職員"})

        answers = text_answers(
            survey=survey,
            question_id="q1",
            responses=Response.objects.filter(survey=survey),
            search="npo",
        )

        assert [answer.value_text for answer in answers] == ["ＮＰＯ職員"]

    def test_only_among_the_filtered_responses(self, survey):
        residents = Response.objects.filter(survey=survey, answers__choice_id="a")

        answers = text_answers(survey=survey, question_id="q2", responses=residents)

        assert [answer.value_text for answer in answers] == OPINIONS[:3]

    @pytest.mark.parametrize(
        ("search", "found"),
        [
            ("電子申請", [1, 2]),
            ("ﾏｲﾅﾝﾊﾞｰ", [0, 2]),  # half-width katakana, NFKC-normalised
            ("ＤＸ", [4]),  # full-width letters, answer typed in full width too
            ("dx", [4]),  # ignoring case, and found in the full-width ＤＸ
            ("  窓口 ", [3, 4]),
            ("存在しない", []),
            ("", [0, 1, 2, 3, 4]),
        ],
    )
    def test_search_finds_the_text_inside_answers(self, survey, search, found):
        answers = text_answers(
            survey=survey,
            question_id="q2",
            responses=Response.objects.filter(survey=survey),
            search=search,
        )

        assert [answer.value_text for answer in answers] == [OPINIONS[i] for i in found]

    def test_a_full_width_query_finds_half_width_text(self, survey):
        answered(survey, "行政DXの推進")

        answers = text_answers(
            survey=survey,
            question_id="q2",
            responses=Response.objects.filter(survey=survey),
            search="行政ＤＸ",
        )

        assert [answer.value_text for answer in answers] == ["行政DXの推進"]


class TestLatestTexts:
    def test_the_newest_five_also_when_they_are_only_in_older_responses(self, db, monkeypatch):
        survey = opinion_survey()
        for days_ago in range(30):
            typed = {"choices": ["other"], "other": f"団体{days_ago}"}  # the ten oldest
            chose = typed if days_ago >= 20 else {"choices": ["a"], "other": ""}
            answered(survey, f"意見{days_ago}", days_ago=days_ago, q1=chose)
        # Look at the newest 5 × 30 ÷ (texts of the question) responses first: 5 for ご意見
        # (all have one), 15 for 立場 (none of the newest 15 typed 「その他」).
        monkeypatch.setattr(texts, "LOOK_AHEAD", 1)
        monkeypatch.setattr(texts, "LOOK_MORE", 0)

        results = survey_results(survey=survey, results_filter=ResultsFilter())

        shown = {result.question.id: result.texts for result in results.questions}
        assert [answer.value_text for answer in shown["q2"]] == [f"意見{n}" for n in range(5)]
        assert [answer.value_text for answer in shown["q1"]] == [f"団体{n}" for n in range(20, 25)]
        everyone = Response.objects.filter(survey=survey)
        assert shown["q1"] == list(
            text_answers(survey=survey, question_id="q1", responses=everyone)[:5]
        )
