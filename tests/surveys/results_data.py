"""Ten respondents to a survey with every question type, whose results were worked out by
hand (tests/surveys/test_results.py and test_breakdowns.py say what each figure is)."""

import datetime
import uuid
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict

from surveys.selectors.filters import ResultsFilter
from surveys.selectors.results import results_questions
from surveys.services import response_redate, response_submit
from tests.surveys.respondent import items, question, survey_create

JST = ZoneInfo("Asia/Tokyo")
DAY_ONE = datetime.datetime(2026, 11, 10, 10, 0, tzinfo=JST)
DAY_TWO = datetime.datetime(2026, 11, 11, 0, 30, tzinfo=JST)  # 2026-11-10T15:30Z


def results_survey(**fields):
    optional = {"required": False}
    return survey_create(
        question("stakeholder_type", "type", "立場", **optional),
        question("prefecture", "pref", "都道府県", **optional),
        question(
            "single_choice",
            "sat",
            "満足度",
            choices=items(("a", "良い"), ("b", "普通"), ("c", "悪い")),
            allow_other=True,
            **optional,
        ),
        question(
            "multiple_choice",
            "use",
            "使ったもの",
            choices=items(("x", "窓口"), ("y", "電子申請"), ("z", "郵送")),
            **optional,
        ),
        question("rating", "rate", "評価", scale=5, **optional),
        question("nps", "nps", "おすすめ度", **optional),
        question(
            "matrix",
            "mx",
            "項目別",
            rows=items(("r1", "使いやすさ"), ("r2", "速さ")),
            scale=items(("s1", "不満"), ("s2", "普通"), ("s3", "満足")),
            **optional,
        ),
        question(
            "ranking",
            "rank",
            "優先順位",
            choices=items(("p", "速さ"), ("q", "安さ"), ("r", "質")),
            **optional,
        ),
        question("number", "num", "回数", **optional),
        question("date", "day", "利用日", **optional),
        question("long_text", "txt", "ご意見", **optional),
        one_response=False,
        **fields,
    )


def choice(choice, other=""):
    return {"choices": [choice], "other": other}


def answer(survey, submitted_at, **answers):
    response, _created = response_submit(
        survey=survey,
        respondent=AnonymousUser(),
        answers=answers,
        submission_token=uuid.uuid4(),
    )
    response_redate(response=response, submitted_at=submitted_at)
    return response


TEN = [
    {"type": "resident", "pref": "01", "sat": choice("a"), "use": ["x", "y"], "rate": 5,
     "nps": 10, "mx": {"r1": "s3", "r2": "s2"}, "rank": {"p": 1, "q": 2, "r": 3}, "num": "10",
     "day": "2026-11-01", "txt": "マイナンバーカードの普及が遅い"},
    {"type": "resident", "pref": "01", "sat": choice("a"), "use": ["y"], "rate": 4, "nps": 9,
     "mx": {"r1": "s3"}, "rank": {"p": 1, "q": 3, "r": 2}, "num": "20"},
    {"type": "resident", "pref": "13", "sat": choice("b"), "use": ["x"], "rate": 3, "nps": 7,
     "mx": {"r1": "s2", "r2": "s1"}, "rank": {"p": 2, "q": 1, "r": 3}, "num": "30"},
    {"type": "resident", "pref": "13", "sat": choice("a"), "use": ["y", "z"], "rate": 4,
     "nps": 8},
    {"type": "business", "pref": "13", "sat": choice("b"), "use": ["x"], "rate": 2, "nps": 3},
    {"type": "business", "pref": "13", "sat": choice("c"), "use": ["y"], "rate": 1, "nps": 0},
    {"type": "municipal", "pref": "01", "sat": choice("other", "わからない"),
     "use": ["x", "y", "z"], "rate": 5, "nps": 10},
    {"type": "municipal", "pref": "27", "sat": choice("a"), "use": ["y"], "rate": 4, "nps": 6},
    {"type": "municipal", "pref": "27", "sat": choice("b"), "rate": 3, "nps": 9},
    {"pref": "27", "sat": choice("a"), "use": ["x"], "rate": 5, "nps": 10},
]  # fmt: skip


def stored(answers):
    """The value response_submit takes: multiple choice as {"choices", "other"}."""
    if "use" in answers:
        answers = {**answers, "use": {"choices": answers["use"], "other": ""}}
    return answers


def ten_respondents_survey():
    """The survey (minimum group size 3) with TEN's answers: five on DAY_ONE, five on DAY_TWO."""
    survey = results_survey(min_group_size=3)
    for number, answers in enumerate(TEN):
        answer(survey, DAY_ONE if number < 5 else DAY_TWO, **stored(answers))
    return survey


def query_filter(survey, query=""):
    """The ResultsFilter a results page's query string (`from`, `to`, `a`) describes."""
    return ResultsFilter.from_params(QueryDict(query), questions=results_questions(survey))
