"""Surveys for the API and open-data tests: published results anyone may read (closed, shown
after closing, some questions published), their answers, and each way of not being public."""

import uuid
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from core.channels import Channel
from surveys.models import ResultsPublication, ResultsVisibility, SurveyPage
from surveys.services import response_key_in, response_submit
from tests.surveys.respondent import items, question, survey_create

YES_NO = items(("y", "はい"), ("n", "いいえ"))
OPINION = "転入届の電子申請が分かりにくい"
OTHER_TEXT = "役場の窓口で聞いた"
ALL_QUESTIONS = ("sat", "mx", "rank", "num", "win", "txt")
PUBLISHED = ("sat", "mx", "rank", "num", "win")


def results_survey(*, published=PUBLISHED, answers=4, closed=True, **fields):
    """A survey of every publishable kind (and a free-text one) answered `answers` times
    (at least 3 to make the figures below), minimum group size 3: the 「窓口」 question is
    answered by 2, too few; so is the matrix's second statement. Shown after closing; closed
    (`closed`) after the answers."""
    fields.setdefault("results_visibility", ResultsVisibility.AFTER_CLOSING)
    fields.setdefault("min_group_size", 3)
    survey = survey_create(
        question(
            "single_choice",
            "sat",
            "電子申請に満足していますか",
            choices=items(("a", "満足"), ("b", "不満"), ("c", "=SUM(A1)")),
            allow_other=True,
        ),
        question(
            "matrix",
            "mx",
            "次の点の満足度",
            rows=items(("r1", "速さ"), ("r2", "分かりやすさ")),
            scale=items(("s1", "不満"), ("s2", "満足")),
            required=False,
        ),
        question("ranking", "rank", "優先順位", choices=items(("p", "窓口"), ("q", "電子申請"))),
        question("number", "num", "手続きの回数"),
        question("single_choice", "win", "窓口も使いましたか", choices=YES_NO, required=False),
        question("long_text", "txt", "ご意見をどうぞ", required=False),
        one_response=False,
        **fields,
    )
    for number in range(answers):
        answer(survey, **_answers(number))
    if published is not None:
        ResultsPublication.objects.create(survey=survey, question_ids=list(published))
    if closed:
        close(survey)
    return survey


def _answers(number):
    """The first respondent: 「その他」 with a text, 不満 on speed, the counter first; the
    others: 満足, 満足 on speed, online first. Only the first two answer 窓口 and the matrix's
    second statement."""
    first = number == 0
    given = {
        "sat": {"choices": ["other" if first else "a"], "other": OTHER_TEXT if first else ""},
        "mx": {"r1": "s1" if first else "s2", **({"r2": "s2"} if number < 2 else {})},
        "rank": {"p": 1, "q": 2} if first else {"q": 1, "p": 2},
        "num": str(number + 1),
        "txt": OPINION,
    }
    if number < 2:
        given["win"] = {"choices": ["y"], "other": ""}
    return given


def answer(survey, *, respondent=None, **answers):
    response, _created = response_submit(
        survey=survey,
        respondent=respondent or AnonymousUser(),
        answers=answers,
        submission_token=uuid.uuid4(),
    )
    return response


def key_in(survey, *, staff, **answers):
    """A paper response keyed in by `staff` (after closing too: paper arrives late)."""
    return response_key_in(
        survey=survey, answers=answers, channel=Channel.PAPER, reference="", staff=staff
    )


def close(survey, *, at=None):
    """Close `survey` at `at` (a minute ago) without a new revision."""
    survey.closes_at = at or timezone.now() - timedelta(minutes=1)
    SurveyPage.objects.filter(pk=survey.pk).update(closes_at=survey.closes_at)
