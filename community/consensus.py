"""Reads for the consensus report (意見交換レポート): how members voted on a topic's opinions,
overall and by group, which opinions most agree on, where they divide, and who took part.

Every figure is a SQL aggregate over OpinionVote (GROUP BY opinion, group, choice) or over the
topic's opinions; Python only arranges aggregated rows. The report runs the same number of
queries whatever the number of votes (tests/community/test_consensus.py, bench/consensus.py).

Privacy (docs/decisions/0010-consensus-report.md, following 0008): a group with fewer voters
than the site's `DiscussionSettings.min_group_size` is never described. Each such row is shown
as 「—」, and further rows are hidden, smallest first, until the hidden rows hold at least that
many voters between them, so that no hidden row can be worked out by subtracting the shown ones
from the total; regions are withheld so within each prefecture as well. Hidden rows that
together hold fewer are not named. The vote export coarsens profiles opinion by opinion.
Classification looks only at the groups that are shown, never at 「未設定」.
"""

import datetime
from dataclasses import dataclass, field
from fractions import Fraction
from typing import NamedTuple

from django.db.models import Count, Exists, F, Func, OuterRef, Q, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.figures import percent_of
from core.japan import JapanDate, japan_naive
from core.prefectures import PREFECTURE_CHOICES

from .models import (
    Comment,
    CommentStatus,
    OpinionVote,
    Region,
    StakeholderType,
    Stance,
    TopicClosure,
    TopicPage,
    VoteChoice,
)
from .selectors.topics import topic_participants
from .services.comments import discussion_settings_for

# The dimensions a report breaks votes down by: GET `by`, the OpinionVote field, the label.
STAKEHOLDER_TYPE = "stakeholder_type"
PREFECTURE = "prefecture"
REGION = "region"
DIMENSIONS = {
    STAKEHOLDER_TYPE: gettext_lazy("Stakeholder type"),
    PREFECTURE: gettext_lazy("Prefecture"),
    REGION: gettext_lazy("Municipality or region"),
}
# A region is counted with its prefecture: those who gave a prefecture but no region are a
# group of that prefecture (「東京都 未設定」), so every region row nests in one prefecture.
VOTE_FIELDS = {
    STAKEHOLDER_TYPE: ("stakeholder_type",),
    PREFECTURE: ("prefecture",),
    REGION: ("prefecture", "region_id"),
}
AUTHOR_FIELDS = {
    STAKEHOLDER_TYPE: ("author__stakeholder_type",),
    PREFECTURE: ("author__prefecture",),
    REGION: ("author__prefecture", "author__region_id"),
}
NOT_GIVEN = "__none__"


def group_key(values):
    """The group key of a row's dimension values: the value itself, a region's id, or for a
    prefecture without a region 「<prefecture code>:__none__」; NOT_GIVEN when none given."""
    *prefecture, value = (None if value in ("", None) else value for value in values)
    if value is not None:
        return value
    if prefecture and prefecture[0] is not None:
        return f"{prefecture[0]}:{NOT_GIVEN}"
    return NOT_GIVEN


# Groups of opinions, in the order the report shows them (and the order of precedence).
CONSENSUS = "consensus"
UNCERTAIN = "uncertain"
DIVIDED = "divided"
OTHER = "other"
TOO_FEW = "too_few"
CATEGORIES = {
    CONSENSUS: gettext_lazy("Broad agreement"),
    UNCERTAIN: gettext_lazy("Many undecided"),
    DIVIDED: gettext_lazy("Opinions divided"),
    OTHER: gettext_lazy("Other opinions"),
    TOO_FEW: gettext_lazy("Too few votes to classify yet"),
}


# --- Thresholds -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Threshold:
    """One adjustable threshold: its GET name, default and the range it is clamped to."""

    name: str
    default: int
    low: int
    high: int
    label: object


THRESHOLDS = (
    Threshold("agree", 60, 50, 100, gettext_lazy("Agreement at least (%)")),
    Threshold("spread", 30, 5, 100, gettext_lazy("Difference between types at least (points)")),
    Threshold("split", 30, 10, 50, gettext_lazy("Agree and disagree each at least (%)")),
    Threshold("pass", 40, 10, 100, gettext_lazy("Pass at least (%)")),
    Threshold("votes", 10, 1, 10_000, gettext_lazy("Votes before classifying")),
)


@dataclass(frozen=True)
class Thresholds:
    """What sorts opinions into groups (percentages are of an opinion's votes, passes
    included; spread is in percentage points)."""

    agree: int = 60
    spread: int = 30
    split: int = 30
    pass_: int = 40
    votes: int = 10

    @classmethod
    def from_params(cls, params):
        """The thresholds the query string asks for: whole numbers, clamped to each one's
        range; anything missing or unreadable is the default."""
        values = {}
        for threshold in THRESHOLDS:
            try:
                value = int(params.get(threshold.name, ""))
            except (TypeError, ValueError):
                value = threshold.default
            values[threshold.name] = min(threshold.high, max(threshold.low, value))
        values["pass_"] = values.pop("pass")
        return cls(**values)

    def value(self, name):
        return getattr(self, "pass_" if name == "pass" else name)

    def params(self):
        """[(name, value)] differing from the defaults, for links that keep them."""
        return [(t.name, self.value(t.name)) for t in THRESHOLDS if self.value(t.name) != t.default]

    def fields(self):
        """[(Threshold, value)] for the form on the page."""
        return [(threshold, self.value(threshold.name)) for threshold in THRESHOLDS]


# --- Figures ------------------------------------------------------------------------------------


class Tally(NamedTuple):
    """Votes for, against and pass; percentages are of all three, one decimal. (A named tuple:
    a report makes one per opinion and group, and a frozen dataclass costs three times as much
    to make.)"""

    agree: int = 0
    disagree: int = 0
    passed: int = 0

    @property
    def total(self):
        return self.agree + self.disagree + self.passed

    @property
    def agree_percent(self):
        return percent_of(self.agree, self.total)

    @property
    def disagree_percent(self):
        return percent_of(self.disagree, self.total)

    @property
    def pass_percent(self):
        return percent_of(self.passed, self.total)

    def share(self, choice):
        """The exact share (a Fraction) of `choice`, 0 without votes."""
        count = {"agree": self.agree, "disagree": self.disagree, "pass": self.passed}[choice]
        return Fraction(count, self.total) if self.total else Fraction(0)


def _tally(counts):
    """A Tally from {choice: count} (plain strings: this runs once per opinion and group)."""
    get = counts.get
    return Tally(agree=get("agree", 0), disagree=get("disagree", 0), passed=get("pass", 0))


@dataclass
class GroupRow:
    """One group of a breakdown: its key and label, how many people it counts (`size`), and
    its `tally` (votes on an opinion) — None, with `size` None too, when `hidden`."""

    key: str
    label: str
    size: int | None
    tally: Tally | None = None
    hidden: bool = False
    named: bool = True  # False: withheld with too few others to be named (label says so)


def too_few_label():
    """What stands for withheld groups that together hold too few people to be named."""
    return _("— (too few to show)")


def withhold_small_groups(rows, minimum, *, parent_of=None):
    """Hide rows of fewer than `minimum` people, then the smallest others until the hidden
    rows hold at least `minimum` between them (or every row is hidden), as decision 0008 rule 4
    does for survey breakdowns. With `parent_of` ({key: parent key}, regions to prefectures),
    the rows of a parent its own breakdown withholds are all hidden, and the rule holds within
    each parent too, so that neither breakdown, read against the other, reveals a hidden row.
    Hidden rows of a set holding fewer than `minimum` are not named (`named` False, label
    too_few_label()). Rows of nobody are dropped. Returns the rows, in order."""
    rows = [row for row in rows if row.size]
    small = [row for row in rows if row.size < minimum]
    sets = []
    if parent_of is not None:
        # within each parent first: a row hidden for the whole set afterwards is one of at
        # least `minimum`, so it keeps its parent's hidden rows at 0 or at least `minimum`
        parts = {}
        for row in rows:
            parts.setdefault(parent_of.get(row.key, row.key), []).append(row)
        hidden_parents = _hidden_parents(parts, minimum)
        small += [row for key in hidden_parents for row in parts[key] if row.size >= minimum]
        ids = {id(row) for row in small}
        for part in parts.values():
            sets.append(_complete(part, [row for row in part if id(row) in ids], minimum))
        small = [row for part in sets for row in part]
    sets.append(_complete(rows, small, minimum))
    for rows_hidden in sets:
        named = sum(row.size for row in rows_hidden) >= minimum
        for row in rows_hidden:
            row.hidden = True
            row.named = row.named and named
    for row in rows:
        if row.hidden:
            row.size, row.tally = None, None
            if not row.named:
                row.label = too_few_label()
    return rows


def _hidden_parents(parts, minimum):
    """The keys of the parents (prefectures) that their own breakdown withholds, from their
    children's rows ({parent key: [GroupRow]}, in the parents' order)."""
    parents = [
        GroupRow(key=key, label="", size=sum(row.size for row in part))
        for key, part in parts.items()
    ]
    return [row.key for row in withhold_small_groups(parents, minimum) if row.hidden]


def _complete(rows, hidden, minimum):
    """`hidden` and, smallest first, as many other `rows` as it takes for the hidden rows to
    hold 0 or at least `minimum` people (or all of `rows`)."""
    hidden = list(hidden)
    ids = {id(row) for row in hidden}
    shown = sorted((row for row in rows if id(row) not in ids), key=lambda row: row.size)
    while hidden and sum(row.size for row in hidden) < minimum and shown:
        hidden.append(shown.pop(0))
    return hidden


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


def classify(overall, types, thresholds):
    """The category of an opinion with `overall` votes and the `types` rows of its breakdown
    by stakeholder type (hidden rows and 「未設定」 are not looked at: those who gave no type
    are no stakeholder group). One category each, the first that
    fits: 多くの人が賛成, then 判断が分かれる, then 意見が分かれる (see decision 0010).
    Returns (category, spread in points or None)."""
    shown = [
        row.tally for row in types if not row.hidden and row.key != NOT_GIVEN and row.tally.total
    ]
    shares = [tally.share("agree") for tally in shown]
    spread = 100 * (max(shares) - min(shares)) if len(shares) >= 2 else None
    if overall.total < thresholds.votes:
        return TOO_FEW, _points(spread)
    agree = Fraction(thresholds.agree, 100)
    if overall.share("agree") >= agree and all(share >= agree for share in shares):
        return CONSENSUS, _points(spread)
    if 100 * overall.share("pass") >= thresholds.pass_:
        return UNCERTAIN, _points(spread)
    both = Fraction(thresholds.split, 100)
    both_sides = overall.share("agree") >= both and overall.share("disagree") >= both
    if both_sides or (spread is not None and spread >= thresholds.spread):
        return DIVIDED, _points(spread)
    return OTHER, _points(spread)


def _points(spread):
    return None if spread is None else round(float(spread), 1)


# --- The report ---------------------------------------------------------------------------------


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
    topic: TopicPage
    dimension: str
    thresholds: Thresholds
    minimum: int
    opinions: list  # [OpinionFigures], oldest first
    participation: Participation
    opinions_per_day: list  # [(date, count)]
    votes_per_day: list
    votes: int = 0
    categories: list = field(default_factory=list)  # [(key, label, [OpinionFigures])]

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


def dimension_from(value):
    """The dimension GET `by` names; stakeholder type for anything else."""
    return value if value in DIMENSIONS else STAKEHOLDER_TYPE


def consensus_report(*, topic, dimension=STAKEHOLDER_TYPE, thresholds=None, minimum=None):
    """The whole report of `topic`: every published opinion with its figures, grouped;
    participation; opinions and votes per day. `minimum` is the smallest group shown (the
    site's DiscussionSettings.min_group_size unless given)."""
    thresholds = thresholds or Thresholds()
    if minimum is None:
        minimum = discussion_settings_for(topic).min_group_size
    votes = topic_votes(topic)
    labels = _labels(votes, topic)
    opinions = list(
        topic_opinions(topic).values_list(
            "pk",
            "created_at",
            "stance",
            "body_source",
            "author_id",
            "author__display_name",
            named=True,
        )
    )
    overall = _counts(votes, ())
    by_dimension = _counts(votes, VOTE_FIELDS[dimension])
    by_type = by_dimension
    if dimension != STAKEHOLDER_TYPE:
        by_type = _counts(votes, VOTE_FIELDS[STAKEHOLDER_TYPE])
    parents = labels.parents if dimension == REGION else None
    figures = []
    for opinion in opinions:
        counts = by_dimension.get(opinion.pk, {})
        groups = _opinion_groups(counts, labels[dimension], minimum, parents)
        types = groups
        if dimension != STAKEHOLDER_TYPE:
            counts = by_type.get(opinion.pk, {})
            types = _opinion_groups(counts, labels[STAKEHOLDER_TYPE], minimum)
        tally = _tally(overall.get(opinion.pk, {}).get((), {}))
        category, spread = classify(tally, types, thresholds)
        figures.append(OpinionFigures(opinion, tally, groups, types, category, spread))
    report = ConsensusReport(
        topic=topic,
        dimension=dimension,
        thresholds=thresholds,
        minimum=minimum,
        opinions=figures,
        participation=_participation(topic, votes, labels, minimum),
        opinions_per_day=_per_day(topic_opinions(topic), "created_at"),
        votes_per_day=_per_day(votes, "created_at"),
        votes=sum(figure.overall.total for figure in figures),
    )
    report.categories = [
        (key, label, [f for f in figures if f.category == key]) for key, label in CATEGORIES.items()
    ]
    return report


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


def _labels(votes, topic):
    """{dimension: {group key: label}} in display order, 「未設定」 last; regions are those
    the topic's voters or authors name (one query), each prefecture's own 「未設定」 after
    them. `parents` maps each region group to its prefecture."""
    not_given = _("Not given")
    types = {code: str(label) for code, label in StakeholderType.choices}
    prefectures = {code: str(label) for code, label in PREFECTURE_CHOICES}
    authors = topic_opinions(topic).values("author__region_id")
    named = {}
    for r in Region.objects.filter(
        Q(pk__in=votes.values("region_id")) | Q(pk__in=authors)
    ).order_by("prefecture", "sort_order", "name", "pk"):
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
        }
    )
    labels.parents = parents
    return labels


def _participation(topic, votes, labels, minimum):
    voters = votes.aggregate(n=Count("member_id", distinct=True))["n"]
    opinions = topic_opinions(topic)
    authors = opinions.aggregate(n=Count("author_id", distinct=True))["n"]
    voters_by, authors_by = {}, {}
    for dimension in DIMENSIONS:
        parents = labels.parents if dimension == REGION else None
        counted = votes.values_list(*VOTE_FIELDS[dimension]).annotate(
            n=Count("member_id", distinct=True)
        )
        voters_by[dimension] = _group_sizes(counted, labels[dimension], minimum, parents)
        counted = opinions.values_list(*AUTHOR_FIELDS[dimension]).annotate(
            n=Count("author_id", distinct=True)
        )
        authors_by[dimension] = _group_sizes(counted, labels[dimension], minimum, parents)
    return Participation(
        participants=topic_participants(topic_id=topic.pk).count(),
        voters=voters,
        authors=authors,
        voters_by=voters_by,
        authors_by=authors_by,
    )


def _group_sizes(counted, labels, minimum, parents=None):
    sizes = {}
    for *values, n in counted.order_by():
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


# --- Exports ------------------------------------------------------------------------------------

WITHHELD = "—"


def opinion_rows(report):
    """The opinions of `report` as a header and rows for a spreadsheet: overall figures and
    the category. Overall counts are what members see on the topic page already."""
    header = [
        _("Opinion ID"),
        _("Posted at"),
        _("Stance"),
        _("Author"),
        _("Opinion"),
        _("Agree"),
        _("Disagree"),
        _("Pass"),
        _("Votes"),
        _("Agree (%)"),
        _("Disagree (%)"),
        _("Pass (%)"),
        _("Group"),
    ]
    stances = dict(Stance.choices)
    rows = []
    for figures in report.opinions:
        opinion, tally = figures.opinion, figures.overall
        rows.append(
            [
                opinion.pk,
                japan_naive(opinion.created_at),
                str(stances.get(opinion.stance, "")),
                author_name(opinion),
                opinion.body_source,
                tally.agree,
                tally.disagree,
                tally.passed,
                tally.total,
                tally.agree_percent,
                tally.disagree_percent,
                tally.pass_percent,
                str(figures.category_label),
            ]
        )
    return header, rows


def breakdown_rows(report):
    """Every opinion's votes by the report's dimension as a header and rows; a withheld group
    is named with 「—」 in every figure, and groups withheld with too few others to be named
    are one row 「—（少数のため非表示）」."""
    header = [
        _("Opinion ID"),
        str(report.dimension_label),
        _("Votes"),
        _("Agree"),
        _("Disagree"),
        _("Pass"),
        _("Agree (%)"),
        _("Disagree (%)"),
        _("Pass (%)"),
    ]
    rows = []
    for figures in report.opinions:
        unnamed = False
        for group in figures.groups:
            if group.hidden:
                if group.named or not unnamed:
                    rows.append([figures.opinion.pk, group.label, *[WITHHELD] * 7])
                unnamed = unnamed or not group.named
                continue
            tally = group.tally
            rows.append(
                [
                    figures.opinion.pk,
                    group.label,
                    tally.total,
                    tally.agree,
                    tally.disagree,
                    tally.passed,
                    tally.agree_percent,
                    tally.disagree_percent,
                    tally.pass_percent,
                ]
            )
    return header, rows


def author_name(opinion):
    """The author's public nickname, as the topic page shows it."""
    if opinion.author_id is None:
        return _("Former member")
    return opinion.author__display_name or _("Member %(number)s") % {"number": opinion.author_id}


def vote_header():
    return [
        _("Opinion ID"),
        _("Vote"),
        _("Stakeholder type"),
        _("Prefecture"),
        _("Municipality or region"),
    ]


def vote_rows(*, topic, minimum):
    """The topic's votes, one row each, without who cast them or when: the opinion, the choice,
    and the voter's stakeholder type, prefecture and region, coarsened opinion by opinion so
    that every (opinion, profile written) holds at least `minimum` votes, or is the blank
    profile holding all of an opinion's fewer votes (see generalised_profiles). No day: a day
    would split those profiles again. Rows are sorted by opinion, profile written and choice,
    never by anything finer. A generator; two queries (one GROUP BY)."""
    votes = topic_votes(topic)
    labels = _labels(votes, topic)
    choices = dict(VoteChoice.choices)
    for opinion_id, written in _written_votes(votes, minimum):
        for (kind, prefecture, region), choice, n in written:
            row = [
                opinion_id,
                str(choices.get(choice, choice)),
                labels[STAKEHOLDER_TYPE].get(kind, "") if kind else "",
                labels[PREFECTURE].get(prefecture, "") if prefecture else "",
                labels[REGION].get(region, "") if region else "",
            ]
            for _index in range(n):
                yield list(row)


def _written_votes(votes, minimum):
    """[(opinion id, [(profile written, choice, votes)])] by opinion, each opinion's profiles
    generalised over its own votes (a member votes once on an opinion: votes are voters)."""
    rows = (
        votes.values_list("opinion_id", "stakeholder_type", "prefecture", "region_id", "choice")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {}
    for opinion_id, *profile, choice, n in rows:
        key = (_profile_key(profile), choice)
        opinion = counts.setdefault(opinion_id, {})
        opinion[key] = opinion.get(key, 0) + n
    written = []
    for opinion_id in sorted(counts):
        sizes = {}
        for (profile, _choice), n in counts[opinion_id].items():
            sizes[profile] = sizes.get(profile, 0) + n
        shown = generalised_profiles(sizes, minimum)
        merged = {}
        for (profile, choice), n in counts[opinion_id].items():
            key = (shown[profile], choice)
            merged[key] = merged.get(key, 0) + n
        order = sorted(merged, key=lambda key: (tuple(str(v or "") for v in key[0]), key[1]))
        written.append((opinion_id, [(*key, merged[key]) for key in order]))
    return written


def _profile_key(profile):
    return tuple(None if value in ("", None) else value for value in profile)


def generalised_profiles(sizes, minimum):
    """{(type, prefecture, region): what a vote export writes for it}, from `sizes` (one
    opinion's votes by profile): a level (type, then prefecture within it, then region within
    that) is kept for a value only when at least `minimum` votes share it; the others are
    blanked together, and when those blanked together are fewer than `minimum`, the smallest
    kept values join them (as in withhold_small_groups) so that no blanked set can be told
    apart by subtraction."""
    return _generalise(sizes, minimum, depth=0)


def _generalise(sizes, minimum, *, depth):
    if not sizes:
        return {}
    width = len(next(iter(sizes)))
    if depth == width:
        return {profile: profile for profile in sizes}
    totals = {}
    for profile, n in sizes.items():
        totals[profile[depth]] = totals.get(profile[depth], 0) + n
    kept = _kept_values(totals, minimum)
    shown = {}
    for profile in sizes:
        if profile[depth] not in kept:
            shown[profile] = profile[:depth] + (None,) * (width - depth)
    for value in kept:
        inner = {p: n for p, n in sizes.items() if p[depth] == value}
        shown.update(_generalise(inner, minimum, depth=depth + 1))
    return shown


def _kept_values(totals, minimum):
    """The values (never None, the blank) of at least `minimum` people, smallest dropped until
    the dropped ones and the blank hold at least `minimum` or none is left."""
    kept = sorted(
        (value for value, n in totals.items() if value is not None and n >= minimum),
        key=lambda value: totals[value],
    )
    blanked = sum(n for value, n in totals.items() if value not in kept)
    while kept and 0 < blanked < minimum:
        blanked += totals[kept[0]]
        kept.pop(0)
    return set(kept)
