"""The demo topic's crowd of voters: enough members of each stakeholder type, prefecture and
municipality that the opinion-exchange report (community.consensus) shows every kind of result
— broad agreement, many undecided, divided, other and too few votes — and hides the groups
smaller than the privacy minimum (学生, 4 voters, shows 「—」).

The voters are demo members who never log in (no usable password, no e-mail address to
confirm); they only vote. Idempotent: their votes are cast once per opinion.
"""

from django.db.models import Count

from .consensus.generation import consensus_changed
from .models import Comment, OpinionVote, Region, StakeholderType, User, VoteChoice

AGREE, DISAGREE, PASS = VoteChoice.AGREE, VoteChoice.DISAGREE, VoteChoice.PASS
# (stakeholder type, how many, [(prefecture, municipality)] they live in, in turn)
CROWD = [
    (StakeholderType.RESIDENT, 10, [("17", "七尾市"), ("17", "輪島市"), ("16", "富山市")]),
    (StakeholderType.BUSINESS, 7, [("17", "金沢市"), ("16", "高岡市")]),
    (StakeholderType.MUNICIPAL, 6, [("16", "富山市"), ("17", "七尾市")]),
    (StakeholderType.ORGANISATION, 4, [("17", "輪島市")]),
    (StakeholderType.STUDENT, 3, [("16", "高岡市")]),
]
# How each type votes on each demo opinion (OPINIONS order in community.demo): a cycle of votes
# each voter of the type takes in turn. None: the crowd leaves that opinion alone (too few
# votes to classify).
PATTERNS = [
    # 0 支所こそ書かない窓口を: broad agreement in every type
    {"*": [AGREE, AGREE, AGREE, AGREE, PASS]},
    # 1 見守り活動の付き添い: many undecided
    {"*": [PASS, AGREE, PASS, DISAGREE, PASS]},
    # 2 まず二つの支所で試す: divided — residents and students for, staff and businesses against
    {
        StakeholderType.RESIDENT: [AGREE, AGREE, AGREE, PASS],
        StakeholderType.STUDENT: [AGREE],
        StakeholderType.ORGANISATION: [AGREE, DISAGREE],
        StakeholderType.BUSINESS: [DISAGREE, DISAGREE, AGREE],
        StakeholderType.MUNICIPAL: [DISAGREE, DISAGREE, DISAGREE, AGREE],
    },
    # 3 職員が二人の支所では回らない: other (some agree, no clear split, few undecided)
    {"*": [AGREE, PASS, AGREE, DISAGREE, AGREE, PASS, AGREE, AGREE, DISAGREE, PASS]},
    # 4 スマホで済ませたい: too few votes yet
    None,
]


def demo_crowd_votes_build(*, opinions):
    """Create the crowd and cast its votes on `opinions` (the demo topic's, in OPINIONS order)."""
    crowd = _crowd_build()
    for opinion, pattern in zip(opinions, PATTERNS, strict=True):
        voted = set(OpinionVote.objects.filter(opinion=opinion).values_list("member", flat=True))
        if pattern is None or any(member.pk in voted for member in crowd):
            continue
        opinion_votes_cast(opinion=opinion, choices=_choices(crowd, pattern))


def opinion_votes_cast(*, opinion, choices):
    """Cast (member, choice) votes on `opinion`, as each member stands now, and set its
    counters from the votes it holds."""
    OpinionVote.objects.bulk_create(
        OpinionVote(
            opinion=opinion,
            member=member,
            choice=choice,
            stakeholder_type=member.stakeholder_type,
            prefecture=member.prefecture,
            region=member.region,
        )
        for member, choice in choices
    )
    _counts_update(opinion)
    consensus_changed(topic_ids=[opinion.page_id])  # bulk writes send no signal


def _crowd_build():
    crowd = []
    for stakeholder_type, count, places in CROWD:
        for number in range(1, count + 1):
            prefecture, municipality = places[(number - 1) % len(places)]
            crowd.append(demo_voter_get(stakeholder_type, number, prefecture, municipality))
    return crowd


def demo_voter_get(stakeholder_type, number, prefecture, municipality, *, crowd=""):
    """The demo voter `number` of `stakeholder_type` (in the crowd named `crowd`, if not the
    first topic's), made or brought up to date."""
    username = f"demo-{crowd}{stakeholder_type}-{number:02d}"
    region = Region.objects.filter(prefecture=prefecture, name=municipality).first()
    voter, _created = User.objects.update_or_create(
        username=username,
        defaults={
            "email": f"{username}@voters.yoriai.example",
            "display_name": f"{StakeholderType(stakeholder_type).label}{number}",
            "stakeholder_type": stakeholder_type,
            "prefecture": prefecture,
            "region": region,
            "region_name": "" if region else municipality,
            "is_active": True,
        },
    )
    if voter.has_usable_password():
        voter.set_unusable_password()
        voter.save(update_fields=["password"])
    return voter


def _choices(crowd, pattern):
    turns = {}
    for member in crowd:
        cycle = pattern.get(member.stakeholder_type) or pattern.get("*")
        if cycle:
            turn = turns.get(member.stakeholder_type, 0)
            turns[member.stakeholder_type] = turn + 1
            yield member, cycle[turn % len(cycle)]


def _counts_update(opinion):
    rows = OpinionVote.objects.filter(opinion=opinion).values("choice").annotate(n=Count("pk"))
    counts = {f"{choice}_count": 0 for choice in VoteChoice.values}
    counts.update({f"{row['choice']}_count": row["n"] for row in rows})
    Comment.objects.filter(pk=opinion.pk).update(**counts)
