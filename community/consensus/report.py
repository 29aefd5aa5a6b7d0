"""The consensus report of a topic: every published opinion with its votes overall and by group,
in its group of opinions; who took part; opinions and votes per day. And the list of topics.

Every figure is a SQL aggregate over OpinionVote (GROUP BY opinion, group, choice) or over the
topic's opinions; Python only arranges aggregated rows. The report runs the same number of
queries whatever the number of votes (tests/community/consensus/test_views.py,
bench/consensus.py). The figures arranged (everything but the groups of opinions, which the
thresholds decide) are cached per generation of the topic's votes and opinions
(generation.py), so a report is computed once for each change, whoever reads it.
"""

import datetime
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from django.db.models import Count, Exists, F, Func, OuterRef, Q, Subquery
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.channels import Channel
from core.japan import JapanDate
from core.prefectures import PREFECTURE_CHOICES

from ..models import (
    Comment,
    CommentStatus,
    OpinionVote,
    Region,
    StakeholderType,
    TopicClosure,
    TopicPage,
)
from ..selectors.topics import topic_participants
from ..services.discussions import discussion_settings_for
from .dimensions import (
    AUTHOR_FIELDS,
    CHANNEL,
    DIMENSIONS,
    NOT_GIVEN,
    PREFECTURE,
    REGION,
    STAKEHOLDER_TYPE,
    VOTE_FIELDS,
    GroupRow,
    Tally,
    group_key,
)
from .generation import figures_cached, report_key
from .privacy import withhold_small_groups
from .thresholds import CATEGORIES, OTHER, Thresholds, classify

CLASSIFIED_KEPT = 16  # sets of thresholds whose groups are kept with a report's figures
KEYED_IN = ~Q(channel=Channel.WEB)  # opinions staff keyed in (no author)


class OpinionRow(NamedTuple):
    """An opinion as the report shows it (a class of its own, so that it can be cached)."""

    pk: int
    created_at: datetime.datetime
    stance: str
    body_source: str
    author_id: int | None
    author__display_name: str | None
    channel: str


@dataclass
class OpinionFigures:
    """An opinion of the report: its `opinion` (a named row: id, created_at, stance, text,
    author), its votes overall, by the chosen dimension (`groups`), by stakeholder type
    (`types`, what classification reads) and its category."""

    opinion: object
    overall: Tally
    groups: list
    types: list
    category: str = OTHER
    spread: float | None = None  # points between the highest and lowest shown type's agreement

    @property
    def category_label(self):
        return CATEGORIES[self.category]

    @property
    def shown_groups(self):
        return [group for group in self.groups if not group.hidden]

    @property
    def hidden_labels(self):
        """The names of the withheld groups, as one line (「北海道、富山県」); groups withheld
        with too few others to be named are one 「—（少数のため非表示）」."""
        labels = [str(group.label) for group in self.groups if group.hidden]
        return "、".join(dict.fromkeys(labels))


@dataclass
class Participation:
    """Who took part: distinct voters and opinion authors, each overall and by stakeholder
    type, prefecture and region (lists of GroupRow with withheld rows hidden)."""

    participants: int
    voters: int
    authors: int
    voters_by: dict  # {dimension: [GroupRow]}
    authors_by: dict


@dataclass
class ConsensusReport:
    """A topic's report; `topic`, `thresholds`, `categories` and `cache_key` are set on every
    read (the cache keeps the rest)."""

    topic: TopicPage | None
    dimension: str
    thresholds: Thresholds | None
    minimum: int
    opinions: list  # [OpinionFigures], oldest first
    participation: Participation
    opinions_per_day: list  # [(date, count)]
    votes_per_day: list
    votes: int = 0
    categories: list = field(default_factory=list)  # [(key, label, [OpinionFigures])]
    # what the figures are cached under (generation.report_key): fragments of the page too
    cache_key: str = ""
    # {Thresholds: [(category, spread)] of `opinions`}, kept with the cached figures
    classified: dict = field(default_factory=dict, repr=False)

    @property
    def dimension_label(self):
        return DIMENSIONS[self.dimension]


def topic_votes(topic):
    """The votes on the published opinions of `topic` (a queryset)."""
    return OpinionVote.objects.filter(
        opinion__page_id=topic.pk, opinion__depth=1, opinion__status=CommentStatus.PUBLISHED
    )


def topic_opinions(topic):
    """The published opinions of `topic`, oldest first (a queryset)."""
    return Comment.objects.filter(
        page_id=topic.pk, depth=1, status=CommentStatus.PUBLISHED
    ).order_by("created_at", "pk")


def consensus_report(
    *, topic, dimension=STAKEHOLDER_TYPE, thresholds=None, minimum=None, channel=""
):
    """The whole report of `topic`: every published opinion with its figures, grouped;
    participation; opinions and votes per day. `minimum` is the smallest group shown (the
    site's DiscussionSettings.min_group_size unless given). `channel` (a Channel value, or ""
    for all) keeps only the opinions received through it; participation and the days count
    the whole topic. The figures come from the cache
    when nothing they count has changed since they were computed (generation.py)."""
    thresholds = thresholds or Thresholds()
    if minimum is None:
        minimum = discussion_settings_for(topic).min_group_size
    key = report_key(topic_id=topic.pk, parts=[dimension, minimum, channel, get_language()])
    cached = figures_cached(
        key=key, compute=lambda: _report_figures(topic, dimension, minimum, channel)
    )
    opinions = [
        replace(f, category=category, spread=spread)
        for f, (category, spread) in zip(
            cached.opinions, _classified(cached, thresholds), strict=True
        )
    ]
    return replace(
        cached,
        topic=topic,
        thresholds=thresholds,
        cache_key=key,
        opinions=opinions,
        categories=[
            (category, label, [f for f in opinions if f.category == category])
            for category, label in CATEGORIES.items()
        ],
    )


def _classified(report, thresholds):
    """[(category, spread)] of the cached `report`'s opinions by `thresholds`, worked out once
    per thresholds (with Fractions: exact, and slow enough to keep) and kept with the figures:
    the one thing that changes them after they are cached."""
    by_thresholds = report.classified
    if thresholds not in by_thresholds:
        if len(by_thresholds) >= CLASSIFIED_KEPT:
            by_thresholds.clear()
        by_thresholds[thresholds] = [
            classify(f.overall, f.types, thresholds) for f in report.opinions
        ]
    return by_thresholds[thresholds]


def _report_figures(topic, dimension, minimum, channel=""):
    """The report without its groups of opinions (what the cache keeps)."""
    votes = topic_votes(topic)
    labels = dimension_labels(votes, topic)
    listed = topic_opinions(topic)
    if channel:
        listed = listed.filter(channel=channel)
    opinions = [
        OpinionRow(*row)
        for row in listed.values_list(
            "pk",
            "created_at",
            "stance",
            "body_source",
            "author_id",
            "author__display_name",
            "channel",
        )
    ]
    by_type = _counts(votes, VOTE_FIELDS[STAKEHOLDER_TYPE])
    by_dimension = by_type
    if dimension != STAKEHOLDER_TYPE:
        by_dimension = _counts(votes, VOTE_FIELDS[dimension])
    parents = labels.parents if dimension == REGION else None
    figures = []
    for opinion in opinions:
        type_counts = by_type.get(opinion.pk, {})
        types = _opinion_groups(type_counts, labels[STAKEHOLDER_TYPE], minimum)
        groups = types
        if dimension != STAKEHOLDER_TYPE:
            counts = by_dimension.get(opinion.pk, {})
            groups = _opinion_groups(counts, labels[dimension], minimum, parents)
        figures.append(OpinionFigures(opinion, _overall(type_counts), groups, types))
    return ConsensusReport(
        topic=None,
        dimension=dimension,
        thresholds=None,
        minimum=minimum,
        opinions=figures,
        participation=_participation(topic, votes, labels, minimum),
        opinions_per_day=_per_day(topic_opinions(topic), "created_at"),
        votes_per_day=_per_day(votes, "created_at"),
        votes=sum(figure.overall.total for figure in figures),
    )


def _overall(counts):
    """An opinion's Tally from its {group key: {choice: votes}} (every vote is in one group)."""
    total = {}
    for choices in counts.values():
        for choice, n in choices.items():
            total[choice] = total.get(choice, 0) + n
    return _tally(total)


def _tally(counts):
    """A Tally from {choice: count} (plain strings: this runs once per opinion and group)."""
    get = counts.get
    return Tally(agree=get("agree", 0), disagree=get("disagree", 0), passed=get("pass", 0))


def _counts(votes, fields):
    """{opinion id: {group key (group_key) or (): {choice: votes}}} in one GROUP BY."""
    rows = votes.values_list("opinion_id", *fields, "choice").annotate(n=Count("id")).order_by()
    counts = {}
    for opinion_id, *group, choice, n in rows:
        key = group_key(group) if group else ()
        choices = counts.setdefault(opinion_id, {}).setdefault(key, {})
        choices[choice] = choices.get(choice, 0) + n
    return counts


def _opinion_groups(counts, labels, minimum, parents=None):
    """An opinion's GroupRows by one dimension, in the dimension's order, small ones hidden
    (within each prefecture too, given the regions' `parents`)."""
    rows = []
    for key, choices in counts.items():
        tally = _tally(choices)
        rows.append(GroupRow(key=key, label=labels.get(key, key), size=tally.total, tally=tally))
    order = {key: index for index, key in enumerate(labels)}
    rows.sort(key=lambda row: order.get(row.key, len(order)))
    return withhold_small_groups(rows, minimum, parent_of=parents)


class Labels(dict):
    """{dimension: {group key: label}}, with `parents`: {region group key: prefecture}."""

    parents: dict


def dimension_labels(votes, topic, *region_ids):
    """{dimension: {group key: label}} in display order, 「未設定」 last; regions are those
    the topic's voters or authors name, or the querysets of `region_ids` (one query), each
    prefecture's own 「未設定」 after them. `parents` maps each region group to its
    prefecture."""
    not_given = _("Not given")
    types = {code: str(label) for code, label in StakeholderType.choices}
    prefectures = {code: str(label) for code, label in PREFECTURE_CHOICES}
    named_by = Q(pk__in=votes.values("region_id")) | Q(
        pk__in=topic_opinions(topic).values("author__region_id")
    )
    for ids in region_ids:
        named_by |= Q(pk__in=ids)
    named = {}
    for r in Region.objects.filter(named_by).order_by("prefecture", "sort_order", "name", "pk"):
        named.setdefault(r.prefecture, []).append(r)
    regions, parents = {}, {}
    for code, name in prefectures.items():
        for r in named.get(code, ()):
            regions[r.pk], parents[r.pk] = f"{name} {r.name}", code
        key = f"{code}:{NOT_GIVEN}"
        regions[key], parents[key] = f"{name} {not_given}", code
    labels = Labels(
        {
            STAKEHOLDER_TYPE: types | {NOT_GIVEN: not_given},
            PREFECTURE: prefectures | {NOT_GIVEN: not_given},
            REGION: regions | {NOT_GIVEN: not_given},
            CHANNEL: {code: str(label) for code, label in Channel.choices},
        }
    )
    labels.parents = parents
    return labels


def _participation(topic, votes, labels, minimum):
    voters = votes.aggregate(n=Count("member_id", distinct=True))["n"]
    opinions = topic_opinions(topic)
    # Authors are the members who wrote opinions, and each opinion staff keyed in counts as one
    # sender (a letter or sheet names nobody we could count once).
    authors_counted = Count("author_id", distinct=True) + Count("id", filter=KEYED_IN)
    authors = opinions.aggregate(n=authors_counted)["n"]
    voters_by, authors_by = {}, {}
    for dimension in DIMENSIONS:
        parents = labels.parents if dimension == REGION else None
        counted = votes.values_list(*VOTE_FIELDS[dimension]).annotate(
            n=Count("member_id", distinct=True)
        )
        voters_by[dimension] = group_sizes(counted.order_by(), labels[dimension], minimum, parents)
        counted = opinions.values_list(*AUTHOR_FIELDS[dimension]).annotate(n=authors_counted)
        authors_by[dimension] = group_sizes(counted.order_by(), labels[dimension], minimum, parents)
    return Participation(
        participants=topic_participants(topic_id=topic.pk).count(),
        voters=voters,
        authors=authors,
        voters_by=voters_by,
        authors_by=authors_by,
    )


def group_sizes(counted, labels, minimum, parents=None):
    """A breakdown of people: [GroupRow] in the order of `labels` ({group key: label}), from
    `counted` ((*dimension values, people) rows), small ones withheld (within each prefecture
    too, given the regions' `parents`)."""
    sizes = {}
    for *values, n in counted:
        key = group_key(values)
        sizes[key] = sizes.get(key, 0) + n
    rows = [GroupRow(key=key, label=label, size=sizes.get(key, 0)) for key, label in labels.items()]
    return withhold_small_groups(rows, minimum, parent_of=parents)


def _per_day(queryset, field_name):
    """[(Japan date, count)] from the first day to the last, days without any as 0."""
    rows = (
        queryset.order_by()
        .annotate(day=JapanDate(field_name))
        .values_list("day")
        .annotate(n=Count("id"))
    )
    counts = dict(rows)
    if not counts:
        return []
    day, last = min(counts), max(counts)
    days = []
    while day <= last:
        days.append((day, counts.get(day, 0)))
        day += datetime.timedelta(days=1)
    return days


# --- The list of topics -------------------------------------------------------------------------


def _count_of(queryset):
    """A scalar subquery counting the rows of `queryset`."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Subquery(counted)


def topic_list():
    """Every topic (published or not), newest first, annotated with `opinion_count`,
    `vote_count` and `participant_count` (as in the report), and `closed`."""
    opinions = Comment.objects.filter(
        page_id=OuterRef("pk"), depth=1, status=CommentStatus.PUBLISHED
    )
    votes = OpinionVote.objects.filter(
        opinion__page_id=OuterRef("pk"),
        opinion__depth=1,
        opinion__status=CommentStatus.PUBLISHED,
    )
    participants = topic_participants(topic_id=OuterRef(OuterRef("pk")))
    return TopicPage.objects.annotate(
        opinion_count=_count_of(opinions),
        vote_count=_count_of(votes),
        participant_count=_count_of(participants),
        closed=Exists(TopicClosure.objects.filter(topic_id=OuterRef("pk"))),
    ).order_by("-first_published_at", "-pk")
