"""The demo survey that `manage.py seed_demo` builds: the アンケート index under the home page
and one open survey with two sections, of which each question type a demo visitor would try.

Idempotent: an existing index or survey (found by slug) is left as it is, so a re-run makes no
new revision and keeps the questions' block ids (which answers point at).
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from articles import services

from .models import SurveyIndexPage, SurveyPage

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
SURVEY_OPEN_DAYS = 90
IMPORTANCE = ["重要ではない", "あまり重要ではない", "どちらともいえない", "やや重要", "重要"]


def _question(kind, code, text, **fields):
    return {"type": kind, "value": {"code": code, "text": text, "required": True, **fields}}


QUESTIONS = [
    {
        "type": "section",
        "value": {"heading": "あなたについて", "description": "集計の区分にのみ使います。"},
    },
    _question("stakeholder_type", "Q1", "あなたの立場を教えてください"),
    _question("prefecture", "Q2", "お住まい（またはお勤め先）の都道府県を選んでください"),
    {
        "type": "section",
        "value": {"heading": "行政手続きのオンライン化について", "description": ""},
    },
    _question(
        "single_choice",
        "Q3",
        "この1年で、行政手続きをオンラインで行ったことはありますか",
        choices=["ある", "ない", "わからない"],
    ),
    _question(
        "multiple_choice",
        "Q4",
        "オンラインで行った手続きをすべて選んでください",
        choices=[
            "住民票の写しの請求",
            "転出・転入の届出",
            "子育て関係の申請",
            "税の申告",
            "施設の予約",
        ],
        allow_other=True,
        min_selected=1,
        condition={"question": "Q3", "operator": "equals", "value": "ある"},
    ),
    _question(
        "single_choice",
        "Q5",
        "オンライン化を進めるうえで、一番の課題は何だと思いますか",
        choices=[
            "操作が難しい",
            "本人確認（マイナンバーカード）の手間",
            "対応している手続きが少ない",
            "セキュリティへの不安",
        ],
        allow_other=True,
    ),
    _question(
        "rating",
        "Q6",
        "お住まいの自治体の電子申請の使いやすさを評価してください",
        scale="5",
        low_label="使いにくい",
        high_label="使いやすい",
    ),
    _question(
        "matrix",
        "Q7",
        "電子申請の次の点は、あなたにとってどのくらい重要ですか",
        rows=[
            "24時間いつでも申請できる",
            "窓口に行かずに済む",
            "本人確認が簡単",
            "進み具合がわかる",
        ],
        scale=IMPORTANCE,
    ),
    _question("nps", "Q8", "電子申請を家族や知人に勧めたいと思いますか"),
    _question(
        "long_text",
        "Q9",
        "オンライン化について、ご意見やご要望があればお書きください",
        required=False,
    ),
]


def demo_survey_build(*, home):
    """The アンケート index under `home` and the open demo survey in it (published)."""
    index = services.child_page_get_or_create(
        parent=home,
        page_class=SurveyIndexPage,
        slug="surveys",
        defaults={"title": "アンケート", "introduction": INDEX_INTRO},
    )
    return services.child_page_get_or_create(
        parent=index,
        page_class=SurveyPage,
        slug=SURVEY_SLUG,
        defaults={
            "title": SURVEY_TITLE,
            "introduction": SURVEY_INTRO,
            "questions": QUESTIONS,
            "closes_at": _closing_time(),
        },
    )


def _closing_time():
    """The end of the day SURVEY_OPEN_DAYS from now, Japan time: open for the demo's life."""
    tokyo = ZoneInfo("Asia/Tokyo")
    day = timezone.now().astimezone(tokyo).date() + timedelta(days=SURVEY_OPEN_DAYS)
    return datetime.combine(day, time(23, 59), tzinfo=tokyo)
