"""The search query set of issue 7: queries over the demo site with the pages each must find.

Each `Query` names exactly the pages (by slug) a reader should get — no more (precision), no
fewer (recall) — checked by hand against the text of the demo articles (articles/demo_content/),
the demo surveys (surveys/demo.py, surveys/demo_closed.py), the privacy page and the
accessibility statement (articles/demo/site.py), normalised (NFKC, case-folded), plus the three
`EXTRA_ARTICLES` below, which the demo lacks: e-Japan and 2001年, and a page that says 人口の増加
next to one that says 人口減少. Where the order matters, `order` is the
whole expected ranking: pages whose title holds more of the terms first, then the newer.

`autocomplete` is what `.autocomplete()` must find when it differs from `expected` (the last
Latin word of the query may end inside a word).

Used by tests/search/test_query_set.py and bench/search.py.
"""

import dataclasses
import datetime
from dataclasses import dataclass

# The demo pages (slugs), newest first. The topic, the surveys, the privacy page and the
# accessibility statement are dated when seed_demo runs (their first publication), so they are
# newer than every article; the closed survey is newer than the topic, the ended topic and its
# outcome (consultations.demo) are the newest.
DESK_OUTCOME = (
    "my-number-desk-outcome"  # マイナンバーカードの出張申請窓口についてのご意見と市の考え方
)
DESK_TOPIC = "my-number-desk"  # 意見交換「マイナンバーカードの出張申請窓口をどこに開くか」
TOPIC = "kakanai-madoguchi-shisho"  # 意見交換「書かない窓口」を全ての支所に広げるべきか
SURVEY = "online-procedures"  # 行政手続きのオンライン化に関するアンケート
CLOSED_SURVEY = "counter-satisfaction"  # 窓口サービス満足度調査 (its year)
PRIVACY = "privacy"  # プライバシーポリシー
ACCESSIBILITY = "accessibility"  # アクセシビリティ方針
OPEN_DATA = "open-data-with-residents"  # 2026-11-18 地域のデータを住民と一緒に読む
SATO = "my-work-sato"  # 2026-10-28 私の仕事 ― 地方創生推進部 課長 佐藤 美咲
DX3 = "madoguchi-dx-3"  # 2026-10-07 【連載】窓口DXの現場から 第3回 住民アンケートから…
DX2 = "madoguchi-dx-2"  # 2026-09-02 【連載】窓口DXの現場から 第2回 職員の一日は…
DX1 = "madoguchi-dx-1"  # 2026-08-05 【連載】窓口DXの現場から 第1回「書かない窓口」は…
MY_NUMBER = "my-number-card-adoption"  # 2026-07-08 マイナンバーカードの活用が進まないのはなぜか
E_APPLICATION = "e-application-first-step"  # 2026-06-10 行政DXの第一歩は電子申請から
# The demo events (events.demo), newer than all of the above; published in this order.
DESK = "my-number-desk-minatomachi"  # マイナンバーカード出張申請窓口（港町公民館）
BRIEFING = "kakanai-madoguchi-briefing"  # 書かない窓口 説明会 (tags 書かない窓口, 窓口DX)
ONLINE = "e-application-online"  # オンライン説明会「スマホで始める電子申請」
WORKSHOP = "open-data-workshop"  # ワークショップ「みんなで作る七尾のオープンデータ」
PHONE_CLASS = "smartphone-class"  # 高齢者向けスマホ教室 (postponed, at 北部公民館)
PAST_DESK = "my-number-desk-hokubu"  # マイナンバーカード 出張申請窓口 説明会（北部公民館）
MY_NUMBER_EVENTS = {DESK, PHONE_CLASS, PAST_DESK}
# The extra articles, older than the demo.
E_JAPAN = "e-japan-history"
GROWTH = "population-growth"
DECLINE = "population-decline"


@dataclass(frozen=True)
class ExtraArticle:
    slug: str
    title: str
    lead: str
    paragraphs: tuple
    published: datetime.datetime


EXTRA_ARTICLES = [
    ExtraArticle(
        slug=E_JAPAN,
        title="e-Japan戦略と電子自治体のあゆみ",
        lead="国のIT戦略を振り返ります。",
        paragraphs=(
            "2001年に政府が打ち出したe-Japan戦略は、五年以内に世界最先端のIT国家になることを"
            "目標にしていました。",
            "電子自治体という言葉が広まったのもこの頃です。",
        ),
        published=datetime.datetime(2025, 4, 1, 1, 0, tzinfo=datetime.UTC),
    ),
    ExtraArticle(
        slug=GROWTH,
        title="駅前のにぎわい",
        lead="新しい駅ができた町を訪ねました。",
        paragraphs=("駅の周辺では人口の増加が続き、2021年の人口は12001人になりました。",),
        published=datetime.datetime(2025, 5, 1, 1, 0, tzinfo=datetime.UTC),
    ),
    ExtraArticle(
        slug=DECLINE,
        title="人口減少と向き合う町",
        lead="空き家を生かした取り組みを紹介します。",
        paragraphs=("人口減少が進む町で、空き家を生かした取り組みが始まっています。",),
        published=datetime.datetime(2025, 6, 1, 1, 0, tzinfo=datetime.UTC),
    ),
]


@dataclass(frozen=True)
class Query:
    """`expected` may be None when `order` names every expected page."""

    text: str
    expected: frozenset | None
    note: str
    order: tuple = ()
    autocomplete: frozenset | None = None

    def __post_init__(self):
        expected = frozenset(self.order if self.expected is None else self.expected)
        object.__setattr__(self, "expected", expected)
        if self.autocomplete is not None:
            object.__setattr__(self, "autocomplete", frozenset(self.autocomplete))
        if self.order and set(self.order) != expected:
            raise ValueError(f"{self.text}: the order names other pages than expected")

    @property
    def expected_autocomplete(self):
        return self.expected if self.autocomplete is None else self.autocomplete

    def on_site(self, present):
        """This query with only the expected pages among `present` (slugs): the demo topic
        counts only once opinion exchanges are searchable."""
        return dataclasses.replace(
            self,
            expected=self.expected & present,
            order=tuple(slug for slug in self.order if slug in present),
            autocomplete=None if self.autocomplete is None else self.autocomplete & present,
        )


def extra_articles_build(*, parent):
    """Publish EXTRA_ARTICLES under `parent` (an ArticleIndexPage); the search index gets them
    as any published page does."""
    from wagtail.rich_text import RichText

    from articles.models import ArticlePage

    for extra in EXTRA_ARTICLES:
        page = ArticlePage(
            title=extra.title,
            slug=extra.slug,
            lead=extra.lead,
            body=[("paragraph", RichText(f"<p>{text}</p>")) for text in extra.paragraphs],
            first_published_at=extra.published,
            last_published_at=extra.published,
        )
        parent.add_child(instance=page)  # live, hence indexed on save


ALL_DX = {E_APPLICATION, MY_NUMBER, DX1, DX2, DX3, SATO, OPEN_DATA, BRIEFING}
# Title: 行政DX… / 窓口DX…; body only: 「DX」 (佐藤) and the tags 行政DX, 窓口DX (the others).
DX_ORDER = (DX3, DX2, DX1, E_APPLICATION, BRIEFING, OPEN_DATA, SATO, MY_NUMBER)
DENSHI_SHINSEI = {E_APPLICATION, MY_NUMBER, DX3, SATO, SURVEY}

QUERIES = [
    # Two-character words.
    Query("普及", {MY_NUMBER}, "two characters: カードの普及率"),
    Query("地域", {E_APPLICATION, MY_NUMBER, DX3, SATO, OPEN_DATA}, "two characters"),
    Query("連載", {DX1, DX2, DX3}, "two characters: the series' titles and tag"),
    Query("暗証", {MY_NUMBER}, "two characters inside 暗証番号"),
    Query("郵送", {E_APPLICATION}, "two characters: 郵送請求"),
    Query("課長", {SATO}, "two characters in a title"),
    Query("倍", {DX2}, "one character: 相談の時間は倍に"),
    # Longer Japanese words, common and rare.
    Query("暗証番号", {MY_NUMBER}, "a word"),
    Query("書かない窓口", {DX1, DX2, DX3, TOPIC, BRIEFING}, "a phrase with kana"),
    Query("公民館", {MY_NUMBER, *MY_NUMBER_EVENTS}, "three kanji; the events' venues"),
    Query("図書館", {MY_NUMBER, OPEN_DATA}, "図書館の利用カード, 中央図書館"),
    Query("個人情報", {PRIVACY}, "an information page"),
    Query("業務時間", {DX2}, "only in a table caption"),
    Query(
        "職員",
        {E_APPLICATION, MY_NUMBER, DX1, DX2, DX3, OPEN_DATA, TOPIC, DESK, BRIEFING, WORKSHOP},
        "a common word",
    ),
    # Katakana compounds.
    Query(
        "マイナンバーカード",
        {MY_NUMBER, SURVEY, DESK_TOPIC, DESK_OUTCOME, *MY_NUMBER_EVENTS},
        "katakana compound; the survey, the desk topic, its outcome and events too",
    ),
    Query("スマートフォン", {MY_NUMBER, ACCESSIBILITY}, "katakana; the statement's screen sizes"),
    Query("オープンデータ", {OPEN_DATA, WORKSHOP}, "katakana compound"),
    Query("コミュニティセンター", {OPEN_DATA}, "long katakana compound, in a table"),
    Query("ボランティア", {MY_NUMBER}, "katakana"),
    Query(
        "データ",
        {E_APPLICATION, OPEN_DATA, PRIVACY, WORKSHOP},
        "also inside オープンデータ, データの",
    ),
    Query(
        "カード",
        {MY_NUMBER, SURVEY, DESK_TOPIC, DESK_OUTCOME, *MY_NUMBER_EVENTS},
        "inside マイナンバーカード; not the survey block's display option (それ以外はカード), "
        "which only editors see",
    ),
    # Mixed script.
    Query(
        "行政DX",
        None,
        "mixed script; title before tag-only pages, then newer",
        order=(E_APPLICATION, OPEN_DATA, DX3, DX2, DX1, MY_NUMBER),
    ),
    Query(
        "窓口DX",
        None,
        "mixed script, in the series' titles, then the 説明会's tag",
        order=(DX3, DX2, DX1, BRIEFING),
    ),
    Query("e-Japan", {E_JAPAN}, "Latin with a hyphen, then kanji"),
    Query("Japan", {E_JAPAN}, "a Latin word after a hyphen is a word"),
    Query("Japa", set(), "half a Latin word is not a word", autocomplete={E_JAPAN}),
    Query("IPアドレス", {PRIVACY}, "Latin + katakana"),
    Query("JSON形式", {PRIVACY}, "Latin + kanji"),
    Query("Google", {PRIVACY}, "Latin in Japanese text"),
    Query("Goog", set(), "half a Latin word", autocomplete={PRIVACY}),
    Query("IT", {E_JAPAN}, "two Latin letters: IT国家, IT戦略, never inside a word"),
    # Numbers with units.
    Query("2001年", {E_JAPAN}, "a year"),
    Query("2001", {E_JAPAN}, "digits are a word: not inside 12001"),
    Query("12001人", {GROWTH}, "a number with its unit"),
    Query("24時間", {E_APPLICATION}, "digits + kanji, in a table"),
    Query("3分", {SURVEY}, "not inside 25分, 95分 or 13分"),
    Query("70代", {E_APPLICATION}, "an age"),
    Query("第1回", {DX1}, "a part number"),
    Query("84,200人", {OPEN_DATA}, "a number with a thousands separator"),
    Query("103%", {OPEN_DATA}, "a percentage"),
    # Full-width and half-width forms.
    Query("ＤＸ", ALL_DX, "full-width Latin = DX", order=DX_ORDER),
    Query(
        "ﾏｲﾅﾝﾊﾞｰ",
        {MY_NUMBER, SURVEY, DESK_TOPIC, DESK_OUTCOME, *MY_NUMBER_EVENTS},
        "half-width katakana = マイナンバー",
    ),
    Query("ﾃﾞｰﾀ", {E_APPLICATION, OPEN_DATA, PRIVACY, WORKSHOP}, "half-width with voiced marks"),
    Query("ｅ－Ｊａｐａｎ", {E_JAPAN}, "full-width Latin and hyphen"),
    Query("２００１年", {E_JAPAN}, "full-width digits"),
    Query("第１回", {DX1}, "a full-width digit"),
    # Latin case.
    Query("DX", ALL_DX, "title first (newer first), then body", order=DX_ORDER),
    Query("dx", ALL_DX, "lower case = DX", order=DX_ORDER),
    Query("E-JAPAN", {E_JAPAN}, "upper case"),
    Query("json", {PRIVACY}, "lower case"),
    # Several words: all of them.
    Query("電子申請 窓口", {E_APPLICATION, MY_NUMBER, DX3}, "both words"),
    Query("電子申請　窓口", {E_APPLICATION, MY_NUMBER, DX3}, "separated by a full-width space"),
    Query(
        "住民 データ",
        None,
        "both words; two in the title rank above a newer page",
        order=(OPEN_DATA, WORKSHOP, PRIVACY, E_APPLICATION),
    ),
    Query("マイナンバーカード 暗証番号", {MY_NUMBER}, "two words, one page"),
    Query("高校生 データ", {OPEN_DATA}, "two words"),
    Query("行政DX 2001年", set(), "each word is somewhere, never both on one page"),
    # Words that merely share characters must not match.
    Query("人口減少", {DECLINE}, "not 人口の増加, 人口一万人 or 人口や施設 with 減っている"),
    Query("人口増加", set(), "人口の増加 is not the word 人口増加"),
    Query("人口", {DX1, OPEN_DATA, GROWTH, DECLINE}, "the shared part finds them all"),
    Query("窓口業務", set(), "窓口 and 業務 are both in 職員の一日, never together"),
    Query(
        "申請書",
        {E_APPLICATION, DX1, DX2, TOPIC, DESK, BRIEFING},
        "not 申請 alone nor 申請者 only",
    ),
    Query("大見出し", set(), "the heading block's level option: only editors see it"),
    # Title matches above body matches; newer above older when equal.
    Query(
        "電子申請",
        None,
        "the oldest article has it in its title",
        order=(ONLINE, E_APPLICATION, SURVEY, SATO, DX3, MY_NUMBER),
    ),
    Query("地方創生推進部", None, "title above body", order=(SATO, E_APPLICATION)),
    Query(
        "窓口",
        None,
        "titles (newer first), then bodies",
        order=(
            PAST_DESK,
            BRIEFING,
            DESK,
            DESK_OUTCOME,
            DESK_TOPIC,
            CLOSED_SURVEY,
            TOPIC,
            DX3,
            DX2,
            DX1,
            MY_NUMBER,
            E_APPLICATION,
        ),
    ),
]
