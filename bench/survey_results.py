"""What the staff results of a survey with 100,000 responses cost, next to the SQL they need.

`python bench/survey_results.py [--responses 100000] [--renders 3]` (`make bench` runs it at
BENCH_RESULTS_RESPONSES: 5,000 in CI, 30,000 with BENCH_FULL=1; see bench/README.md) builds
a survey of 20 questions of every type analysts use (立場, 都道府県, single and multiple choice
with 4–9 choices and 「その他」, dropdowns, ratings 1–5 and 1–10, NPS, a 4-row matrix,
a ranking of 5, a number, a date and two free-text questions of Japanese sentences) and fills it
with real responses written straight into the tables (one transaction; COPY on PostgreSQL):
about 25 Answer rows a response, 2.5 million for 100,000, and the AnswerWord rows of the text
answers (surveys.words segments each distinct text once; the texts are mixed from a few dozen
sentences, so the words repeat as they do in real answers).

The database is the one DATABASE_URL names: unset or sqlite → a SQLite file in a temporary
directory (bench/settings.py), deleted afterwards; postgres://… → a database of its own on that
server, `yoriai_bench_results` (dropped and created; the URL's own database is never touched),
dropped afterwards. PostgreSQL gets VACUUM ANALYZE after the load, as autovacuum would do;
SQLite gets nothing (Django never runs ANALYZE there).

It measures, signed in as an Analyst (with an authenticator, as staff must have):

1. Queries of the results page (`survey_results:results`, the full view through the test
   Client) unfiltered, with one answer filter and with a breakdown by 立場, at `--small`
   (1,000) responses and again after growing the same survey to `--responses`. They must be
   equal: otherwise the run says which differ and exits with status 1.
2. At `--responses`: median and p95 of `--renders` GETs of each page, and the baseline: the
   SELECT statements that page ran (captured with CaptureQueriesContext, then run again with a
   raw cursor, every row fetched), with the ratio page ÷ SQL and the slowest statements.
   The unfiltered page is timed twice: reading the survey's tallies (surveys.tallies, brought
   up to date after each load by the recount `survey_tallies_check --fix` runs, also timed),
   and with them ignored ("unfiltered, no tallies": every answer grouped, as before).
3. The CSV export of every response (StreamingHttpResponse consumed and thrown away): rows/s
   and the growth of the process's peak RSS; then tracemalloc's peak in a second pass over at
   most `--traced-responses` (20,000; a date filter keeps the first days when there are more).
4. The XLSX export (responses and summary): time, size and peak RSS growth, for at most
   `--xlsx-responses` responses (20,000, the same way).

Timings are figures to read, never assertions. Everything temporary is removed on the way out.
"""

import argparse
import datetime
import os
import random
import shutil
import signal
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections import Counter
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parent.parent
PG_DATABASE = "yoriai_bench_results"
SEED = 20261130
JST = ZoneInfo("Asia/Tokyo")
FIRST_DAY = datetime.datetime(2026, 10, 31, 8, 0, tzinfo=JST)
DAYS = 30  # responses arrive over a month
BATCH = 5000  # responses generated and written at a time
OTHER_LABEL = "その他"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000, help="responses in the end")
    parser.add_argument("--small", type=int, default=1000, help="responses at the first count")
    parser.add_argument("--renders", type=int, default=3, help="timed GETs of each page")
    parser.add_argument(
        "--xlsx-responses", type=int, default=20_000, help="most responses in the XLSX export"
    )
    parser.add_argument(
        "--traced-responses", type=int, default=20_000, help="most in the traced CSV export"
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help=f"leave the PostgreSQL database {PG_DATABASE} afterwards, to look into",
    )
    args = parser.parse_args()
    if not 0 < args.small < args.responses:
        parser.error("--small must be positive and below --responses")
    return args


# --- The survey -----------------------------------------------------------------------------

SENTENCES = [
    "窓口でマイナンバーカードの更新手続きをしましたが、予約なしで一時間以上待ちました。",
    "電子申請に切り替えてから、平日の昼間に休みを取らなくて済むようになりました。",
    "高齢の両親は画面の操作が不安だと言っていて、公民館での相談会があると助かります。",
    "転出届がオンラインでできるようになり、引越しの準備がずいぶん楽になりました。",
    "本人確認のたびに暗証番号を求められるので、忘れてしまう人が多いと思います。",
    "書かない窓口は職員の方の負担を減らす意味でも良い取り組みだと感じました。",
    "商店街の事業者としては、補助金の申請も同じ仕組みでできるようになってほしいです。",
    "児童手当の手続きが一番身近なので、そこから広げたのは正解だと思います。",
    "スマートフォンを持っていない人への配慮は引き続き必要です。",
    "デジタル支援員の募集があれば、地域の一員として協力したいと考えています。",
    "郵便局にタブレットを置いている市もあると聞きました。",
    "紙の申請書を完全になくすのはまだ早いと私は考えます。",
    "システムを入れる前に業務の流れを見直したという点に共感しました。",
    "土日に開いている窓口がもっと増えると、働いている世代には助かります。",
    "申請の進み具合がメールで届くようになって安心できました。",
    "ホームページの案内が分かりにくく、どの書類が必要なのか迷いました。",
    "介護保険の申請は家族が代わりに出せるようにしてほしいです。",
    "コンビニで住民票が取れるのはとても便利で、毎回使っています。",
    "職員の方が丁寧に説明してくださり、初めてでも迷わずに済みました。",
    "駐車場が狭くて、窓口に着くまでに時間がかかることがあります。",
    "オンライン決済に対応したので、手数料の支払いが楽になりました。",
    "外国籍の住民向けに、やさしい日本語や英語の案内を増やしてほしいです。",
    "アプリの通知が多すぎて、大事なお知らせを見落としてしまいました。",
    "手続きのたびに同じ情報を何度も書くのは負担なので、一度で済むと助かります。",
    "災害の時にも使える仕組みなのか、停電の時の対応が気になります。",
    "税の申告がスマートフォンで完結したのは画期的だと思いました。",
    "待合室の番号表示がウェブでも見られると、外で待てるので便利です。",
    "若い職員の方が増えて、窓口の雰囲気が明るくなったと感じます。",
    "説明会の日程が平日の昼間ばかりなので、夜や週末にも開いてほしいです。",
    "個人情報の扱いについて、もう少し丁寧な説明があると安心できます。",
]
PLACES = [
    "本庁舎の市民課",
    "北支所",
    "南支所",
    "駅前サービスコーナー",
    "コンビニ交付",
    "オンライン申請",
    "保健センター",
    "税務課",
    "福祉課の窓口",
    "子育て支援課",
    "出張所",
    "図書館の臨時窓口",
    "公民館の相談会",
    "電話窓口",
    "特になし",
    "市役所の二階",
    "ショッピングモールの行政コーナー",
    "町役場",
    "マイナンバーカードセンター",
    "国民健康保険の窓口",
]
OTHER_TEXTS = ["家族に頼んでいる", "職場で手続きした", "まだ決めていない", "郵送のみ", "不明"]


def _choices(*labels, weights=None, other=False):
    return {"choices": list(labels), "weights": weights, "allow_other": other}


# (type, question text, what a respondent picks, share of respondents who answer)
QUESTIONS = [
    ("stakeholder_type", "あなたの立場を教えてください", {}, 0.97),
    ("prefecture", "お住まいの都道府県", {}, 0.95),
    ("dropdown", "年代", _choices("10代", "20代", "30代", "40代", "50代", "60代以上"), 0.98),
    ("single_choice", "お住まいの自治体の規模", _choices("政令市", "市", "町", "村"), 1),
    (
        "single_choice",
        "電子申請をどのくらい使いますか",
        _choices("毎月", "年に数回", "年に1回", "使ったことがない", other=True),
        1,
    ),
    (
        "multiple_choice",
        "使ったことのある手続き",
        _choices(
            "住民票",
            "印鑑証明",
            "児童手当",
            "転出・転入",
            "税の申告",
            "介護保険",
            "国民健康保険",
            "パスポート",
            other=True,
        ),
        0.9,
    ),
    (
        "multiple_choice",
        "行政の情報をどこで得ますか",
        _choices("広報誌", "ウェブサイト", "SNS", "アプリ", "回覧板", "口コミ"),
        0.95,
    ),
    (
        "single_choice",
        "マイナンバーカードをお持ちですか",
        _choices("持っている", "申請中", "持っていない", "答えたくない"),
        1,
    ),
    ("rating", "窓口の満足度", {"scale": "5"}, 0.97),
    ("rating", "ウェブサイトの使いやすさ", {"scale": "10"}, 0.9),
    ("nps", "この自治体の手続きを友人に勧めますか", {}, 0.93),
    (
        "matrix",
        "次のことについてどう思いますか",
        {
            "rows": ["手続きが速い", "職員が親切", "案内が分かりやすい", "オンラインで完結する"],
            "scale": [
                "そう思わない",
                "あまり思わない",
                "どちらでもない",
                "ややそう思う",
                "そう思う",
            ],
        },
        0.92,
    ),
    (
        "ranking",
        "優先してほしいことの順位",
        _choices(
            "待ち時間の短縮", "オンライン化", "開庁時間の延長", "案内の改善", "手数料の引き下げ"
        ),
        0.8,
    ),
    ("number", "窓口での待ち時間（分）", {"unit": "分"}, 0.85),
    ("date", "最後に窓口へ行った日", {}, 0.7),
    ("short_text", "よく使う窓口", {}, 0.6),
    ("long_text", "ご意見・ご要望をお聞かせください", {}, 0.45),
    (
        "dropdown",
        "職業",
        _choices(
            "会社員", "自営業", "公務員", "パート・アルバイト", "学生", "無職", "その他の職業"
        ),
        0.96,
    ),
    (
        "multiple_choice",
        "不便に感じること",
        _choices("待ち時間", "書類の多さ", "開庁時間", "駐車場", "説明の分かりにくさ"),
        0.85,
    ),
    (
        "single_choice",
        "今後オンライン申請を使いたいですか",
        _choices("使いたい", "どちらかといえば使いたい", "使いたくない", "わからない"),
        1,
    ),
]


class SurveyPlan:
    """The survey's questions with stable ids, and how respondents answer them."""

    def __init__(self, rng):
        from django.utils import translation

        from community.models import StakeholderType
        from core.prefectures import PREFECTURE_CHOICES

        self.rng = rng
        with translation.override("ja"):
            codes = {
                "stakeholder_type": [(c, str(label)) for c, label in StakeholderType.choices],
                "prefecture": [(c, str(label)) for c, label in PREFECTURE_CHOICES],
            }
        self.questions = []
        for kind, text, value, rate in QUESTIONS:
            question = {"id": self._id(), "type": kind, "text": text, "rate": rate}
            question["choices"] = codes.get(kind) or self._items(value.get("choices", []))
            if value.get("allow_other"):
                question["choices"].append(("other", OTHER_LABEL))
            question["rows"] = self._items(value.get("rows", []))
            question["scale"] = self._items(value["scale"] if kind == "matrix" else [])
            question["points"] = _points(kind, value)
            question["weights"] = self._weights(question)
            question["value"] = value
            self.questions.append(question)

    def _id(self):
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def _items(self, labels):
        return [(self._id(), label) for label in labels]

    def _weights(self, question):
        """Uneven shares, so that charts and breakdowns have something to show."""
        count = len(question["choices"]) or len(question["scale"]) or len(question["points"])
        return [self.rng.random() ** 2 + 0.05 for _ in range(count)]

    def by_type(self, kind):
        return next(question for question in self.questions if question["type"] == kind)

    def stream(self):
        """The raw StreamField data of the survey, with these ids."""
        stream = []
        for question in self.questions:
            value = {"text": question["text"], "required": question["rate"] == 1}
            for key in ("choices", "rows", "scale"):
                if key in question["value"]:
                    items = [i for i in question[key] if i[0] != "other"]
                    value[key] = [{"type": "item", "id": i, "value": label} for i, label in items]
            if question["value"].get("allow_other"):
                value["allow_other"] = True
            for key in ("scale", "unit"):
                if isinstance(question["value"].get(key), str):
                    value[key] = question["value"][key]
            stream.append({"type": question["type"], "id": question["id"], "value": value})
        return stream


def _points(kind, value):
    if kind == "nps":
        return list(range(11))
    if kind == "rating":
        return list(range(1, int(value["scale"]) + 1))
    return []


def survey_build(plan):
    """Home → アンケート → the survey, published; an Analyst with an authenticator app."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import encrypt
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from bench.content import survey_publish

    survey = survey_publish(
        title="行政手続きのオンライン化についてのアンケート",
        slug="bench-results",
        questions=plan.stream(),
    )
    analyst = get_user_model().objects.create_user(
        username="analyst", email="analyst@example.jp", password=None
    )
    analyst.groups.add(Group.objects.get(name="Analysts"))
    Authenticator.objects.create(
        user=analyst,
        type=Authenticator.Type.TOTP,
        data={"secret": encrypt("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")},
    )
    return survey, analyst


# --- The responses -----------------------------------------------------------------------------

RESPONSE_COLUMNS = ("id", "survey_id", "member_id", "respondent_key", "pseudonym")
RESPONSE_COLUMNS += ("submission_token", "is_test", "started_at", "submitted_at")
RESPONSE_COLUMNS += ("channel", "reference")  # through the site, no sheet number
ANSWER_COLUMNS = ("id", "response_id", "survey_id", "question_id", "question_type")
ANSWER_COLUMNS += ("question_label", "choice_id", "choice_label", "row_id", "row_label")
ANSWER_COLUMNS += ("value_number", "value_text", "value_date", "rank")
WORD_COLUMNS = ("id", "answer_id", "response_id", "survey_id", "question_id", "word")


class ResponseWriter:
    """Writes real responses to the survey: Response, Answer and AnswerWord rows with ids of
    their own, in batches, the way surveys.services and the words task would have stored them."""

    def __init__(self, plan, survey, rng):
        from surveys.words import answer_words

        self.plan, self.survey_id, self.rng = plan, survey.pk, rng
        long_texts = ["".join(rng.sample(SENTENCES, rng.randint(1, 3))) for _ in range(400)]
        self.texts = {"short_text": PLACES, "long_text": long_texts}
        self.words = {text: answer_words(text) for text in [*PLACES, *long_texts]}
        self.written = 0
        self.counts = Counter()
        self.seconds = 0.0  # spent writing, VACUUM ANALYZE included

    def grow(self, total):
        """Add responses until the survey has `total`, in one transaction."""
        from django.db import connection, transaction

        started = time.perf_counter()
        with transaction.atomic():
            ids = {table: _next_id(table) for table in TABLES}
            while self.written < total:
                count = min(BATCH, total - self.written)
                rows = self._batch(count, ids)
                for table, columns in TABLES.items():
                    rows_insert(table, columns, rows[table])
                    self.counts[table] += len(rows[table])
                self.written += count
        if connection.vendor == "postgresql":
            from django.core.management.color import no_style

            from surveys.models import Answer, AnswerWord, Response

            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(
                    no_style(), [Response, Answer, AnswerWord]
                ):
                    cursor.execute(sql)
                for table in TABLES:
                    cursor.execute(f"VACUUM ANALYZE {table}")
        self.seconds += time.perf_counter() - started
        self.tallies_recount()

    def tallies_recount(self):
        """Bring the survey's tallies (surveys.tallies) up to date with the rows written
        around the app, as `manage.py survey_tallies_check --fix` does: what a recount of the
        whole survey costs."""
        from surveys.models import ResultsTally
        from surveys.tallies.recount import tallies_fix
        from surveys.tallies.store import tallies_merge

        started = time.perf_counter()
        tallies_fix(survey_id=self.survey_id)
        tallies_merge(survey_id=self.survey_id)
        self.recount_seconds = time.perf_counter() - started
        self.tally_rows = ResultsTally.objects.filter(survey_id=self.survey_id).count()

    def _batch(self, count, ids):
        from django.db import connection

        ops = connection.ops
        rows = {table: [] for table in TABLES}
        for _ in range(count):
            response_id = ids["surveys_response"]
            ids["surveys_response"] += 1
            submitted = FIRST_DAY + datetime.timedelta(seconds=self._second())
            rows["surveys_response"].append(
                (
                    response_id,
                    self.survey_id,
                    None,
                    "",
                    self._uuid(),
                    self._uuid(),
                    False,
                    ops.adapt_datetimefield_value(submitted - datetime.timedelta(minutes=7)),
                    ops.adapt_datetimefield_value(submitted),
                    "web",
                    "",
                )
            )
            for question in self.plan.questions:
                if self.rng.random() < question["rate"]:
                    self._answers(question, response_id, ids, rows)
        return rows

    def _second(self):
        """Responses spread over the month, more of them in its first days."""
        return int(DAYS * 86400 * self.rng.random() ** 1.4)

    def _uuid(self):
        from django.db import connection

        value = uuid.UUID(int=self.rng.getrandbits(128), version=4)
        return value if connection.vendor == "postgresql" else value.hex

    def _answers(self, question, response_id, ids, rows):
        for fields in ANSWER_VALUES[question["type"]](self, question):
            answer_id = ids["surveys_answer"]
            ids["surveys_answer"] += 1
            row = {**ANSWER_DEFAULTS, **fields}
            rows["surveys_answer"].append(
                (
                    answer_id,
                    response_id,
                    self.survey_id,
                    question["id"],
                    question["type"],
                    question["text"][:300],
                    row["choice_id"],
                    row["choice_label"],
                    row["row_id"],
                    row["row_label"],
                    _number(row["value_number"]),
                    row["value_text"],
                    _date(row["value_date"]),
                    row["rank"],
                )
            )
            if question["type"] in self.texts:
                for word in self.words[row["value_text"]]:
                    word_id = ids["surveys_answerword"]
                    rows["surveys_answerword"].append(
                        (word_id, answer_id, response_id, self.survey_id, question["id"], word)
                    )
                    ids["surveys_answerword"] += 1

    # One function per question type: the Answer fields of one respondent's answer.

    def _pick(self, question):
        return self.rng.choices(question["choices"], question["weights"])[0]

    def choice(self, question):
        choice_id, label = self._pick(question)
        text = self.rng.choice(OTHER_TEXTS) if choice_id == "other" else ""
        return [{"choice_id": choice_id, "choice_label": label, "value_text": text}]

    def multiple(self, question):
        ticked = [
            item
            for item, weight in zip(question["choices"], question["weights"], strict=True)
            if self.rng.random() < weight * 0.6
        ] or [self._pick(question)]
        return [
            {
                "choice_id": choice_id,
                "choice_label": label,
                "value_text": self.rng.choice(OTHER_TEXTS) if choice_id == "other" else "",
            }
            for choice_id, label in ticked
        ]

    def scale(self, question):
        point = self.rng.choices(question["points"], question["weights"])[0]
        return [{"value_number": point}]

    def matrix(self, question):
        answers = []
        for row_id, row_label in question["rows"]:
            position = self.rng.choices(range(5), question["weights"])[0]
            choice_id, label = question["scale"][position]
            answers.append(
                {
                    "row_id": row_id,
                    "row_label": row_label,
                    "choice_id": choice_id,
                    "choice_label": label,
                    "value_number": position + 1,
                }
            )
        return answers

    def ranking(self, question):
        keyed = [
            (self.rng.random() * weight, item)
            for item, weight in zip(question["choices"], question["weights"], strict=True)
        ]
        ordered = [item for _key, item in sorted(keyed, reverse=True)]
        return [
            {"choice_id": choice_id, "choice_label": label, "rank": rank}
            for rank, (choice_id, label) in enumerate(ordered, start=1)
        ]

    def number(self, question):
        minutes = min(240, int(self.rng.lognormvariate(2.7, 0.6)))
        return [{"value_number": minutes}]

    def date(self, question):
        day = datetime.date(2026, 1, 5) + datetime.timedelta(days=self.rng.randint(0, 320))
        return [{"value_date": day}]

    def text(self, question):
        return [{"value_text": self.rng.choice(self.texts[question["type"]])}]


ANSWER_DEFAULTS = {"choice_id": "", "choice_label": "", "row_id": "", "row_label": ""}
ANSWER_DEFAULTS |= {"value_number": None, "value_text": "", "value_date": None, "rank": None}
ANSWER_VALUES = {
    "stakeholder_type": ResponseWriter.choice,
    "prefecture": ResponseWriter.choice,
    "single_choice": ResponseWriter.choice,
    "dropdown": ResponseWriter.choice,
    "multiple_choice": ResponseWriter.multiple,
    "rating": ResponseWriter.scale,
    "nps": ResponseWriter.scale,
    "matrix": ResponseWriter.matrix,
    "ranking": ResponseWriter.ranking,
    "number": ResponseWriter.number,
    "date": ResponseWriter.date,
    "short_text": ResponseWriter.text,
    "long_text": ResponseWriter.text,
}
TABLES = {
    "surveys_response": RESPONSE_COLUMNS,
    "surveys_answer": ANSWER_COLUMNS,
    "surveys_answerword": WORD_COLUMNS,
}


def _number(value):
    # What Django sends for a DecimalField: the Decimal itself (SQLite's adapter makes it text).
    return None if value is None else Decimal(value)


def _date(value):
    return None if value is None else ADAPT["date"](value)


ADAPT = {}  # the database's adapters, set by django_start()


def _next_id(table):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608 (ours)
        return cursor.fetchone()[0]


def rows_insert(table, columns, rows):
    """COPY on PostgreSQL, one executemany on SQLite."""
    from django.db import connection

    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608


# --- Measuring ---------------------------------------------------------------------------------


def page_get(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return response


def page_queries(client, url):
    """The SQL statements one GET of `url` runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = page_get(client, url)
    return [query["sql"] for query in captured.captured_queries], len(response.content)


def pages_queries_compared(client, survey, pages):
    """Each page's statements with the survey's minimum group size at 1, as compared between
    the two sizes: whether a filtered view withholds a question depends on how many
    respondents it keeps (a withheld question runs fewer statements), and growing the survey
    changes that; what is compared is whether the statements follow the responses."""
    minimum = survey.min_group_size
    type(survey).objects.filter(pk=survey.pk).update(min_group_size=1)
    try:
        found = {}
        for name, url in pages.urls.items():
            with page_context(name):
                found[name] = page_queries(client, url)[0]
        return found
    finally:
        type(survey).objects.filter(pk=survey.pk).update(min_group_size=minimum)


def page_times(client, url, renders):
    durations = []
    for _ in range(renders):
        start = time.perf_counter()
        page_get(client, url)
        durations.append(time.perf_counter() - start)
    return _summary(durations)


def sql_times(statements, renders):
    """The SELECT statements run again with a raw cursor, every row fetched: the total time of
    each round, and each statement's median."""
    from django.db import connection

    selects = [sql for sql in statements if sql.lstrip().upper().startswith(("SELECT", "WITH"))]
    rounds, each = [], [[] for _ in selects]
    with connection.cursor() as cursor:
        for _ in range(renders):
            started = time.perf_counter()
            for index, sql in enumerate(selects):
                start = time.perf_counter()
                cursor.execute(sql)
                cursor.fetchall()
                each[index].append(time.perf_counter() - start)
            rounds.append(time.perf_counter() - started)
    slowest = sorted(
        ((statistics.median(times), sql) for times, sql in zip(each, selects, strict=True)),
        reverse=True,
    )
    return {"statements": len(selects), **_summary(rounds), "slowest": slowest[:5]}


def _summary(durations):
    from bench.load import percentile

    durations = sorted(durations)
    return {
        "median_ms": statistics.median(durations) * 1000,
        "p95_ms": percentile(durations, 95) * 1000,
    }


def _kinds_differ(small, large):
    """{kind of statement: (count at small, count at large)} where they differ."""
    from bench.run import query_kind

    before = Counter(query_kind(sql) for sql in small)
    after = Counter(query_kind(sql) for sql in large)
    return {
        kind: (before[kind], after[kind]) for kind in before | after if before[kind] != after[kind]
    }


def _rss_kb(field):
    with open("/proc/self/status", encoding="ascii") as status:
        line = next(line for line in status if line.startswith(field + ":"))
    return int(line.split()[1])


def _peak_rss_reset():
    """Start the peak RSS (VmHWM) afresh from here; False where Linux does not allow it."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear_refs:
            clear_refs.write("5")
    except OSError:
        return False
    return True


def download(client, url, *, traced):
    """GET `url` and read its whole body without keeping it: seconds, bytes, and the memory
    it took (peak RSS growth in MB, or tracemalloc's peak in MB when `traced`)."""
    import gc

    gc.collect()
    if traced:
        tracemalloc.start()
    else:
        reset = _peak_rss_reset()
        before = _rss_kb("VmRSS")
    started = time.perf_counter()
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    response.close()
    seconds = time.perf_counter() - started
    if traced:
        memory = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    else:
        memory = (_rss_kb("VmHWM") - before) / 1024 if reset else None
    return {"seconds": seconds, "bytes": size, "memory_mb": memory}


# --- The run -----------------------------------------------------------------------------------


def pg_url(database_url):
    """DATABASE_URL with its database replaced by the bench's own."""
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(path=f"/{PG_DATABASE}"))


def pg_maintenance(database_url, statement):
    import environ
    import psycopg

    config = environ.Env.db_url_config(database_url)
    params = {"host": config["HOST"], "port": config["PORT"], "user": config["USER"]}
    params["password"] = config["PASSWORD"]
    params = {key: value for key, value in params.items() if value}
    with psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=5, **params) as conn:
        conn.execute(statement)


def django_start(workdir, database_url):
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["BENCH_DATABASE_PATH"] = str(workdir / "bench.sqlite3")
    os.environ["BENCH_MEDIA_ROOT"] = str(workdir / "media")
    if database_url:
        os.environ["BENCH_DATABASE_URL"] = pg_url(database_url)
    import django

    django.setup()

    from tests.migrated import migrate

    migrate()  # from a copy migrated once, when there is one (tests/migrated.py)
    from django.db import connection

    ADAPT["date"] = connection.ops.adapt_datefield_value


GROUPED = "unfiltered, no tallies"  # the page as before decision 0014, in the same run
FILTERED = "filtered (年代 = 30代)"
FILTERED_GROUPED = "filtered, no tallies"
BREAKDOWN = "breakdown by 立場"
BREAKDOWN_GROUPED = "breakdown, no tallies"
COMBINED = "combined (年代 + 立場)"
DATED = "combined (days + 年代)"
NO_TALLIES = {GROUPED: "unfiltered", FILTERED_GROUPED: FILTERED, BREAKDOWN_GROUPED: BREAKDOWN}
PAGE_GOAL_MS = 300  # issue 20: the unfiltered page, a one-answer filter and a breakdown
MINIMAL_GOAL = 1.5  # issue 20: combined filters ≤ 1.5 × the minimal GROUP BYs


def page_context(name):
    """Where a page in NO_TALLIES is measured: with the tallies ignored, so its figures come
    from grouping every answer as before (the same figures; tests/surveys/test_tallies)."""
    from contextlib import ExitStack
    from unittest import mock

    stack = ExitStack()
    if name in NO_TALLIES:
        for module in ("surveys.selectors.results", "surveys.selectors.breakdowns"):
            stack.enter_context(mock.patch(f"{module}.survey_tally", return_value=None))
    return stack


class Pages:
    """The results page's variants for the plan's survey: unfiltered, one answer filter,
    breakdown by 立場 (each also without tallies, NO_TALLIES) and two combined filters, with
    the minimal GROUP BY statements of the combined ones (minimal_statements)."""

    def __init__(self, plan, survey):
        from django.urls import reverse

        base = reverse("survey_results:results", args=[survey.pk])
        age = plan.by_type("dropdown")
        stakeholder = plan.by_type("stakeholder_type")
        age_30s = (age["id"], age["choices"][2][0])
        # the most chosen 年代 and 立場, so that the two answers keep respondents for every
        # question at --small responses too (a question nobody kept answered runs fewer
        # queries)
        staff, common_age = (
            (question["id"], _most_chosen(question)) for question in (stakeholder, age)
        )
        days = (
            FIRST_DAY.date() + datetime.timedelta(days=2),
            FIRST_DAY.date() + datetime.timedelta(days=DAYS - 3),
        )
        one = urlencode({"a": ":".join(age_30s)})
        both = urlencode([("a", ":".join(common_age)), ("a", ":".join(staff))])
        dated = urlencode({"from": days[0], "to": days[1], "a": ":".join(age_30s)})
        self.urls = {
            "unfiltered": base,
            FILTERED: f"{base}?{one}",
            BREAKDOWN: f"{base}?{urlencode({'by': stakeholder['id']})}",
            COMBINED: f"{base}?{both}",
            DATED: f"{base}?{dated}",
            GROUPED: base,
            FILTERED_GROUPED: f"{base}?{one}",
            BREAKDOWN_GROUPED: f"{base}?{urlencode({'by': stakeholder['id']})}",
        }
        self.minimal = {
            COMBINED: minimal_statements(plan, survey.pk, answers=[common_age, staff]),
            DATED: minimal_statements(plan, survey.pk, answers=[age_30s], days=days),
        }
        self.csv = reverse("survey_results:export_responses_csv", args=[survey.pk])
        self.xlsx = reverse("survey_results:export_responses_xlsx", args=[survey.pk])


def _most_chosen(question):
    """The id of the choice the plan gives `question`'s respondents most often."""
    weights = dict(zip(question["choices"], question["weights"], strict=True))
    return max(weights, key=weights.get)[0]


# The minimal GROUP BYs of a filtered results page, one per family of figures (see
# minimal_statements); <name> is filled in by _filled.
MINIMAL_SQL = [
    "SELECT COUNT(*) FROM surveys_response r WHERE <where>",
    "SELECT key, count FROM surveys_resultstally WHERE survey_id = <survey> "
    "AND substr(key, 1, 2) <> <pair>",
    "SELECT a.question_id, a.row_id, a.choice_id, a.value_number, COUNT(*), "
    "MAX(a.choice_label), SUM(CASE WHEN a.rank = 1 THEN 1 ELSE 0 END), SUM(a.rank) "
    "FROM surveys_answer a WHERE <of_kept> AND a.question_type NOT IN <texts> "
    "AND a.question_type <> 'date' GROUP BY a.question_id, a.row_id, a.choice_id, "
    "a.value_number",
    "SELECT question_id, COUNT(*) FROM (SELECT a.question_id, a.response_id "
    "FROM surveys_answer a WHERE <of_kept> AND a.question_type IN ('multiple_choice', 'matrix') "
    "GROUP BY a.question_id, a.response_id) answered GROUP BY question_id",
    "SELECT a.question_id, a.value_date, COUNT(*) FROM surveys_answer a WHERE <of_kept> "
    "AND a.question_type = 'date' GROUP BY a.question_id, a.value_date",
    "SELECT <day>, COUNT(*) FROM surveys_response r WHERE <where> GROUP BY 1",
    "SELECT w.question_id, w.word, COUNT(*) FROM surveys_answerword w "
    "WHERE w.survey_id = <survey> AND w.response_id IN (<kept>) GROUP BY w.question_id, w.word",
    "SELECT * FROM (SELECT a.question_id, a.value_text, ROW_NUMBER() OVER "
    "(PARTITION BY a.question_id ORDER BY s.submitted_at DESC, a.id DESC) AS n "
    "FROM surveys_answer a JOIN surveys_response s ON s.id = a.response_id "
    "WHERE <of_kept> AND a.value_text <> '' "
    "AND (a.question_type IN <texts> OR a.choice_id = 'other')) latest WHERE n <= 5",
]
MINIMAL_KEPT = "SELECT r.id FROM surveys_response r WHERE <where>"
MINIMAL_ANSWERED = (
    "EXISTS (SELECT 1 FROM surveys_answer f WHERE f.response_id = r.id "
    "AND f.question_id = '<question>' AND f.choice_id = '<choice>')"
)


def minimal_statements(plan, survey_id, *, answers=(), days=None):
    """Hand-written SELECTs for every figure a filtered results page shows, one per family
    (MINIMAL_SQL): the kept respondents; everyone's counts (the tallies, for the privacy
    rules); per (question, row, choice, value) over the kept answers (choices, rows per
    question, scale points, numbers' statistics, median and histogram, matrix and ranking
    means); the respondents of multiple-choice and matrix questions; dates; responses per day;
    words; the latest texts (free text and 「その他」, five a question). Literals are written
    in: the statements are timed as the page's are (sql_times)."""
    from django.db import connection

    pg = connection.vendor == "postgresql"
    where = [f"r.survey_id = {survey_id}", "NOT r.is_test"]
    for question_id, choice_id in answers:
        where.append(_filled(MINIMAL_ANSWERED, question=question_id, choice=choice_id))
    if days:
        start = datetime.datetime.combine(days[0], datetime.time.min, tzinfo=JST)
        end = datetime.datetime.combine(days[1], datetime.time.min, tzinfo=JST)
        end += datetime.timedelta(days=1)
        for sign, moment in ((">=", start), ("<", end)):
            where.append(
                f"r.submitted_at {sign} '{connection.ops.adapt_datetimefield_value(moment)}'"
            )
    where = " AND ".join(where)
    kept = _filled(MINIMAL_KEPT, where=where)
    values = {
        "where": where,
        "kept": kept,
        "of_kept": f"a.survey_id = {survey_id} AND a.response_id IN ({kept})",
        "survey": str(survey_id),
        "texts": "('short_text', 'long_text')",
        "pair": "'g' || chr(31)" if pg else "'g' || char(31)",
        "day": "(r.submitted_at AT TIME ZONE 'Asia/Tokyo')::date"
        if pg
        else "date(r.submitted_at, '+9 hours')",
    }
    return [_filled(template, **values) for template in MINIMAL_SQL]


def _filled(template, **values):
    for name, value in values.items():
        template = template.replace(f"<{name}>", value)
    return template


def run(args, workdir, database_url):
    started = time.perf_counter()
    django_start(workdir, database_url)
    from django.db import connection
    from django.test import Client

    rng = random.Random(SEED)
    plan = SurveyPlan(rng)
    survey, analyst = survey_build(plan)
    client = Client()
    client.force_login(analyst)
    pages = Pages(plan, survey)
    writer = ResponseWriter(plan, survey, rng)
    figures = {"database": _database_label(connection), "load": [os.getloadavg()[0]]}

    print(f"Writing {args.small:,} responses …", flush=True)
    writer.grow(args.small)
    for url in pages.urls.values():
        page_get(client, url)  # what the first request of a process caches is not counted
    small = pages_queries_compared(client, survey, pages)

    print(f"Writing {args.responses - args.small:,} more …", flush=True)
    writer.grow(args.responses)
    figures["build_seconds"] = writer.seconds
    figures["rows"] = dict(writer.counts)
    figures["size_mb"] = _database_size(connection)
    figures["tallies"] = {"seconds": writer.recount_seconds, "rows": writer.tally_rows}

    large = pages_queries_compared(client, survey, pages)
    figures["pages"] = {}
    for name, url in pages.urls.items():
        print(f"Timing the page, {name} …", flush=True)
        with page_context(name):
            statements, size = page_queries(client, url)  # also the first, warming GET
            figures["pages"][name] = {
                "queries_small": len(small[name]),
                "queries": len(large[name]),
                "kinds_differ": _kinds_differ(small[name], large[name]),
                "bytes": size,
                "page": page_times(client, url, args.renders),
                "sql": sql_times(statements, args.renders),
            }
            if name in pages.minimal:
                figures["pages"][name]["minimal"] = sql_times(pages.minimal[name], args.renders)
    figures["csv"] = exports_measure(client, pages.csv, args)
    figures["xlsx"] = xlsx_measure(client, pages.xlsx, args)
    figures["total_seconds"] = time.perf_counter() - started
    figures["load"].append(os.getloadavg()[0])
    print_report(figures, args)
    return not any(
        page["queries_small"] != page["queries"] or page["kinds_differ"]
        for page in figures["pages"].values()
    )


def exports_measure(client, url, args):
    """The CSV export of every response at full speed (peak RSS growth), then of at most
    `--traced-responses` under tracemalloc (which slows Python down about threefold)."""
    print(f"Exporting {args.responses:,} responses as CSV …", flush=True)
    figures = download(client, url, traced=False)
    figures["rows"] = args.responses
    query, rows = first_days(args.traced_responses)
    print(f"… and {rows:,} under tracemalloc …", flush=True)
    figures["traced"] = download(client, url + query, traced=True)
    figures["traced"] |= {"rows": rows, "filter": query}
    return figures


def xlsx_measure(client, url, args):
    """The XLSX export (responses and summary) of at most `--xlsx-responses` responses."""
    query, rows = first_days(args.xlsx_responses)
    print(f"Exporting {rows:,} responses as XLSX …", flush=True)
    figures = download(client, url + query, traced=False)
    return figures | {"rows": rows, "filter": query}


def first_days(wanted):
    """("?to=<day>", responses kept): the filter keeping the responses of the month's first
    days, about `wanted` of them; ("", all responses) when there are no more than that."""
    from surveys.models import Response

    responses = Response.objects.real()
    total = responses.count()
    if total <= wanted:
        return "", total
    for days in range(1, DAYS + 1):
        end = FIRST_DAY.replace(hour=0) + datetime.timedelta(days=days)
        kept = responses.filter(submitted_at__lt=end).count()
        if kept >= wanted * 0.9:
            break
    last = FIRST_DAY.date() + datetime.timedelta(days=days - 1)
    return "?" + urlencode({"to": last.isoformat()}), kept


def _database_label(connection):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]} (database {PG_DATABASE})"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version} (temporary file, WAL)"


def _database_size(connection):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0] / 2**20
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_size")
        return pages * cursor.fetchone()[0] / 2**20


# --- Report ------------------------------------------------------------------------------------


def print_report(figures, args):
    rows = figures["rows"]
    print()
    print(f"Survey results, {figures['database']}, commit {_commit()}")
    print(
        f"  {args.responses:,} responses × {len(QUESTIONS)} questions: "
        f"{rows['surveys_answer']:,} answers, {rows['surveys_answerword']:,} answer words "
        f"({figures['size_mb']:,.0f} MB)"
    )
    print(
        f"  built in {figures['build_seconds']:.1f} s "
        f"({rows['surveys_answer'] / figures['build_seconds']:,.0f} answers/s)"
    )
    print()
    print(
        f"1. Results page queries at {args.small:,} and at {args.responses:,} responses "
        "(the survey's minimum group size at 1 for this count: nothing withheld)"
    )
    for name, page in figures["pages"].items():
        same = "same" if page["queries_small"] == page["queries"] else "DIFFERENT"
        if page["kinds_differ"]:
            same += f" {page['kinds_differ']}"
        print(f"   {name:<26}{page['queries_small']:>6}{page['queries']:>6}  {same}")
    print()
    print(f"2. Results page at {args.responses:,} responses, {args.renders} GETs each (ms)")
    print(f"   {'':<26}{'median':>9}{'p95':>9}{'SQL med':>9}{'ratio':>7}{'SELECTs':>9}")
    for name, page in figures["pages"].items():
        timing, sql = page["page"], page["sql"]
        ratio = timing["median_ms"] / sql["median_ms"]
        print(
            f"   {name:<26}{timing['median_ms']:>9.0f}{timing['p95_ms']:>9.0f}"
            f"{sql['median_ms']:>9.0f}{ratio:>7.2f}{sql['statements']:>9}"
        )
    print("   SQL med: the page's SELECT statements run again with a raw cursor (same run).")
    tallied, grouped = figures["pages"]["unfiltered"], figures["pages"][GROUPED]
    print(
        f"   Unfiltered from tallies ÷ without: page "
        f"{tallied['page']['median_ms'] / grouped['page']['median_ms']:.2f}, SQL "
        f"{tallied['sql']['median_ms'] / grouped['sql']['median_ms']:.2f}; "
        f"{figures['tallies']['rows']:,} tally rows, recounted from the answers in "
        f"{figures['tallies']['seconds']:.1f} s"
    )
    for name, grouped_name in ((FILTERED, FILTERED_GROUPED), (BREAKDOWN, BREAKDOWN_GROUPED)):
        tallied, grouped = figures["pages"][name], figures["pages"][grouped_name]
        print(
            f"   {name} from tallies ÷ without: page "
            f"{tallied['page']['median_ms'] / grouped['page']['median_ms']:.2f}, SQL "
            f"{tallied['sql']['median_ms'] / grouped['sql']['median_ms']:.2f}"
        )
    print(f"   Goals of issue 20 (at {args.responses:,} responses; the goal is at 100,000):")
    for name in ("unfiltered", FILTERED, BREAKDOWN):
        median = figures["pages"][name]["page"]["median_ms"]
        met = "MET" if median <= PAGE_GOAL_MS else "NOT MET"
        print(f"     {name:<26} ≤ {PAGE_GOAL_MS} ms: {median:,.0f} ms {met}")
    for name in (COMBINED, DATED):
        page = figures["pages"][name]
        ratio = page["sql"]["median_ms"] / page["minimal"]["median_ms"]
        met = "MET" if ratio <= MINIMAL_GOAL else "NOT MET"
        print(
            f"     {name:<26} page SQL ÷ minimal GROUP BYs ≤ {MINIMAL_GOAL}: "
            f"{page['sql']['median_ms']:,.0f} ÷ {page['minimal']['median_ms']:,.0f} ms "
            f"({page['minimal']['statements']} statements) = {ratio:.2f} {met}"
        )
    print("   Slowest statements (median ms):")
    for name, page in figures["pages"].items():
        print(f"   {name}:")
        for seconds, sql in page["sql"]["slowest"][:3]:
            print(f"     {seconds * 1000:>8.0f}  {_shorten(sql)}")
    print()
    csv, traced = figures["csv"], figures["csv"]["traced"]
    print(f"3. CSV export of {csv['rows']:,} responses ({csv['bytes'] / 2**20:,.0f} MB)")
    print(
        f"   {csv['seconds']:.1f} s = {csv['rows'] / csv['seconds']:,.0f} rows/s; "
        f"peak RSS growth {_mb(csv['memory_mb'])}"
    )
    print(
        f"   {traced['rows']:,} responses{_limited(traced)} under tracemalloc: "
        f"{traced['seconds']:.1f} s, peak traced memory {_mb(traced['memory_mb'])}"
    )
    xlsx = figures["xlsx"]
    print()
    print(
        f"4. XLSX export of {xlsx['rows']:,} responses{_limited(xlsx)} "
        f"({xlsx['bytes'] / 2**20:.0f} MB)"
    )
    print(
        f"   {xlsx['seconds']:.1f} s = {xlsx['rows'] / xlsx['seconds']:,.0f} rows/s; "
        f"peak RSS growth {_mb(xlsx['memory_mb'])}"
    )
    print()
    start, end = figures["load"]
    print(
        f"Total {figures['total_seconds']:.0f} s; "
        f"load average {start:.1f} at the start, {end:.1f} at the end"
    )


def _commit():
    import subprocess

    return subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()


def _limited(figures):
    return f" (filter {figures['filter']})" if figures["filter"] else ""


def _mb(value):
    return "n/a" if value is None else f"{value:,.1f} MB"


def _shorten(sql, width=150):
    sql = " ".join(sql.split())
    return sql if len(sql) <= width else sql[: width - 1] + "…"


def _connections_close():
    """Close Django's connections, if Django got as far as reading its settings."""
    if "django" in sys.modules:
        from django.conf import settings

        if settings.configured:
            from django.db import connections

            connections.close_all()


def _exit_on_term(signum, frame):
    raise SystemExit(128 + signum)


def main():
    args = parse_args()
    signal.signal(signal.SIGTERM, _exit_on_term)
    sys.path.insert(0, str(REPO))
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        # SQLite (bench/settings.py); an empty DATABASE_URL would stop the base settings.
        os.environ.pop("DATABASE_URL", None)
        database_url = ""
    if database_url:
        pg_maintenance(database_url, f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        pg_maintenance(database_url, f'CREATE DATABASE "{PG_DATABASE}"')
    workdir = Path(tempfile.mkdtemp(prefix="yoriai-bench-results-"))
    try:
        ok = run(args, workdir, database_url)
    finally:
        _connections_close()
        if database_url and not args.keep:
            pg_maintenance(database_url, f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)
    if not ok:
        print("The results page's queries grow with the number of responses.")
        sys.exit(1)


if __name__ == "__main__":
    main()
