"""The content the benchmark renders: one long article with everything an article page shows.

`article_build()` makes HomePage → ArticleIndexPage → the article (40 body blocks, 6 of them
images made with Pillow), two authors with photos, three tags, a series with a previous and a
next part, one hand-picked related article and more articles that share its tags.
"""

import io
from itertools import cycle

from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from PIL import ImageDraw, ImageOps
from wagtail.images.models import Image

from articles.models import ArticlePageRelated
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    AuthorFactory,
    HomePageFactory,
    SeriesFactory,
)

TAGS = ["行政DX", "マイナンバーカード", "電子申請"]

PARAGRAPHS = [
    "<p>窓口で申請書を受け取り、職員が基幹システムに手入力する。多くの自治体では、"
    "この流れが何十年も変わっていません。<b>電子申請</b>を入口に据えると、入力の手間だけでなく、"
    "記載漏れの確認や差し戻しの往復も減らせます。</p>",
    "<p>住民アンケートでは「平日の昼間に役所へ行けない」という声が最も多く寄せられました。"
    "共働き世帯や町外に通勤する若い世代にとって、開庁時間そのものが手続きの壁になっています。</p>",
    "<p>マイナンバーカードの交付率は上がっても、カードを使える手続きが少なければ住民は利点を"
    "感じられません。まずは転入・転出や児童手当など、件数の多い手続きから対応を広げました。</p>",
    "<p>職員向けの説明会は三回に分けて開き、操作手順よりも「なぜ変えるのか」を丁寧に伝えることに"
    "時間を使いました。現場の納得がなければ、新しい仕組みは定着しないからです。</p>",
    "<p>導入から半年で、対象手続きのおよそ四割がオンラインで届くようになりました。"
    "一方で、高齢の方からは「画面の文字が小さい」「途中で分からなくなる」という意見もいただいています。"
    '詳しくは<a href="https://example.jp/report">報告書</a>をご覧ください。</p>',
    "<p>次の段階では、公民館や郵便局にタブレットを置き、地域の方が操作をお手伝いする"
    "「デジタル支援員」の取り組みを始めます。異なるご意見は大歓迎です。</p>",
]

QUOTES = [
    (
        "書かない窓口は、職員の負担を減らすためではなく、住民の時間を取り戻すための仕組みです。",
        "市民課 課長",
    ),
    (
        "最初は半信半疑でしたが、夜に子どもを寝かせてから申請できるのは本当に助かります。",
        "町内在住の保護者",
    ),
    ("システムより先に、業務の流れを一枚の紙に描き直すところから始めました。", "情報政策係"),
]

CALLOUTS = [
    (
        "point",
        "ポイント",
        "<p>件数の多い手続きから順にオンライン化すると、効果が早く見えます。</p>",
    ),
    ("info", "補足", "<p>本記事の数値は令和五年度の実績に基づきます。</p>"),
    ("warning", "ご注意", "<p>本人確認が必要な手続きでは、カードの暗証番号が必要です。</p>"),
]

TABLE = {
    "data": [
        ["手続き", "オンライン化率", "備考"],
        ["住民票の写しの請求", "62%", "コンビニ交付を含む"],
        ["児童手当の認定請求", "48%", "マイナポータル経由"],
        ["転出届", "35%", "引越しワンストップサービス"],
        ["粗大ごみの収集申込", "71%", "町独自の受付フォーム"],
    ],
    "first_row_is_table_header": True,
    "first_col_is_header": False,
    "table_caption": "",
}

HEADINGS = [
    "窓口で何が起きているのか",
    "住民の声から見えた課題",
    "最初の一歩は電子申請",
    "職員の理解をどう得たか",
    "半年間の成果",
    "残された課題",
    "地域の支え手と一緒に",
    "これからの取り組み",
    "費用と効果",
    "ほかの自治体への示唆",
]

# 40 blocks: 10 headings, 15 paragraphs, 6 images, 3 quotes, 3 callouts, 3 tables.
BODY_PATTERN = [
    *("h2", "p", "p", "image"),
    *("h2", "p", "quote", "p"),
    *("h3", "p", "table", "p"),
    *("h2", "p", "image", "callout"),
    *("h3", "p", "image", "p"),
    *("h2", "p", "quote", "table"),
    *("h2", "p", "image", "p"),
    *("h3", "callout", "p", "image"),
    *("h2", "p", "quote", "table"),
    *("h2", "image", "p", "callout"),
]

PALETTE = [
    ("#1d3557", "#a8dadc"),
    ("#2a6f97", "#f1faee"),
    ("#6a4c93", "#ffd166"),
    ("#264653", "#e9c46a"),
    ("#8d0801", "#f4d35e"),
    ("#004b23", "#ccff33"),
]


def image_create(*, title, number, size=(1600, 900)):
    """A Wagtail Image: a JPEG with a gradient and a few shapes, so renditions do real work."""
    dark, light = PALETTE[number % len(PALETTE)]
    gradient = PillowImage.linear_gradient("L").rotate(number * 37 % 360).resize(size)
    picture = ImageOps.colorize(gradient, black=dark, white=light)
    draw = ImageDraw.Draw(picture)
    width, height = size
    for i in range(6):
        x = (number * 211 + i * 257) % width
        y = (number * 97 + i * 173) % height
        radius = 60 + (i * 41 + number * 13) % 160
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=light, width=8)
    draw.rectangle((0, height - 120, width, height), fill=dark)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    image = Image(
        title=title,
        description=f"{title}の様子を写した写真",
        file=ImageFile(buffer, name=f"bench-{number}.jpg"),
    )
    image.save()
    return image


def body_build(images):
    """The raw StreamField data for BODY_PATTERN, using `images` in turn."""
    paragraphs, headings = cycle(PARAGRAPHS), cycle(HEADINGS)
    quotes, callouts, pictures = cycle(QUOTES), cycle(CALLOUTS), cycle(images)
    blocks = []
    for kind in BODY_PATTERN:
        if kind in ("h2", "h3"):
            value = {"text": next(headings), "level": kind}
            kind = "heading"
        elif kind == "p":
            kind, value = "paragraph", next(paragraphs)
        elif kind == "image":
            image = next(pictures)
            value = {
                "image": {"image": image.pk, "decorative": False, "alt_text": image.description},
                "caption": f"{image.title}(筆者撮影)",
                "credit": "地方創生推進部",
            }
        elif kind == "quote":
            text, attribution = next(quotes)
            value = {"text": text, "attribution": attribution}
        elif kind == "callout":
            callout_kind, title, text = next(callouts)
            value = {"kind": callout_kind, "title": title, "text": text}
        else:
            value = {"table": TABLE, "caption": "主な手続きのオンライン化率"}
        blocks.append({"type": kind, "value": value})
    return blocks


def article_build():
    """Build the site and return the article page the benchmark renders."""
    home = HomePageFactory()
    index = ArticleIndexPageFactory(parent=home)
    authors = [
        AuthorFactory(name="佐藤 花子", photo=image_create(title="佐藤 花子", number=20)),
        AuthorFactory(name="鈴木 一郎", photo=image_create(title="鈴木 一郎", number=21)),
    ]
    series = SeriesFactory(name="自治体DXの現場から")
    images = [image_create(title=f"町役場の窓口 その{n}", number=n) for n in range(1, 7)]

    def part(number, **kwargs):
        kwargs.setdefault("authors", authors[:1])
        return ArticlePageFactory(
            parent=index,
            series=series,
            series_number=number,
            header_image=image_create(title=f"第{number}回の見出し画像", number=10 + number),
            **kwargs,
        )

    part(1, title="自治体DXの現場から 第1回 窓口の一日", tags=TAGS[:2])
    article = part(
        2,
        title="自治体DXの現場から 第2回 最初の一歩は電子申請",
        slug="first-step-e-application",
        lead="書かない窓口を目指して、町が最初に取り組んだのは電子申請でした。",
        header_image_caption="町役場の総合窓口",
        body=body_build(images),
        authors=authors,
        tags=TAGS,
    )
    part(3, title="自治体DXの現場から 第3回 デジタル支援員", tags=TAGS[1:])
    picked = ArticlePageFactory(parent=index, title="マイナンバーカードはなぜ広がらないのか")
    ArticlePageRelated.objects.create(page=article, article=picked, sort_order=0)
    for n in range(3):
        ArticlePageFactory(parent=index, title=f"電子申請の始め方 その{n + 1}", tags=TAGS[n:])
    return article


def survey_publish(*, title, slug, questions):
    """Home → アンケート → a survey asking `questions` (StreamField data), published. Anyone
    may answer it any number of times: benchmark clients answer again and again."""
    from wagtail.models import Page, Site

    from articles.models import HomePage
    from surveys.models import SurveyIndexPage, SurveyPage

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="寄り合い", slug="bench-home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
    )
    index = home.add_child(instance=SurveyIndexPage(title="アンケート", slug="surveys"))
    survey = index.add_child(
        instance=SurveyPage(title=title, slug=slug, questions=questions, one_response=False)
    )
    survey.save_revision().publish()
    return SurveyPage.objects.get(pk=survey.pk)
