"""The demo's closed survey, whose results are public (seed_demo): 窓口サービス満足度調査, open
for a month until three weeks before the demo was seeded, answered by demo members, visitors
who did not sign in and a few paper sheets, with the analysts' choice of the questions shown
to anyone. It is what the site publishes as open data (/opendata/, /api/v1/surveys/) and what
the public results page shows.

Idempotent: an existing survey (found by slug) is left as it is, responses, choice and all.
"""

import random
import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from core.pages import page_publish

from .demo import item_list, question_block
from .models import Channel, ResultsVisibility, SurveyPage
from .selectors.published import publishable_question_ids
from .selectors.results import results_questions
from .services import (
    response_key_in,
    response_redate,
    response_submit,
    results_publication_set,
)

SLUG = "counter-satisfaction"
INTRODUCTION = (
    "<p>市役所と支所の窓口をご利用いただいた方に、手続きのしやすさや待ち時間についてお聞きしました。"
    "結果は窓口の改善に役立てます。</p>"
)
THANK_YOU = "<p>ご協力ありがとうございました。集計結果は締め切り後にこのページで公開します。</p>"
CLOSED_DAYS_AGO = 21
OPEN_DAYS = 30
SATISFACTION = ["不満", "やや不満", "どちらともいえない", "やや満足", "満足"]


def _labels(*labels):
    return item_list(*((label, "") for label in labels))


QUESTIONS = [
    question_block(
        "single_choice",
        "Q1",
        "今回、窓口を利用した主な目的を選んでください",
        choices=_labels(
            "住民票・証明書の取得",
            "転入・転出などの届出",
            "マイナンバーカードの手続き",
            "税・保険料の相談",
            "子育て・福祉の相談",
        ),
    ),
    question_block(
        "multiple_choice",
        "Q2",
        "窓口で不便に感じたことをすべて選んでください",
        choices=_labels(
            "待ち時間が長い",
            "同じことを何度も書く",
            "開庁時間が合わない",
            "どの窓口に行けばよいかわかりにくい",
            "特にない",
        ),
        min_selected=1,
    ),
    question_block(
        "rating",
        "Q3",
        "窓口の対応に、全体としてどのくらい満足していますか",
        scale="5",
        low_label="不満",
        high_label="満足",
    ),
    question_block(
        "matrix",
        "Q4",
        "次の点について、満足度を教えてください",
        rows=_labels("職員の説明のわかりやすさ", "待ち時間", "申請書の書きやすさ", "案内表示"),
        scale=_labels(*SATISFACTION),
    ),
    question_block(
        "single_choice",
        "Q5",
        "記入を職員が手伝う「書かない窓口」を利用したいと思いますか",
        choices=_labels(
            "利用したい", "どちらかといえば利用したい", "どちらともいえない", "利用したくない"
        ),
    ),
    question_block(
        "long_text",
        "Q6",
        "窓口サービスについて、ご意見・ご要望があればお書きください",
        required=False,
    ),
]

# How often each Q4 statement gets each point of SATISFACTION: the staff are praised, waiting
# is not.
MATRIX_WEIGHTS = [[1, 1, 3, 6, 5], [4, 6, 4, 3, 1], [2, 4, 5, 4, 2], [1, 3, 6, 5, 2]]
MEMBER_RESPONSES = 40  # the demo's first members, each once, signed in
VISITOR_RESPONSES = 44  # visitors who did not sign in
PAPER_RESPONSES = 6  # sheets from the counter's box, keyed in
OPINIONS = [
    "番号札で呼ばれるまでの目安の時間が表示されると助かります。",
    "職員の方が丁寧に説明してくださり、安心して手続きできました。",
    "引っ越しの届出で、同じ住所を何枚も書くのが大変でした。",
    "土曜日にも開いている窓口があるとうれしいです。",
    "案内の表示が小さく、どこに並べばよいか迷いました。",
]


def demo_closed_survey_build(*, index, analyst):
    """The closed survey under the アンケート `index`, made once (call it once the demo members
    exist: the first MEMBER_RESPONSES answer it): its responses, then closed CLOSED_DAYS_AGO
    days ago, then every publishable question chosen by `analyst`."""
    survey = SurveyPage.objects.child_of(index).filter(slug=SLUG).first()
    if survey is not None:
        return survey
    closes_at = _japan_time(days_ago=CLOSED_DAYS_AGO, at=time(23, 59))
    opens_at = _japan_time(days_ago=CLOSED_DAYS_AGO + OPEN_DAYS, at=time(9))
    survey = _survey_publish(index=index, opens_at=opens_at, year=closes_at.year)
    _responses_build(survey=survey, opens_at=opens_at)
    # Closed as staff close a survey: a new revision with its end date.
    survey.closes_at = closes_at
    survey = page_publish(survey)
    results_publication_set(
        survey=survey, question_ids=publishable_question_ids(survey), user=analyst
    )
    return survey


def _survey_publish(*, index, opens_at, year):
    """The survey, published under `index`: open since `opens_at`, with no end yet."""
    survey = SurveyPage(
        slug=SLUG,
        live=False,
        title=f"窓口サービス満足度調査 {year}",
        introduction=INTRODUCTION,
        thank_you=THANK_YOU,
        questions=QUESTIONS,
        opens_at=opens_at,
        results_visibility=ResultsVisibility.AFTER_CLOSING,
    )
    index.add_child(instance=survey)
    return page_publish(survey)


def _responses_build(*, survey, opens_at):
    """The demo responses, each dated in the counter's hours (9:00–17:00) of a day the survey
    was open; the same every time."""
    pick = random.Random(26)
    questions = {question.code: question for question in results_questions(survey)}
    members = get_user_model().objects.filter(is_staff=False, is_active=True).order_by("pk")
    respondents = [*members[:MEMBER_RESPONSES], *[AnonymousUser()] * VISITOR_RESPONSES]
    responses = [
        response_submit(
            survey=survey,
            respondent=respondent,
            answers=_answers(questions, pick),
            submission_token=uuid.uuid4(),
        )[0]
        for respondent in respondents
    ]
    responses += [
        response_key_in(
            survey=survey,
            answers=_answers(questions, pick),
            channel=Channel.PAPER,
            reference=f"{number:03d}",
            staff=None,
        )
        for number in range(1, PAPER_RESPONSES + 1)
    ]
    for response in responses:
        moment = timedelta(days=pick.randint(0, OPEN_DAYS - 1), minutes=pick.randint(0, 480))
        response_redate(response=response, submitted_at=opens_at + moment)


def _answers(questions, pick):
    """One made-up respondent's answers: most are fairly satisfied, waiting is the complaint."""

    def choice(code, weights):
        options = [key for key, _label in questions[code].items()]
        return {"choices": pick.choices(options, weights), "other": ""}

    scale = [key for key, _label in questions["Q4"].items("scale")]
    rows = [key for key, _label in questions["Q4"].items("rows")]
    answers = {
        questions["Q1"].id: choice("Q1", [6, 3, 4, 2, 3]),
        questions["Q2"].id: _inconveniences(questions, pick),
        questions["Q3"].id: pick.choices([1, 2, 3, 4, 5], [1, 2, 4, 7, 4])[0],
        questions["Q4"].id: {
            row: pick.choices(scale, weights)[0]
            for row, weights in zip(rows, MATRIX_WEIGHTS, strict=True)
        },
        questions["Q5"].id: choice("Q5", [5, 6, 3, 1]),
    }
    if pick.random() < 0.3:
        answers[questions["Q6"].id] = pick.choice(OPINIONS)
    return answers


def _inconveniences(questions, pick):
    """Q2: one to three inconveniences, 待ち時間 most often; or 特にない alone."""
    *troubles, none = [key for key, _label in questions["Q2"].items()]
    if pick.random() < 0.2:
        return {"choices": [none], "other": ""}
    chosen = {troubles[0]} if pick.random() < 0.6 else set()
    chosen.update(pick.sample(troubles, pick.randint(1, 2)))
    return {"choices": [key for key in troubles if key in chosen], "other": ""}


def _japan_time(*, days_ago, at):
    """The time `at` (Japan time) `days_ago` days before today."""
    tokyo = ZoneInfo("Asia/Tokyo")
    day = timezone.now().astimezone(tokyo).date() - timedelta(days=days_ago)
    return datetime.combine(day, at, tzinfo=tokyo)
