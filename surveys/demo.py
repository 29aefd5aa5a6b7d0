"""The demo survey that `manage.py seed_demo` builds: the アンケート index under the home page
and one open survey with two sections, of which each question type a demo visitor would try,
with DEMO_RESPONSES made-up responses over the last weeks so that the analysts' results screens
have something to show.

Idempotent: an existing index or survey (found by slug) is left as it is, so a re-run makes no
new revision and keeps the questions' block ids (which answers point at); responses are added
only to a survey that has none.
"""

import random
import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from core.pages import child_page_get_or_create

from .models import Channel, Response, SurveyIndexPage, SurveyPage
from .selectors.results import results_questions
from .services import response_key_in, response_redate, response_submit

INDEX_INTRO = (
    "<p>地域の皆さまの声を、行政DXと地方創生の取り組みに生かします。回答は統計として集計し、"
    "個人が特定できる形で公表することはありません。</p>"
)
SURVEY_SLUG = "online-procedures"
SURVEY_TITLE = "行政手続きのオンライン化に関するアンケート"
SURVEY_INTRO = (
    "<p>電子申請やマイナンバーカードを使った手続きについて、皆さまの経験とご意見をお聞かせください。"
    "所要時間は3分ほどです。</p>"
)
# The survey's やさしい日本語 version: short sentences, です・ます, few kanji.
SURVEY_EASY_TITLE = "インターネットでする役所の手続きのアンケート"
SURVEY_EASY_INTRO = (
    "<p>インターネットで役所の手続きをしたことがありますか。"
    "あなたの考えを教えてください。3分ぐらいで答えられます。</p>"
)
SURVEY_EASY_THANK_YOU = "<p>答えてくれて、ありがとうございました。</p>"
SURVEY_OPEN_DAYS = 90
IMPORTANCE = [
    ("重要ではない", "大切ではない"),
    ("あまり重要ではない", "あまり大切ではない"),
    ("どちらともいえない", "どちらでもない"),
    ("やや重要", "少し大切"),
    ("重要", "大切"),
]


def question_block(kind, code, text, easy_text="", **fields):
    """A required question of block type `kind` as a StreamField value (`fields`: its other
    settings)."""
    value = {"code": code, "text": text, "easy_text": easy_text, "required": True, **fields}
    return {"type": kind, "value": value}


def item_list(*pairs):
    """Choices (or matrix rows and scale points) as (label, やさしい label) pairs."""
    return [{"label": label, "easy_label": easy} for label, easy in pairs]


QUESTIONS = [
    {
        "type": "section",
        "value": {
            "heading": "あなたについて",
            "easy_heading": "あなたのこと",
            "description": "集計の区分にのみ使います。",
            "easy_description": "答えをまとめるときだけに使います。",
        },
    },
    question_block(
        "stakeholder_type", "Q1", "あなたの立場を教えてください", "あなたのことを教えてください"
    ),
    question_block(
        "prefecture",
        "Q2",
        "お住まい（またはお勤め先）の都道府県を選んでください",
        "住んでいる県を選んでください。働いている県でもいいです",
    ),
    {
        "type": "section",
        "value": {
            "heading": "行政手続きのオンライン化について",
            "easy_heading": "インターネットでする手続きのこと",
            "description": "",
        },
    },
    question_block(
        "single_choice",
        "Q3",
        "この1年で、行政手続きをオンラインで行ったことはありますか",
        "この1年に、インターネットで役所の手続きをしましたか",
        choices=item_list(("ある", "した"), ("ない", "していない"), ("わからない", "わからない")),
    ),
    question_block(
        "multiple_choice",
        "Q4",
        "オンラインで行った手続きをすべて選んでください",
        "インターネットでした手続きを、全部選んでください",
        choices=item_list(
            ("住民票の写しの請求", "住民票をもらう"),
            ("転出・転入の届出", "引っこしの届け"),
            ("子育て関係の申請", "子どもを育てることの申しこみ"),
            ("税の申告", "税金の手続き"),
            ("施設の予約", "体育館などの予約"),
        ),
        allow_other=True,
        min_selected=1,
        condition={"question": "Q3", "operator": "equals", "value": "ある"},
    ),
    question_block(
        "single_choice",
        "Q5",
        "オンライン化を進めるうえで、一番の課題は何だと思いますか",
        "インターネットの手続きで、一番困ることは何ですか",
        choices=item_list(
            ("操作が難しい", "使い方が難しい"),
            ("本人確認（マイナンバーカード）の手間", "マイナンバーカードを使うのが大変"),
            ("対応している手続きが少ない", "インターネットでできる手続きが少ない"),
            ("セキュリティへの不安", "安全かどうか心配"),
        ),
        allow_other=True,
    ),
    question_block(
        "rating",
        "Q6",
        "お住まいの自治体の電子申請の使いやすさを評価してください",
        "あなたの町のインターネットの手続きは、使いやすいですか",
        scale="5",
        low_label="使いにくい",
        high_label="使いやすい",
    ),
    question_block(
        "matrix",
        "Q7",
        "電子申請の次の点は、あなたにとってどのくらい重要ですか",
        "インターネットの手続きで、次のことはどのくらい大切ですか",
        rows=item_list(
            ("24時間いつでも申請できる", "いつでも申しこめる"),
            ("窓口に行かずに済む", "役所に行かなくてもいい"),
            ("本人確認が簡単", "自分だと示すのが簡単"),
            ("進み具合がわかる", "今どうなっているかわかる"),
        ),
        scale=item_list(*IMPORTANCE),
    ),
    question_block(
        "nps",
        "Q8",
        "電子申請を家族や知人に勧めたいと思いますか",
        "インターネットの手続きを、家族や友だちにすすめたいですか",
    ),
    question_block(
        "long_text",
        "Q9",
        "オンライン化について、ご意見やご要望があればお書きください",
        "ほかに考えがあったら、書いてください",
        required=False,
    ),
]


DEMO_RESPONSES = 60
PAPER_EVERY = 6  # 10 of the 60 came on paper: enough to break results down by 回答方法
DEMO_OPINIONS = [
    "マイナンバーカードでの本人確認がもっと簡単になれば使いたいです。",
    "子育て関係の申請が夜でもできて助かりました。",
    "高齢の親には操作が難しいので、窓口での手伝いも残してほしい。",
    "申請の進み具合がわかると安心できます。",
    "電子申請に対応している手続きをもっと増やしてほしい。",
    "スマートフォンで完結できると便利です。",
]


def demo_survey_build(*, home):
    """The アンケート index under `home` and the open demo survey in it (published), with its
    demo responses."""
    index = child_page_get_or_create(
        parent=home,
        page_class=SurveyIndexPage,
        slug="surveys",
        defaults={"title": "アンケート", "introduction": INDEX_INTRO},
    )
    survey = child_page_get_or_create(
        parent=index,
        page_class=SurveyPage,
        slug=SURVEY_SLUG,
        defaults={
            "title": SURVEY_TITLE,
            "introduction": SURVEY_INTRO,
            "easy_title": SURVEY_EASY_TITLE,
            "easy_introduction": SURVEY_EASY_INTRO,
            "easy_thank_you": SURVEY_EASY_THANK_YOU,
            "questions": QUESTIONS,
            "closes_at": _closing_time(),
            "one_question_per_screen": True,  # phones show one question at a time
        },
    )
    if not Response.objects.real().filter(survey=survey).exists():
        demo_responses_build(survey=survey)
    return survey


def demo_responses_build(*, survey, count=DEMO_RESPONSES):
    """`count` made-up responses to the demo survey, spread over the last three weeks, one in
    PAPER_EVERY keyed in from a paper sheet; the same every time (a fixed seed)."""
    pick = random.Random(6)
    questions = {question.code: question for question in results_questions(survey)}
    now = timezone.now()
    for number in range(count):
        answers = _demo_answers(questions, pick)
        if number % PAPER_EVERY == PAPER_EVERY - 1:  # a sheet from the town hall's counter box
            response = response_key_in(
                survey=survey,
                answers=answers,
                channel=Channel.PAPER,
                reference=f"{number + 1:03d}",
                staff=None,
            )
        else:
            response, _created = response_submit(
                survey=survey,
                respondent=AnonymousUser(),
                answers=answers,
                submission_token=uuid.uuid4(),
            )
        submitted_at = now - timedelta(days=pick.randint(0, 20), minutes=number)
        response_redate(response=response, submitted_at=submitted_at)


def _demo_answers(questions, pick):
    def choice(code, weights=None):
        options = [key for key, _label in questions[code].items()]
        return {"choices": pick.choices(options, weights=weights), "other": ""}

    online = choice("Q3", weights=[6, 3, 1])
    answers = {
        questions["Q1"].id: pick.choices(
            ["resident", "business", "municipal", "organisation", "student"], [8, 4, 4, 2, 1]
        )[0],
        questions["Q2"].id: pick.choice(["01", "13", "13", "27", "40", "47"]),
        questions["Q3"].id: online,
        questions["Q5"].id: choice("Q5", weights=[3, 5, 4, 2]),
        questions["Q6"].id: pick.choices([1, 2, 3, 4, 5], [1, 3, 5, 6, 3])[0],
        questions["Q7"].id: {
            row: pick.choices([key for key, _label in questions["Q7"].items("scale")])[0]
            for row, _label in questions["Q7"].items("rows")
        },
        questions["Q8"].id: pick.randint(2, 10),
    }
    if online["choices"][0] == questions["Q3"].items()[0][0]:  # ある
        options = [key for key, _label in questions["Q4"].items()]
        answers[questions["Q4"].id] = {"choices": pick.sample(options, 2), "other": ""}
    if pick.random() < 0.5:
        answers[questions["Q9"].id] = pick.choice(DEMO_OPINIONS)
    return answers


def _closing_time():
    """The end of the day SURVEY_OPEN_DAYS from now, Japan time: open for the demo's life."""
    tokyo = ZoneInfo("Asia/Tokyo")
    day = timezone.now().astimezone(tokyo).date() + timedelta(days=SURVEY_OPEN_DAYS)
    return datetime.combine(day, time(23, 59), tzinfo=tokyo)
