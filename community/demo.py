"""The demo discussion that `manage.py seed_demo` adds: members of each stakeholder type, a
thread with replies and likes under two articles, the reply notifications they would have
had, and something for the moderation queue (a reported comment, one waiting because of a
blocked word).

Idempotent: members are reset to the same state, and the comments are written only on
articles that have none yet. Comments are written directly (backdated, already sanitised by
the one sanitiser) rather than through comment_create, whose pace limits would refuse a
member's third comment within seconds.
"""

from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from .models import (
    BlockedWord,
    Comment,
    CommentStatus,
    Like,
    Notification,
    NotificationKind,
    Report,
    ReportReason,
    ReviewReason,
    StakeholderType,
    User,
)
from .sanitising import plain_text_to_html

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
    return [(member.email, MEMBER_PASSWORD) for member in members]


def _member_build(spec):
    member = User.objects.filter(email__iexact=spec.email).first() or User(
        email=spec.email, username=spec.email.split("@")[0]
    )
    member.display_name = spec.display_name
    member.stakeholder_type = spec.stakeholder_type
    member.prefecture = spec.prefecture
    member.region_name = spec.region_name
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
