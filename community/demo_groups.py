"""The demo's closed opinion exchange whose votes show opinion groups (issue 25): twelve
opinions on reshaping the bus routes, and sixty voters who fall into three camps that cut across
their declared stakeholder types — those who ride to work or school, those who need the bus to
reach hospitals and shops, and those who would rather spend less. The groups are computed from
the votes as the background task does and published to participants, so the staff report's
「投票から見えるグループ」 and the topic page both show them.

The voters are demo members who never log in, like the crowd of demo_votes. Idempotent: votes
are cast once, and the groups computed and published once.
"""

from django.utils import timezone

from .consensus.groups.publishing import groups_publish
from .consensus.groups.report import latest_run
from .consensus.groups.runs import opinion_groups_compute
from .demo_votes import demo_voter_get, opinion_votes_cast
from .models import OpinionVote, StakeholderType, TopicClosure, VoteChoice

AGREE, DISAGREE, PASS = VoteChoice.AGREE, VoteChoice.DISAGREE, VoteChoice.PASS
TOPIC_SLUG = "bus-routes-review"
TOPIC = {
    "title": "路線バスの見直しで大切にしたいこと",
    "question": "来年度の路線バスの見直しで、何を大切にすべきだと思いますか。",
    "background": (
        "<p>利用者の減少と運転手不足で、市内の路線バスは来年度に見直しを予定しています。"
        "どの便を残し、どこをデマンド交通に替えるかについて、ご意見をお寄せください。</p>"
    ),
}
CONCLUSION = (
    "ご意見ありがとうございました。どの立場の方からも賛成の多かった「病院と駅を結ぶ便は残す」を"
    "前提に、朝夕の便と昼間のデマンド交通の組み合わせを検討します。"
)
# (stance, text); the camps' votes on each, in order: (commuters, outings, costs)
OPINIONS = [
    ("agree", "朝7時台の駅行きの便は減らさないでほしいです。通勤と通学で満員です。", "ADP"),
    ("agree", "高校の始業に間に合う便がなくなると、家族の送迎が必要になります。", "APD"),
    ("neutral", "夜9時以降の最終便を延ばしてほしいです。残業の帰りに困っています。", "APD"),
    ("agree", "昼間の病院行きの便は、本数が少なくても残してほしいです。", "PAD"),
    ("agree", "買い物に行ける便がなくなると、車のない高齢者は出かけられなくなります。", "PAD"),
    ("neutral", "停留所を家の近くに増やしてほしいです。坂道を歩くのがつらいです。", "DAD"),
    ("disagree", "乗る人の少ない便は思い切って減らし、費用を抑えるべきです。", "DDA"),
    ("neutral", "昼間の便はデマンド交通に替えれば、費用を下げられると思います。", "PDA"),
    ("disagree", "運賃を少し上げてでも、今の便数を守るべきです。", "ADD"),
    ("agree", "病院と駅を結ぶ便は、どんな見直しでも残すべきです。", "AAA"),
    ("neutral", "バスの位置がスマホでわかれば、本数が少なくても使いやすくなります。", "AAP"),
    ("disagree", "市の補助金は、バスよりほかの事業に使うべきです。", "DDA"),
]
VOTES = {"A": AGREE, "D": DISAGREE, "P": PASS}
# Each camp mixes stakeholder types, so the groups cut across what voters declared.
CAMPS = [
    [StakeholderType.RESIDENT] * 10
    + [StakeholderType.BUSINESS] * 6
    + [StakeholderType.STUDENT] * 4,
    [StakeholderType.RESIDENT] * 12
    + [StakeholderType.ORGANISATION] * 6
    + [StakeholderType.MUNICIPAL] * 2,
    [StakeholderType.BUSINESS] * 8
    + [StakeholderType.MUNICIPAL] * 6
    + [StakeholderType.RESIDENT] * 6,
]
PLACES = [("16", "富山市"), ("16", "高岡市"), ("17", "七尾市")]
OFF_EVERY = 7  # every seventh vote of a voter goes the other way
LEFT_EVERY = 11  # and every eleventh is left out


def demo_groups_votes_build(*, opinions):
    """Cast the camps' votes on `opinions` (the topic's, in OPINIONS order) unless they voted."""
    crowd = _camps_build()
    if OpinionVote.objects.filter(opinion__in=opinions, member=crowd[0][1]).exists():
        return
    for index, (opinion, (_stance, _text, camp_votes)) in enumerate(
        zip(opinions, OPINIONS, strict=True)
    ):
        choices = []
        for number, (camp, voter) in enumerate(crowd):
            turn = index + number
            if turn % LEFT_EVERY == 0:
                continue
            choice = VOTES[camp_votes[camp]]
            if turn % OFF_EVERY == 0:
                choice = DISAGREE if choice == AGREE else AGREE
            choices.append((voter, choice))
        opinion_votes_cast(opinion=opinion, choices=choices)


def demo_groups_publish(*, topic):
    """Close the topic (if it is open), compute its groups from the votes once, and publish
    them to participants."""
    TopicClosure.objects.get_or_create(
        topic=topic,
        defaults={
            "conclusion": CONCLUSION,
            "conclusion_html": f"<p>{CONCLUSION}</p>",
            "closed_at": timezone.now(),
        },
    )
    if latest_run(topic=topic) is None:
        opinion_groups_compute(topic_id=topic.pk)
    if latest_run(topic=topic, published=True) is None:
        groups_publish(topic=topic)


def _camps_build():
    crowd = []
    for camp, types in enumerate(CAMPS):
        for number, stakeholder_type in enumerate(types, start=1):
            prefecture, municipality = PLACES[number % len(PLACES)]
            voter = demo_voter_get(
                stakeholder_type, camp * 100 + number, prefecture, municipality, crowd="bus-"
            )
            crowd.append((camp, voter))
    return crowd
