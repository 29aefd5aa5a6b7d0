"""Opinion-group runs stored by hand, as the engine stores them (community.models.opinion_groups),
for the tests of what people see of them."""

from community.models import OpinionGroupPosition, OpinionGroupRun
from tests.factories import UserFactory

CENTRES = [(-1.0, 0.5), (1.0, 0.5), (0.0, -1.0), (2.0, -2.0), (-2.0, -2.0)]


def run_store(topic, sizes, *, opinions=(), kinds=None, unplaced=0, published_at=None, **fields):
    """A run of `topic` with one group per size in `sizes` (index 0 = グループA, …), each
    member a new user (stakeholder type from `kinds` [one per group], resident otherwise,
    in 東京都) placed around the group's centre; `opinions` are representative of every group
    (agree, 80% in, 20% out) and the first one is also shared by all. Returns (run, {index:
    [members]})."""
    groups, members = [], {}
    for index, size in enumerate(sizes):
        cx, cy = CENTRES[index]
        kind = (kinds or {}).get(index, "resident")
        members[index] = UserFactory.create_batch(size, stakeholder_type=kind, prefecture="13")
        hull = [
            [cx - 0.3, cy - 0.3],
            [cx + 0.3, cy - 0.3],
            [cx + 0.3, cy + 0.3],
            [cx - 0.3, cy + 0.3],
        ]
        representative = [
            {
                "opinion_id": o.pk,
                "direction": "agree",
                "share_in": 0.8,
                "share_out": 0.2,
                "z": 3.0,
                "repness": 2.5,
            }
            for o in opinions
        ]
        groups.append(
            {
                "index": index,
                "size": size,
                "centroid": [cx, cy],
                "hull": hull,
                "representative": representative,
            }
        )
    consensus = [
        {"opinion_id": o.pk, "direction": "agree", "min_share": 0.74, "shares": [0.8] * len(sizes)}
        for o in opinions[:1]
    ]
    run = OpinionGroupRun.objects.create(
        topic=topic,
        vote_count=fields.pop("vote_count", 1234),
        participant_count=sum(sizes) + unplaced,
        opinion_count=fields.pop("opinion_count", 56),
        group_count=fields.pop("group_count", len(sizes)),
        seed=1,
        summary={"groups": groups, "consensus": consensus, "explained_variance": [0.3, 0.1]},
        published_at=published_at,
        **fields,
    )
    positions = []
    for index, group in members.items():
        cx, cy = CENTRES[index]
        for n, member in enumerate(group):  # a grid of 0.05 around the centre: no two alike
            positions.append(
                OpinionGroupPosition(
                    run=run,
                    member=member,
                    group_index=index,
                    x=cx + (n % 5 - 2) * 0.05,
                    y=cy + (n // 5 - 1) * 0.05,
                )
            )
    for member in UserFactory.create_batch(unplaced):
        positions.append(OpinionGroupPosition(run=run, member=member, group_index=None, x=0, y=0))
    OpinionGroupPosition.objects.bulk_create(positions)
    return run, members
