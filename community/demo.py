"""The demo discussion that `manage.py seed_demo` adds: members of each stakeholder type, a
thread with replies and likes under two articles, the reply notifications they would have
had, something for the moderation queue (a reported comment, one waiting because of a
blocked word), and an open opinion-exchange topic on 書かない窓口 with opinions of each stance
and votes.

Idempotent: members are reset to the same state, and the comments are written only on
pages that have none yet. Comments are written directly (backdated, already sanitised by
the one sanitiser) rather than through comment_create, whose pace limits would refuse a
member's third comment within seconds.
"""

from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from core.pages import child_page_get_or_create
from core.sanitising import plain_text_to_html

from . import demo_groups
from .demo_votes import demo_crowd_votes_build, opinion_votes_cast
from .models import (
    BlockedWord,
    Comment,
    CommentStatus,
    Like,
    Notification,
    NotificationKind,
    Region,
    Report,
    ReportReason,
    ReviewReason,
    StakeholderType,
    TopicIndexPage,
    TopicPage,
    TopicPageRelatedArticle,
    User,
)

# Public on purpose, like the staff demo passwords: seed_demo refuses production settings.
MEMBER_PASSWORD = "yoriai-member-demo"  # noqa: S105


@dataclass(frozen=True)
class DemoMember:
    email: str
    display_name: str
    stakeholder_type: str
    prefecture: str
    region_name: str


MEMBERS = [
    DemoMember("member@yoriai.example", "港町のやまだ", StakeholderType.RESIDENT, "17", "七尾市"),
    DemoMember("shop@yoriai.example", "商店街の田中", StakeholderType.BUSINESS, "17", "金沢市"),
    DemoMember("city@yoriai.example", "市役所DX推進係", StakeholderType.MUNICIPAL, "16", "富山市"),
    DemoMember("npo@yoriai.example", "見守りNPOの森", StakeholderType.ORGANISATION, "17", "輪島市"),
    DemoMember("student@yoriai.example", "大学生のさとう", StakeholderType.STUDENT, "16", "高岡市"),
]
BLOCKED_WORD = "副業で簡単に稼げる"

# (article slug, [(author index, text, replies [(author index, text)], likes)])
THREADS = {
    "e-application-first-step": [
        (
            0,
            "子育ての申請を夜にスマホから出せるようになったら本当に助かります。\n"
            "平日の昼に窓口へ行くのが一番の負担でした。",
            [
                (2, "ありがとうございます。まずは児童手当の現況届から電子申請に対応する予定です。"),
                (0, "楽しみにしています！紙の添付書類がどうなるかも知りたいです。"),
            ],
            2,
        ),
        (
            1,
            "事業者向けの補助金申請も同じ仕組みにしてほしいです。"
            "詳細はhttps://example.jp/hojokinにまとめました。",
            [(2, "事業者向けは来年度の検討項目に入れました。ご意見を関係課に共有します。")],
            1,
        ),
    ],
    "my-number-card-adoption": [
        (
            2,
            "窓口で交付予約の枠を増やしたところ、土曜日の予約がすぐに埋まりました。"
            "需要は平日の外にありそうです。",
            [(0, "土曜の枠、助かりました。親の分もまとめて申請できました。")],
            2,
        ),
    ],
}


TOPIC_SLUG = "kakanai-madoguchi-shisho"
TOPIC_ARTICLE_SLUG = "madoguchi-dx-1"
TOPIC = {
    "title": "「書かない窓口」を全ての支所に広げるべきか",
    "question": "本庁で始めた「書かない窓口」を、来年度から全ての支所に広げるべきだと思いますか。",
    "background": (
        "<p>本庁の市民課では、職員が聞き取りながら申請書を作る「書かない窓口」を始めて一年になり、"
        "手続きの待ち時間は平均で3割短くなりました。</p>"
        "<p>支所に広げるには、端末と研修の費用、少ない職員での運用が課題です。"
        "住民、事業者、職員それぞれの立場からご意見をお寄せください。</p>"
    ),
}
# (author index, stance, text, hours ago, {voter index: vote})
OPINIONS = [
    (
        0,
        "agree",
        "支所は高齢の方の利用が多く、書類を書くのが一番の負担です。ぜひ広げてほしいです。",
        70,
        {1: "agree", 2: "agree", 3: "agree", 4: "pass"},
    ),
    (
        3,
        "agree",
        "見守り活動で付き添うと、窓口で書き方を待つ時間が長いと感じます。"
        "支所こそ必要だと思います。",
        60,
        {0: "agree", 1: "pass", 2: "agree", 4: "agree"},
    ),
    (
        1,
        "neutral",
        "方向には賛成ですが、まず利用の多い二つの支所で試して、"
        "効果を見てから広げるのがよいと思います。",
        48,
        {0: "agree", 2: "agree", 3: "disagree", 4: "agree"},
    ),
    (
        2,
        "disagree",
        "職員が二人の支所では、聞き取りに時間を取られて窓口が回らなくなる心配があります。"
        "先にオンライン申請を充実させるべきです。",
        36,
        {0: "disagree", 1: "agree", 3: "disagree", 4: "agree"},
    ),
    (
        4,
        "disagree",
        "支所まで行かずにスマホで済ませたい人も多いはずです。"
        "費用はオンライン手続きに回してほしいです。",
        20,
        {0: "disagree", 1: "pass", 2: "agree", 3: "disagree"},
    ),
]
TOPIC_REPLY = (2, 0, "ご意見ありがとうございます。支所の利用者のうち65歳以上は約6割です。")


def demo_discussion_build(*, articles):
    """Members, threads, a report and a held comment on the demo articles (by slug);
    returns the demo members' (email, password) for the accounts table."""
    members = [_member_build(spec) for spec in MEMBERS]
    BlockedWord.objects.get_or_create(word=BLOCKED_WORD, defaults={"note": "デモ用の禁止語"})
    for slug, threads in THREADS.items():
        article = articles.get(slug)
        if article is None or Comment.objects.filter(page=article).exists():
            continue
        with transaction.atomic():
            _threads_build(article=article, threads=threads, members=members)
            if slug == "e-application-first-step":
                _queue_examples_build(article=article, members=members)
    demo_topic_build(article=articles.get(TOPIC_ARTICLE_SLUG), members=members)
    demo_groups_topic_build(members=members)
    return [(member.email, MEMBER_PASSWORD) for member in members]


def demo_topic_build(*, article, members):
    """An open topic on 書かない窓口 under 意見交換, linked to `article`, with opinions of each
    stance, a reply and votes; opinions are written only while the topic has none."""
    index = TopicIndexPage.objects.first()
    if index is None:
        return None
    links = [TopicPageRelatedArticle(article=article)] if article is not None else []
    topic = child_page_get_or_create(
        parent=index,
        page_class=TopicPage,
        slug=TOPIC_SLUG,
        defaults={
            **TOPIC,
            "related_articles": links,
            "starts_at": _ago(days=3).replace(minute=0, second=0, microsecond=0),
            "ends_at": _ago(days=-60).replace(minute=0, second=0, microsecond=0),
        },
    )
    if not Comment.objects.filter(page=topic).exists():
        _opinions_build(topic=topic, members=members)
    opinions = list(Comment.objects.filter(page=topic, depth=1).order_by("created_at", "pk"))
    if len(opinions) == len(OPINIONS):
        demo_crowd_votes_build(opinions=opinions)
    return topic


def demo_groups_topic_build(*, members):
    """A closed topic on the bus routes whose votes fall into opinion groups, computed and
    published (community.demo_groups); opinions are written only while the topic has none."""
    index = TopicIndexPage.objects.first()
    if index is None:
        return None
    topic = child_page_get_or_create(
        parent=index,
        page_class=TopicPage,
        slug=demo_groups.TOPIC_SLUG,
        defaults={
            **demo_groups.TOPIC,
            "starts_at": _ago(days=40).replace(minute=0, second=0, microsecond=0),
            "ends_at": _ago(days=5).replace(minute=0, second=0, microsecond=0),
        },
    )
    if not Comment.objects.filter(page=topic).exists():
        with transaction.atomic():
            for number, (stance, text, _votes) in enumerate(demo_groups.OPINIONS):
                author = members[number % len(members)]
                hours = 24 * 35 - 12 * number
                _comment(article=topic, author=author, text=text, hours_ago=hours, stance=stance)
    opinions = list(Comment.objects.filter(page=topic, depth=1).order_by("created_at", "pk"))
    if len(opinions) == len(demo_groups.OPINIONS):
        demo_groups.demo_groups_votes_build(opinions=opinions)
        demo_groups.demo_groups_publish(topic=topic)
    return topic


def _opinions_build(*, topic, members):
    with transaction.atomic():
        opinions = [
            _comment(
                article=topic, author=members[author], text=text, hours_ago=hours, stance=stance
            )
            for author, stance, text, hours, _votes in OPINIONS
        ]
        for opinion, (*_spec, votes) in zip(opinions, OPINIONS, strict=True):
            _votes_build(opinion=opinion, votes=votes, members=members)
        author, opinion_index, text = TOPIC_REPLY
        _comment(
            article=topic,
            author=members[author],
            text=text,
            hours_ago=10,
            parent=opinions[opinion_index],
        )


def _votes_build(*, opinion, votes, members):
    choices = [(members[voter], choice) for voter, choice in votes.items()]
    opinion_votes_cast(opinion=opinion, choices=choices)


def _member_build(spec):
    member = User.objects.filter(email__iexact=spec.email).first() or User(
        email=spec.email, username=spec.email.split("@")[0]
    )
    member.display_name = spec.display_name
    member.stakeholder_type = spec.stakeholder_type
    member.prefecture = spec.prefecture
    member.region = Region.objects.filter(prefecture=spec.prefecture, name=spec.region_name).first()
    member.region_name = "" if member.region else spec.region_name
    member.stakeholder_type_public = member.region_public = True
    member.is_active = True
    member.date_joined = min(member.date_joined or timezone.now(), _ago(days=60))
    member.set_password(MEMBER_PASSWORD)
    member.save()
    EmailAddress.objects.update_or_create(
        user=member, email=spec.email, defaults={"verified": True, "primary": True}
    )
    return member


def _threads_build(*, article, threads, members):
    hours = 72
    for author, text, replies, likes in threads:
        top = _comment(article=article, author=members[author], text=text, hours_ago=hours)
        for liker in members[:likes]:
            if liker != top.author:
                Like.objects.create(member=liker, comment=top)
        top.like_count = top.likes.count()
        top.save(update_fields=["like_count"])
        for reply_author, reply_text in replies:
            hours -= 3
            reply = _comment(
                article=article,
                author=members[reply_author],
                text=reply_text,
                hours_ago=hours,
                parent=top,
            )
            if reply.author != top.author:  # what the member finds under 通知
                Notification.objects.create(
                    recipient=top.author,
                    kind=NotificationKind.REPLY,
                    actor=reply.author,
                    comment=reply,
                    created_at=reply.created_at,
                    updated_at=reply.created_at,
                    emailed_at=reply.created_at,  # never e-mailed by the demo
                )
        hours -= 10


def _queue_examples_build(*, article, members):
    reported = _comment(
        article=article,
        author=members[1],
        text="この担当者の電話番号は 090-0000-0000 です。直接かけて文句を言いましょう。",
        hours_ago=20,
    )
    for reporter in (members[0], members[2]):
        Report.objects.create(
            comment=reported, reporter=reporter, reason=ReportReason.PERSONAL_INFORMATION
        )
    reported.report_count = 2
    reported.save(update_fields=["report_count"])
    _comment(
        article=article,
        author=members[1],
        text=f"{BLOCKED_WORD}方法を教えます。プロフィールのリンクからどうぞ。",
        hours_ago=2,
        status=CommentStatus.PENDING,
        review_reason=ReviewReason.BLOCKED_WORD,
    )


def _comment(*, article, author, text, hours_ago, parent=None, **fields):
    return Comment.objects.create(
        page=article,
        author=author,
        parent=parent,
        root=parent,
        depth=2 if parent else 1,
        body_source=text,
        body_html=plain_text_to_html(text),
        created_at=_ago(hours=hours_ago),
        **fields,
    )


def _ago(**delta):
    return timezone.now() - timedelta(**delta)
