"""The demo consultation that `manage.py seed_demo` adds: an opinion exchange on where to hold
マイナンバーカード application desks, ended, with members' opinions and two sent by post; its
outcome page 「意見募集の結果」 with the opinions grouped and answered (意見の概要 / 件数 / 市の
考え方 / 対応, a quote masked, a follow-up under way), published; and a second outcome drafted
and waiting for a second person's approval.

Idempotent: the topic's opinions and the outcomes' groups are written only while there are
none. Opinions are written directly (backdated), as community.demo writes its own.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from community.models import Comment, Stance, TopicIndexPage, TopicPage, User
from core.channels import Channel
from core.pages import child_page_get_or_create
from core.sanitising import plain_text_to_html

from . import services
from .models import ConsultationIndexPage, ConsultationPage, Disposition
from .sources import COMMENT_KEY, opinions_of

TOPIC_SLUG = "my-number-desk"
TOPIC = {
    "title": "マイナンバーカードの出張申請窓口をどこに開くか",
    "question": "マイナンバーカードの出張申請窓口を、どこで、いつ開くとよいと思いますか。",
    "background": (
        "<p>市では、本庁の窓口に来にくい方のために、マイナンバーカードの出張申請窓口を"
        "開いています。来年度の会場と日程を決めるにあたり、ご意見を募集しました。</p>"
    ),
}
# (demo member's e-mail, stance, text, days ago)
OPINIONS = [
    (
        "member@yoriai.example",
        "agree",
        "港町の公民館で開いてほしいです。バスが一日三本しかなく、本庁まで行けません。",
        40,
    ),
    (
        "npo@yoriai.example",
        "agree",
        "見守りで伺うお宅の方は公民館なら歩いて行けます。公民館での開催をお願いします。",
        38,
    ),
    (
        "shop@yoriai.example",
        "neutral",
        "商店街の空き店舗を使えば、買い物のついでに申請できます。土曜日の開催も考えてください。",
        35,
    ),
    (
        "city@yoriai.example",
        "neutral",
        "平日の昼だけでなく、仕事帰りに寄れる夕方の時間帯があると助かるという声を聞きます。",
        33,
    ),
    (
        "student@yoriai.example",
        "agree",
        "大学の学園祭の日に出張窓口があれば、学生もまとめて申請できると思います。",
        30,
    ),
    (
        "member@yoriai.example",
        "disagree",
        "出張窓口より、本庁の窓口の待ち時間を短くするほうが先だと思います。",
        28,
    ),
]
POSTED = [
    "寄り合い所の近くに住む者です。足が悪く、家から近い公民館に来てもらえると助かります。",
    "土日に開いてもらえないと、仕事を休まなければなりません。",
]
OUTCOME_SLUG = "my-number-desk-outcome"
OUTCOME = {
    "title": "マイナンバーカードの出張申請窓口についてのご意見と市の考え方",
    "lead": (
        "<p>意見交換「マイナンバーカードの出張申請窓口をどこに開くか」には、会員の皆さまと"
        "郵送で、合わせて多くのご意見をいただきました。ご意見の概要と市の考え方をお知らせします。</p>"
    ),
}
# (summary, opinion indexes (OPINIONS then POSTED), view, disposition, progress, quoted index)
GROUPS = [
    (
        "公民館など、身近な場所で開いてほしい。",
        [0, 1, 6],
        "<p>ご意見を踏まえ、来年度は市内6か所の公民館を会場に加えます。</p>",
        "案を修正します",
        "underway",
        1,
    ),
    (
        "土曜日や夕方など、平日の昼以外にも開いてほしい。",
        [2, 3, 7],
        "<p>毎月第2土曜日と、毎週木曜日の19時までの開設を予定しています。</p>",
        "案を修正します",
        "considering",
        None,
    ),
    (
        "学園祭や商店街など、人が集まる機会に合わせて開いてほしい。",
        [4],
        "<p>大学や商店街と日程を相談し、今後の参考とさせていただきます。</p>",
        "今後の参考とします",
        "",
        None,
    ),
    (
        "出張窓口より本庁の待ち時間の短縮を優先すべき。",
        [5],
        "<p>本庁では予約制を始め、待ち時間は平均で3割短くなりました。出張窓口と並行して"
        "取り組みます。</p>",
        "既に反映されています",
        "done",
        None,
    ),
]
SURVEY_OUTCOME_SLUG = "online-procedures-outcome"
SURVEY_OUTCOME_TITLE = "行政手続きのオンライン化に関するアンケート　自由記述へのご意見と市の考え方"
# (summary, the text the answers say, view)
SURVEY_GROUPS = [
    (
        "窓口での手助けも残してほしい。",
        "高齢の親には操作が難しいので、窓口での手伝いも残してほしい。",
        "<p>オンライン化の後も、窓口で職員が操作をお手伝いします。</p>",
    ),
    (
        "電子申請できる手続きを増やしてほしい。",
        "電子申請に対応している手続きをもっと増やしてほしい。",
        "<p>来年度、子育てと介護の手続き20件を電子申請に対応させます。</p>",
    ),
]
NOTES = [
    (0, "considering", "会場となる公民館の候補を自治会と相談しました。", 20),
    (0, "underway", "港町公民館と北部公民館で、12月から試行を始めました。", 5),
]


def demo_consultation_build(*, home, survey, submitter):
    """The ended topic with its opinions and the published outcome; a second outcome, of
    `survey`'s text answers, drafted and submitted by `submitter` (an editor) for a second
    person's approval. Returns the published outcome."""
    topic = _topic_build()
    if topic is None:
        return None
    index = child_page_get_or_create(
        parent=home,
        page_class=ConsultationIndexPage,
        slug="outcomes",
        defaults={
            "title": "意見募集の結果",
            "intro": "<p>いただいたご意見と、それに対する市の考え方をお知らせします。</p>",
        },
    )
    outcome = ConsultationPage.objects.child_of(index).filter(slug=OUTCOME_SLUG).first()
    if outcome is None:
        outcome = _outcome_build(index=index, topic=topic)
    if not ConsultationPage.objects.child_of(index).filter(slug=SURVEY_OUTCOME_SLUG).exists():
        _survey_outcome_build(index=index, survey=survey, submitter=submitter)
    return outcome


def _ago(**delta):
    return timezone.now() - timedelta(**delta)


def _topic_build():
    index = TopicIndexPage.objects.first()
    if index is None:
        return None
    topic = child_page_get_or_create(
        parent=index,
        page_class=TopicPage,
        slug=TOPIC_SLUG,
        defaults={
            **TOPIC,
            "starts_at": _ago(days=45).replace(minute=0, second=0, microsecond=0),
            "ends_at": _ago(days=25).replace(minute=0, second=0, microsecond=0),
        },
    )
    if not Comment.objects.filter(page=topic).exists():
        _opinions_build(topic)
    return topic


def _opinions_build(topic):
    members = {
        member.email: member for member in User.objects.filter(email__endswith="@yoriai.example")
    }
    with transaction.atomic():
        for email, stance, text, days in OPINIONS:
            _opinion(topic, text, days, author=members.get(email), stance=stance)
        for offset, text in enumerate(POSTED):
            # Sent by post: entered by staff, attributed to no member.
            _opinion(
                topic,
                text,
                27 - offset,
                author=None,
                stance="",
                channel=Channel.POST,
                reference=f"郵-{offset + 1:03}",
            )


def _opinion(topic, text, days, *, author, stance, **fields):
    return Comment.objects.create(
        page=topic,
        author=author,
        body_source=text,
        body_html=plain_text_to_html(text),
        created_at=_ago(days=days),
        stance=stance if stance in Stance.values else "",
        **fields,
    )


def _outcome_build(*, index, topic):
    outcome = ConsultationPage(
        slug=OUTCOME_SLUG,
        source=topic,
        opened_on=timezone.localdate(topic.starts_at),
        closed_on=timezone.localdate(topic.ends_at),
        live=False,
        **OUTCOME,
    )
    with transaction.atomic():
        index.add_child(instance=outcome)
        _groups_build(outcome, topic)
        # The demo's outcome is published as if approved: seed_demo has no second person.
        outcome.save_revision(clean=True).publish()
    outcome.refresh_from_db()
    return outcome


def _groups_build(outcome, topic):
    opinions = list(Comment.objects.filter(page=topic, depth=1).order_by("created_at", "pk"))
    dispositions = {disposition.label: disposition for disposition in Disposition.objects.all()}
    groups = []
    for summary, indexes, view, disposition, progress, quoted in GROUPS:
        keys = [f"{COMMENT_KEY}{opinions[i].pk}" for i in indexes if i < len(opinions)]
        group = services.group_create(consultation=outcome, summary=summary, keys=keys)
        services.group_update(
            group=group,
            summary=summary,
            view=view,
            disposition=dispositions.get(disposition),
            progress=progress,
        )
        if quoted is not None:
            member = group.members.get(comment=opinions[quoted])
            services.quotes_set(
                group=group,
                quotes={member.pk: "見守りで伺うお宅の方は○○公民館なら歩いて行けます。"},
            )
        groups.append(group)
    for group_index, progress, note, days in NOTES:
        services.progress_note_add(
            group=groups[group_index],
            progress=progress,
            note=note,
            noted_on=date.today() - timedelta(days=days),
            author=None,
        )


def _survey_outcome_build(*, index, survey, submitter):
    """A draft outcome of the survey's text answers, two groups answered, submitted for
    approval: what a Responder finds under 「承認待ち」 on the dashboard."""
    outcome = ConsultationPage(
        slug=SURVEY_OUTCOME_SLUG, title=SURVEY_OUTCOME_TITLE, source=survey, live=False
    )
    answers = opinions_of(survey)
    with transaction.atomic():
        index.add_child(instance=outcome)
        for summary, text, view in SURVEY_GROUPS:
            keys = [answer.key for answer in answers if answer.text == text]
            group = services.group_create(consultation=outcome, summary=summary, keys=keys)
            if group is not None:
                services.group_update(
                    group=group, summary=summary, view=view, disposition=None, progress=""
                )
        outcome.save_revision(user=submitter)
        outcome.get_workflow().start(outcome, submitter)
