"""What people see of a topic's opinion groups: the latest stored run (OpinionGroupRun) read as
it is, never computed in the request (docs/decisions/0024-opinion-groups.md, "What people see").

A group is described as decision 0010 describes any group of voters: its size is shown only at
or above the site's minimum, and further groups are withheld, smallest first, until the withheld
ones hold at least the minimum between them (privacy.withhold_small_groups), so that no size
can be worked out from the number placed. A group of fewer than the minimum is not described at
all (no opinions, no outline, no dots); a group withheld only so that a smaller one cannot be
worked out keeps its representative opinions and outline, not its dots or composition (either
would give its size away). The composition of a shown group, by its members' stakeholder type
and region now, is a breakdown withheld by the same rules (report.group_sizes).

Positions are anonymous points: the summary (cached per run and generation of the topic,
generation.py) holds the dots of shown groups and nobody's identity; the viewer's own position
is read per request (viewer_position) and never cached with the rest.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ...models import OpinionGroupPosition, VoteChoice
from ..dimensions import DIMENSIONS, MEMBER_FIELDS, REGION, STAKEHOLDER_TYPE, GroupRow
from ..generation import figures_cached, report_key
from ..privacy import withhold_small_groups
from ..report import dimension_labels, group_sizes, topic_opinions, topic_votes
from .schedule import latest_runs

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
COMPOSITION_DIMENSIONS = (STAKEHOLDER_TYPE, REGION)
DOT_DECIMALS = 3  # positions are kept to this many decimals in the cached summary


def group_label(index):
    """「グループA」 for group 0, B for 1, …: the stable label of a run's group index."""
    letter = LETTERS[index] if index < len(LETTERS) else str(index + 1)
    return _("Group %(letter)s") % {"letter": letter}


@dataclass(frozen=True)
class GroupOpinion:
    """An opinion as a group's (or every group's) view of it: its text, the `direction` the
    group leans ("agree" or "disagree"), the share of the group (`share`) and, for a group's
    representative opinion, of everyone else (`share_out`), each 0 to 1."""

    opinion_id: int
    text: str
    direction: str
    share: float
    share_out: float | None = None

    @property
    def direction_label(self):
        return VoteChoice(self.direction).label

    @property
    def percent(self):
        return round(self.share * 100)

    @property
    def percent_out(self):
        return None if self.share_out is None else round(self.share_out * 100)


@dataclass
class OpinionGroup:
    """One group of a run: its `index` and `label`, its size as a GroupRow (`row.size` None
    when withheld), `described` (at least the minimum: outline and opinions shown), its
    `centroid` and `hull` (run coordinates), representative opinions, composition
    ([(dimension, label, [GroupRow])], only when its size is shown) and `dots` (the
    positions drawn, only when its size is shown)."""

    index: int
    label: str
    row: GroupRow
    described: bool
    centroid: tuple
    hull: tuple
    representative: list = field(default_factory=list)
    composition: list = field(default_factory=list)
    dots: tuple = ()

    @property
    def size(self):
        return self.row.size

    @property
    def hidden(self):
        return self.row.hidden

    @property
    def centre_text(self):
        """The centre as the data table prints it (「0.42, -1.03」); 「—」 for a group too small
        to be described."""
        if not self.described or len(self.centroid) != 2:
            return "—"
        return ", ".join(f"{value:.2f}" for value in self.centroid)


@dataclass
class GroupsReport:
    """A run as people see it: when it was computed, on how many votes, opinions and placed
    participants, the groups (none when the run claims no structure) and the group-informed
    consensus (every group agrees or disagrees). Whether it is published is the run's own
    `published_at` (not cached with this)."""

    run_id: int
    computed_at: datetime.datetime
    vote_count: int
    participant_count: int
    opinion_count: int
    minimum: int
    groups: list
    consensus: list

    @property
    def described_groups(self):
        return [group for group in self.groups if group.described]


def latest_run(*, topic, published=False):
    """The topic's latest OpinionGroupRun (the latest published one with `published`), or
    None: one query."""
    runs = latest_runs(topic.pk)
    if published:
        runs = runs.filter(published_at__isnull=False)
    return runs.first()


def groups_report(*, topic, run, minimum):
    """The GroupsReport of `run` (a run of `topic`, or None: no report), cached until the
    topic's votes or opinions or a member's profile change (generation.report_key)."""
    if run is None:
        return None
    key = report_key(topic_id=topic.pk, parts=["groups", run.pk, minimum, get_language()])
    return figures_cached(key=key, compute=lambda: _groups_report(topic, run, minimum))


def viewer_position(*, run, viewer):
    """(group index or None, x, y) of the signed-in `viewer` in `run`, else None: what only
    they are shown of themselves."""
    if run is None or not viewer.is_authenticated:
        return None
    return (
        OpinionGroupPosition.objects.filter(run_id=run.pk, member_id=viewer.pk)
        .values_list("group_index", "x", "y")
        .first()
    )


def _groups_report(topic, run, minimum):
    summary = run.summary or {}
    listed = sorted(summary.get("groups", []), key=lambda g: g["index"]) if run.group_count else []
    texts = _opinion_texts(topic, summary, listed)
    rows = withhold_small_groups(
        [GroupRow(key=g["index"], label=group_label(g["index"]), size=g["size"]) for g in listed],
        minimum,
    )
    row_of = {row.key: row for row in rows}
    groups = []
    for entry in listed:
        row = row_of.get(entry["index"], GroupRow(key=entry["index"], label="", size=0))
        described = entry["size"] >= minimum
        groups.append(
            OpinionGroup(
                index=entry["index"],
                label=group_label(entry["index"]),
                row=row,
                described=described,
                centroid=tuple(entry.get("centroid") or ()),
                hull=tuple(tuple(point) for point in entry.get("hull") or ()) if described else (),
                representative=_representative(entry, texts) if described else [],
            )
        )
    shown = [group for group in groups if group.described and not group.hidden]
    _compose(topic, run, shown, minimum)
    return GroupsReport(
        run_id=run.pk,
        computed_at=run.computed_at,
        vote_count=run.vote_count,
        participant_count=run.participant_count,
        opinion_count=run.opinion_count,
        minimum=minimum,
        groups=groups,
        consensus=_consensus(summary, texts) if groups else [],
    )


def _opinion_texts(topic, summary, groups):
    """{opinion id: text} of the opinions the summary names that are still published (one
    query): an opinion hidden since the run is left out."""
    ids = {item["opinion_id"] for item in summary.get("consensus", [])}
    for group in groups:
        ids |= {item["opinion_id"] for item in group.get("representative", [])}
    if not ids:
        return {}
    return dict(topic_opinions(topic).filter(pk__in=ids).values_list("pk", "body_source"))


def _representative(entry, texts):
    return [
        GroupOpinion(
            opinion_id=item["opinion_id"],
            text=texts[item["opinion_id"]],
            direction=item["direction"],
            share=item["share_in"],
            share_out=item.get("share_out"),
        )
        for item in entry.get("representative", [])
        if item["opinion_id"] in texts
    ]


def _consensus(summary, texts):
    """Opinions every group agrees (or disagrees) on, by the lowest group's share: each
    group's own share is not shown (a withheld group's would be)."""
    return [
        GroupOpinion(
            opinion_id=item["opinion_id"],
            text=texts[item["opinion_id"]],
            direction=item["direction"],
            share=item["min_share"],
        )
        for item in summary.get("consensus", [])
        if item["opinion_id"] in texts
    ]


def _compose(topic, run, groups, minimum):
    """Give each of `groups` (those whose size is shown) its composition by stakeholder type
    and region and its dots: three queries whatever the number of groups."""
    if not groups:
        return
    by_index = {group.index: group for group in groups}
    positions = OpinionGroupPosition.objects.filter(run_id=run.pk, group_index__in=by_index)
    labels = dimension_labels(topic_votes(topic), topic, positions.values("member__region_id"))
    for dimension in COMPOSITION_DIMENSIONS:
        counted = {}
        rows = positions.values_list("group_index", *MEMBER_FIELDS[dimension]).annotate(
            n=Count("id")
        )
        for index, *values in rows.order_by():
            counted.setdefault(index, []).append(values)
        parents = labels.parents if dimension == REGION else None
        for index, group in by_index.items():
            breakdown = group_sizes(counted.get(index, []), labels[dimension], minimum, parents)
            group.composition.append(
                (dimension, str(DIMENSIONS[dimension]), _one_unnamed(breakdown))
            )
    dots = {}
    for index, x, y in positions.values_list("group_index", "x", "y").order_by("x", "y"):
        dots.setdefault(index, []).append((round(x, DOT_DECIMALS), round(y, DOT_DECIMALS)))
    for index, group in by_index.items():
        group.dots = tuple(dots.get(index, ()))


def _one_unnamed(rows):
    """`rows` with the withheld ones too few to be named as one row (they all read
    「—（少数のため非表示）」)."""
    kept, unnamed = [], False
    for row in rows:
        if not row.named:
            if unnamed:
                continue
            unnamed = True
        kept.append(row)
    return kept
