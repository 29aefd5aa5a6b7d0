"""The demo site's pages: the home page as the site root, the article index, the contact page,
the privacy policy, the accessibility statement and the opinion exchanges' index."""

from dataclasses import dataclass

from wagtail.rich_text import RichText

from community.models import TopicIndexPage
from core.pages import child_page_get_or_create

from ..models import ArticleIndexPage, ContactPage, HomePage, InformationPage
from ..services.site import contact_page_fields_set, home_page_install

SITE_NAME = "寄り合い"
HOME_LEAD = (
    "地域の住民、事業者、自治体、そして私たちが、地方創生と行政DXについて語り合う場です。"
    "記事を読んで、ご意見をお寄せください。"
)

CONTACT_INTRO = (
    "<p>記事や取り組みについてのご質問、取材や連携のご相談はこちらからお寄せください。</p>"
)
CONTACT_THANK_YOU = (
    "<p>お問い合わせありがとうございました。担当者より三営業日以内にご連絡します。</p>"
)
# ASCII clean names keep submission keys readable (Wagtail would escape the Japanese labels).
CONTACT_FIELDS = [
    {"label": "お名前", "clean_name": "name", "field_type": "singleline"},
    {"label": "メールアドレス", "clean_name": "email", "field_type": "email"},
    {
        "label": "お問い合わせの種類",
        "clean_name": "inquiry_type",
        "field_type": "dropdown",
        "choices": "記事について\n取材・講演のご依頼\n自治体との連携のご相談\nその他",
    },
    {"label": "お問い合わせ内容", "clean_name": "message", "field_type": "multiline"},
]


TOPIC_INDEX_INTRO = (
    "<p>地域の課題について、立場の違う人どうしで意見を出し合う場です。"
    "ほかの人の意見には「賛成」「反対」「パス」で投票できます。</p>"
)
PRIVACY_LEAD = (
    "寄り合い（以下「本サイト」）は、ご利用の皆さまの個人情報を、個人情報の保護に関する法律"
    "その他の法令に従って大切に取り扱います。何を取得し、何に使い、どう守るのかを説明します。"
)
PRIVACY_SECTIONS = [
    (
        "取得する情報",
        "<ul><li>会員登録・ログインの情報：メールアドレス、パスワード（元に戻せない形で保存します）、"
        "LINE・Googleでログインした場合はその連携の識別子</li>"
        "<li>プロフィール：ニックネーム、プロフィール画像、自己紹介、立場（住民・事業者など）、"
        "都道府県と市区町村</li>"
        "<li>投稿とアンケート：コメント、意見交換への投稿、いいね、アンケートの回答</li>"
        "<li>利用の記録：アクセス日時、IPアドレス、ブラウザの種類</li></ul>",
    ),
    (
        "利用目的",
        "<ul><li>本サイトの提供（ログイン、投稿の表示、通知）</li>"
        "<li>なりすましや荒らしなどの不正の防止、安全な運営</li>"
        "<li>アンケートの集計。結果は統計として処理し、個人が特定できない形でのみ公表します。"
        "少人数の集計結果は表示しません。</li>"
        "<li>お問い合わせへの回答、本サイトの改善</li></ul>",
    ),
    (
        "公開される情報",
        "<p>ニックネーム、プロフィール画像、自己紹介、認証済みバッジ、投稿したコメントと意見は"
        "公開されます。立場と都道府県・市区町村は、ご本人が公開を選んだ場合にだけ表示します"
        "（運営スタッフは、参加者の構成を把握するために常に閲覧できます）。メールアドレスと"
        "氏名が公開されることはありません。</p>",
    ),
    (
        "第三者への提供",
        "<p>法令に基づく場合を除き、ご本人の同意なく個人情報を第三者に提供しません。"
        "サーバーの運用などを外部に委託する場合は、委託先を適切に監督します。</p>",
    ),
    (
        "安全管理",
        "<p>通信の暗号化、管理画面へのアクセス制限とスタッフの二段階認証などにより、"
        "個人情報の漏えいや改ざんを防ぎます。</p>",
    ),
    (
        "ご自身の情報の確認・削除",
        "<ul><li>マイページの「データのダウンロード」から、本サイトが保存しているあなたの情報を"
        "JSON形式で取得できます。</li>"
        "<li>「退会する」から、いつでもアカウントを削除できます。プロフィールとログイン情報は"
        "削除されます。議論の流れを保つため、コメントは「退会したユーザー」の投稿として残り、"
        "アンケートの回答はあなたと結び付かない匿名の回答としてのみ保持します。</li>"
        "<li>そのほかの開示・訂正・利用停止のご請求は、お問い合わせページからご連絡ください。"
        "</li></ul>",
    ),
    (
        "このポリシーの変更",
        "<p>内容を変更する場合は、このページでお知らせします。最終更新日はページの上部に"
        "表示しています。</p>",
    ),
]

ACCESSIBILITY_LEAD = (
    "寄り合いは、年齢や障害の有無、使う機器にかかわらず、どなたにも読みやすく使いやすい"
    "サイトを目指しています。日本産業規格 JIS X 8341-3:2016 に基づく方針と、その確認の方法、"
    "まだ確認できていないことをお知らせします。"
)
# {contact}: the internal link to the contact page (Wagtail rich text), filled in when built.
ACCESSIBILITY_SECTIONS = [
    (
        "方針",
        "<p>本サイトは、JIS X 8341-3:2016 の適合レベル AA に準拠することを目標とします。"
        "あわせて、その後に公開された WCAG 2.2 の達成基準（レベル A・AA）にも対応します。"
        "新しいページや機能を加えるときは、この基準で確認してから公開します。</p>",
    ),
    (
        "対象範囲",
        "<p>本サイトで公開しているすべてのページ（記事、意見交換、アンケートとその結果、"
        "会員登録・ログイン、マイページ、お問い合わせなど）と、運営スタッフが使う管理画面のうち"
        "本サイトのために作成した画面（アンケート集計、モデレーション、意見交換の集約）が"
        "対象です。</p>",
    ),
    (
        "確認の方法",
        "<ul><li>自動検査ツール axe-core を使い、公開ページの主な種類（記事、意見交換、"
        "アンケートの各画面、検索、会員の画面など）と、スタッフ用の集計・モデレーション画面を"
        "検査しています。"
        "重大（serious）・致命的（critical）と判定された問題は、見つけしだい修正します。</li>"
        "<li>スマートフォンとパソコンの画面幅、ダークモードのそれぞれで検査しています。</li>"
        "<li>キーボードだけで記事を読み、コメントを書き、返信し、いいねができること、"
        "アンケートに最後まで回答できることを、自動テストで毎回確かめています。</li>"
        "<li>グラフには、同じ内容の表を添えて、画面読み上げソフトでも数値が分かるように"
        "しています。</li></ul>",
    ),
    (
        "まだ確認できていないこと",
        "<ul><li>画面読み上げソフト（スクリーンリーダー）を使った人の手による確認は、"
        "まだ行っていません。</li>"
        "<li>管理画面のうち、CMS（Wagtail）が提供する画面（ページの編集画面など）は"
        "検査していません。</li>"
        "<li>会員が投稿したコメントの内容や画像の代替テキストは、投稿者に委ねています。</li>"
        "<li>検査していない画面もあります（パスワードの再設定、退会の手続きなど）。</li>"
        "<li>埋め込まれた外部の動画（YouTube など）の字幕は、提供元に依存します。</li></ul>",
    ),
    (
        "お気づきの点があれば",
        "<p>使いにくい箇所や読み取れない情報がありましたら、{contact}からお知らせください。"
        "内容を確認し、改善します。</p>",
    ),
    ("制定日", "<p>2026年12月1日</p>"),
]


@dataclass(frozen=True)
class DemoSite:
    home: HomePage
    article_index: ArticleIndexPage
    contact: ContactPage
    privacy: InformationPage
    accessibility: InformationPage
    topic_index: TopicIndexPage


def demo_site_build(*, port=8000):
    """Home page as the site root, the article index (記事), the contact page (お問い合わせ),
    the privacy policy (プライバシーポリシー) and the accessibility statement (アクセシビリティ
    方針), both linked in the footer, and the opinion exchanges
    (意見交換; community.demo adds a topic)."""
    home = home_page_install(
        title=SITE_NAME, lead=HOME_LEAD, site_name=SITE_NAME, hostname="127.0.0.1", port=port
    )
    article_index = child_page_get_or_create(
        parent=home,
        page_class=ArticleIndexPage,
        slug="articles",
        defaults={
            "title": "記事",
            "intro": "地方創生と行政DXの現場から、私たちが見てきたことをお届けします。",
        },
    )
    contact = child_page_get_or_create(
        parent=home,
        page_class=ContactPage,
        slug="contact",
        defaults={
            "title": "お問い合わせ",
            "intro": CONTACT_INTRO,
            "thank_you_text": CONTACT_THANK_YOU,
            "to_address": "staff@yoriai.example",
            "from_address": "noreply@yoriai.example",
            "subject": "【寄り合い】お問い合わせがありました",
        },
    )
    contact = contact_page_fields_set(page=contact, fields=CONTACT_FIELDS)
    privacy = child_page_get_or_create(
        parent=home,
        page_class=InformationPage,
        slug="privacy",
        defaults={
            "title": "プライバシーポリシー",
            "lead": PRIVACY_LEAD,
            "body": _privacy_body(),
            "show_in_menus": True,  # linked in the footer
        },
    )
    accessibility = child_page_get_or_create(
        parent=home,
        page_class=InformationPage,
        slug="accessibility",
        defaults={
            "title": "アクセシビリティ方針",
            "lead": ACCESSIBILITY_LEAD,
            "body": _accessibility_body(contact),
            "show_in_menus": True,  # linked in the footer
        },
    )
    topic_index = child_page_get_or_create(
        parent=home,
        page_class=TopicIndexPage,
        slug="topics",
        defaults={"title": "意見交換", "intro": TOPIC_INDEX_INTRO},
    )
    return DemoSite(
        home=home,
        article_index=article_index,
        contact=contact,
        privacy=privacy,
        accessibility=accessibility,
        topic_index=topic_index,
    )


def _privacy_body():
    return _sections_body(PRIVACY_SECTIONS)


def _accessibility_body(contact):
    link = f'<a linktype="page" id="{contact.pk}">お問い合わせページ</a>'
    return _sections_body(
        [(heading, html.format(contact=link)) for heading, html in ACCESSIBILITY_SECTIONS]
    )


def _sections_body(sections):
    body = []
    for heading, html in sections:
        body.append(("heading", {"text": heading, "level": "h2"}))
        body.append(("paragraph", RichText(html)))
    return body
