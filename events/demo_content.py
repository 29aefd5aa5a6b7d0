"""What the demo events say (events.demo builds them): original Japanese text for a
municipality in 石川県 (七尾市, where the demo members live), and who registers for each."""

from dataclasses import dataclass, field
from datetime import timedelta

from community.models import StakeholderType

from .models import EventKind
from .models.pages import EventStatus


@dataclass
class Seats:
    """Who registers for one time slot (or the whole event): `registered` seated, `waiting`
    after them; on a past event the first `checked_in` of them came, and `walk_ins` more."""

    registered: int
    waiting: int = 0
    checked_in: int = 0
    walk_ins: int = 0
    members: list = field(default_factory=list)  # demo members' e-mails, registered first


R, B, M, NPO, S = (
    StakeholderType.RESIDENT,
    StakeholderType.BUSINESS,
    StakeholderType.MUNICIPAL,
    StakeholderType.ORGANISATION,
    StakeholderType.STUDENT,
)
# Made-up registrants: (name, e-mail's local part, stakeholder type).
NAMES = [
    ("石田 和子", "kazuko.ishida", R),
    ("中村 健一", "kenichi.nakamura", R),
    ("北村 商店 北村 誠", "kitamura.shoten", B),
    ("松本 さより", "sayori.matsumoto", R),
    ("能登見守りの会 西田", "nishida.mimamori", NPO),
    ("七尾市 市民課 小林", "kobayashi.shimin", M),
    ("岡田 美咲", "misaki.okada", S),
    ("山本 正雄", "masao.yamamoto", R),
    ("浜野 千鶴", "chizuru.hamano", R),
    ("和倉温泉 旅館組合 坂本", "sakamoto.ryokan", B),
    ("吉田 悠斗", "yuto.yoshida", S),
    ("前田 敏子", "toshiko.maeda", R),
    ("谷口 隆", "takashi.taniguchi", R),
    ("社会福祉協議会 林", "hayashi.shakyo", NPO),
    ("藤井 直美", "naomi.fujii", R),
    ("池田 工務店 池田 翔", "ikeda.komuten", B),
    ("上野 礼子", "reiko.ueno", R),
    ("宮本 聡", "satoshi.miyamoto", M),
    ("清水 陽菜", "hina.shimizu", S),
    ("大西 信夫", "nobuo.onishi", R),
]

INDEX = {
    "title": "イベント",
    "intro": (
        "七尾市と寄り合いが開く説明会・ワークショップ・相談会のご案内です。会員の方はワンクリックで、"
        "会員でない方もお名前とメールアドレスでお申し込みいただけます。"
    ),
}

VENUE_CITY_HALL = {
    "venue_name": "七尾市役所 本庁舎 3階 大会議室",
    "venue_address": "石川県七尾市袖ケ江町イ部25",
    "access_notes": "JR七尾駅から徒歩15分。市役所前バス停からすぐです。",
    "accessibility": (
        "エレベーターと多目的トイレがあります。車いすでお越しの方は受付でお声がけください。"
    ),
}
CONTACT = "七尾市 企画政策課 DX推進係（電話 0767-00-0000、平日9時〜17時）"


def _p(*paragraphs):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs]


# Each: slug, when (days from today, (hour, minute) in Japan, length), the page's fields,
# tags, related article slugs, the topic's slug, with_survey, the seats of each slot (or of the
# event), slots [(minutes after the start, length, capacity)], answers {question code: people}.
EVENTS = [
    {
        "slug": "my-number-desk-minatomachi",
        "when": (10, (10, 0), timedelta(hours=2)),
        "fields": {
            "title": "マイナンバーカード出張申請窓口（港町公民館）",
            "kind": EventKind.DESK,
            "lead": (
                "本庁まで来にくい方のために、港町公民館で出"
                "張申請窓口を開きます。写真撮影も無料です。"
            ),
            "body": _p(
                "職員が申請書の記入から顔写真の撮影までお手伝いします。30分ごとの予約制です。",
                "本人確認書類（運転免許証、健康保険証など）と、お持ちの方は交付申請書をお持ちください。",
            ),
            "venue_name": "港町公民館 1階 会議室",
            "venue_address": "石川県七尾市港町2丁目4",
            "access_notes": "のと鉄道バス「港町」下車 徒歩2分。駐車場は10台です。",
            "accessibility": "段差のない入口です。筆談でのご案内もできます。",
            "organiser": "七尾市 市民課",
            "contact": CONTACT,
            "fee_note": "無料",
            "audience": "住民の方",
            "stakeholder_types": [R],
        },
        "tags": ["マイナンバーカード", "出張窓口"],
        "articles": ["my-number-card-adoption"],
        "topic": "my-number-desk",
        "slots": [(minutes, timedelta(minutes=30), 3) for minutes in (0, 30, 60, 90)],
        "seats": [
            Seats(3, waiting=2, members=["member@yoriai.example"]),
            Seats(3, waiting=1),
            Seats(2),
            Seats(0),
        ],
    },
    {
        "slug": "kakanai-madoguchi-briefing",
        "when": (14, (14, 0), timedelta(minutes=90)),
        "fields": {
            "title": "書かない窓口 説明会",
            "kind": EventKind.BRIEFING,
            "lead": (
                "来年4月から始まる「書かない窓口」の使い方と、"
                "引っ越しの手続きがどう変わるかをご説明します。"
            ),
            "body": _p(
                "窓口で職員が聞き取りながら申請書を作るため、住所や氏名を何度も書く必要がなくなります。",
                "説明のあと、実際の窓口の画面を使った体験と質疑応答の時間を設けます。",
            ),
            **VENUE_CITY_HALL,
            "organiser": "七尾市 企画政策課",
            "contact": CONTACT,
            "fee_note": "無料",
            "audience": "住民の方、市内の事業者、自治体職員",
            "stakeholder_types": [R, B, M],
            "capacity": 30,
        },
        "tags": ["書かない窓口", "窓口DX"],
        "articles": ["madoguchi-dx-1", "madoguchi-dx-2", "madoguchi-dx-3"],
        "with_survey": True,
        "seats": [Seats(20, members=["city@yoriai.example", "shop@yoriai.example"])],
    },
    {
        "slug": "e-application-online",
        "when": (7, (19, 0), timedelta(hours=1)),
        "fields": {
            "title": "オンライン説明会「スマホで始める電子申請」",
            "kind": EventKind.ONLINE,
            "lead": (
                "児童手当の現況届など、スマホから出せる申請の始め方を、画面を見ながらご説明します。"
            ),
            "body": _p(
                "ご自宅からビデオ会議で参加できます。カメラとマイクはオフのままでかまいません。",
                "参加用のURLは、お申し込みの方のページに開始30分前から表示されます。",
            ),
            "online_url": "https://meet.example.jp/nanao-e-application",
            "organiser": "七尾市 企画政策課 DX推進係",
            "contact": CONTACT,
            "fee_note": "無料（通信料はご負担ください）",
            "audience": "子育て中の方、仕事で平日に窓口へ行けない方",
            "stakeholder_types": [R],
            "capacity": 100,
        },
        "tags": ["電子申請"],
        "articles": ["e-application-first-step"],
        "with_survey": True,
        "seats": [Seats(8, members=["student@yoriai.example"])],
    },
    {
        "slug": "open-data-workshop",
        "when": (21, (13, 30), timedelta(hours=3)),
        "fields": {
            "title": "ワークショップ「みんなで作る七尾のオープンデータ」",
            "kind": EventKind.WORKSHOP,
            "lead": "避難所やAEDの場所など、暮らしに役立つデータを住民と職員が一緒に地図にします。",
            "body": _p(
                "グループに分かれ、まち歩きで集めた情報をオープンデータの形に整えます。",
                "パソコンは市で用意します。スマホをお持ちの方はご持参ください。",
            ),
            **VENUE_CITY_HALL,
            "organiser": "七尾市 企画政策課 / 能登見守りの会",
            "contact": CONTACT,
            "fee_note": "無料",
            "audience": "どなたでも（高校生以上）",
            "stakeholder_types": [R, NPO, S, M],
            "capacity": 16,
            "questions": [
                {
                    "type": "single_choice",
                    "value": {
                        "code": "sign",
                        "text": "手話通訳が必要ですか",
                        "required": True,
                        "choices": ["はい", "いいえ"],
                    },
                },
                {
                    "type": "single_choice",
                    "value": {
                        "code": "parking",
                        "text": "駐車場を利用しますか",
                        "required": True,
                        "choices": ["はい", "いいえ"],
                    },
                },
            ],
        },
        "tags": ["オープンデータ"],
        "articles": ["open-data-with-residents"],
        "seats": [Seats(10, members=["npo@yoriai.example", "member@yoriai.example"])],
        "answers": {"sign": [3], "parking": [0, 2, 5, 6, 9]},
    },
    {
        "slug": "smartphone-class",
        "when": (5, (10, 0), timedelta(hours=2)),
        "fields": {
            "title": "高齢者向けスマホ教室「マイナポータルを使ってみよう」",
            "kind": EventKind.WORKSHOP,
            "lead": (
                "スマホでマイナポータルにログインし、"
                "健康保険証の情報を確かめるまでを一緒に練習します。"
            ),
            "status": EventStatus.POSTPONED,
            "status_note": (
                "講師の都合により延期します。新しい日程は決まりしだい、このページとメールで"
                "お知らせします。お申し込みはそのまま有効です。"
            ),
            # Its やさしい日本語 version (events.models.easy).
            "easy_title": "お年よりのためのスマホ教室「マイナポータルを使ってみよう」",
            "easy_lead": (
                "スマホでマイナポータルに入ります。健康保険証の情報を見る練習をします。"
                "いっしょにやってみましょう。"
            ),
            "easy_status_note": (
                "先生の都合で、日にちを変えます。新しい日にちが決まったら、このページとメールで"
                "知らせます。申しこみは、そのままで大丈夫です。"
            ),
            "venue_name": "北部公民館 2階 研修室",
            "venue_address": "石川県七尾市田鶴浜町リ部1",
            "organiser": "七尾市 市民課 / 七尾市社会福祉協議会",
            "contact": CONTACT,
            "fee_note": "無料",
            "audience": "65歳以上の方とご家族",
            "stakeholder_types": [R],
            "capacity": 12,
        },
        "tags": ["マイナンバーカード", "スマホ教室"],
        "articles": ["my-number-card-adoption"],
        "seats": [Seats(6)],
    },
    {
        "slug": "e-contract-briefing",
        "when": (12, (15, 0), timedelta(hours=1)),
        "fields": {
            "title": "事業者向け 電子契約・電子入札 説明会",
            "kind": EventKind.BRIEFING,
            "lead": (
                "市の入札と契約が来年度から電子化されます。"
                "事業者の皆さまの準備についてご説明します。"
            ),
            "status": EventStatus.CANCELLED,
            "status_note": (
                "会場の設備点検と日程が重なったため、中止します。同じ内容を来月のオンライン説明会で"
                "お伝えします。ご迷惑をおかけし、申し訳ございません。"
            ),
            **VENUE_CITY_HALL,
            "organiser": "七尾市 契約検査課",
            "contact": CONTACT,
            "fee_note": "無料",
            "audience": "市内の事業者",
            "stakeholder_types": [B],
            "capacity": 40,
        },
        "tags": ["電子契約"],
        "seats": [Seats(5, members=["shop@yoriai.example"])],
    },
    {
        "slug": "my-number-desk-hokubu",
        "when": (-21, (13, 0), timedelta(hours=2)),
        "fields": {
            "title": "マイナンバーカード 出張申請窓口 説明会（北部公民館）",
            "kind": EventKind.BRIEFING,
            "lead": (
                "出張申請窓口の試行にあわせ、申請の流れと、カードで使えるサービスをご説明しました。"
            ),
            "venue_name": "北部公民館 2階 研修室",
            "venue_address": "石川県七尾市田鶴浜町リ部1",
            "organiser": "七尾市 市民課",
            "contact": CONTACT,
            "fee_note": "無料",
            "audience": "住民の方",
            "stakeholder_types": [R],
            "capacity": 20,
            "report": [
                {"type": "heading", "value": {"text": "当日の様子", "level": "h2"}},
                *_p(
                    "雪の中、19名の方にお越しいただきました。申請の流れを説明したあと、その場で"
                    "9名の方が申請を済ませました。",
                    "「写真を撮りに行かなくてよいのが助かる」「家族の分も予約したい」という声が多く、"
                    "公民館での定期開催を検討しています。",
                ),
                {"type": "heading", "value": {"text": "いただいたご質問", "level": "h2"}},
                *_p(
                    "カードの受け取りも公民館でできるか、というご質問には、来年度から受け取りの"
                    "出張窓口も試行するとお答えしました。",
                ),
            ],
        },
        "tags": ["マイナンバーカード", "出張窓口"],
        "articles": ["my-number-card-adoption"],
        "topic": "my-number-desk",
        "seats": [Seats(17, checked_in=12, walk_ins=2, members=["member@yoriai.example"])],
    },
]
