"""Reads for the consensus report (意見交換レポート): how members voted on a topic's opinions,
overall and by group, which opinions most agree on, where they divide, and who took part.

Every figure is a SQL aggregate over OpinionVote (GROUP BY opinion, group, choice) or over the
topic's opinions; Python only arranges aggregated rows. The report runs the same number of
queries whatever the number of votes (tests/community/test_consensus.py, bench/consensus.py).

Privacy (docs/decisions/0010-consensus-report.md, following 0008): a group with fewer voters
than the site's `DiscussionSettings.min_group_size` is never described. Each such row is shown
as 「—」, and further rows are hidden, smallest first, until the hidden rows hold at least that
many voters between them, so that no hidden row can be worked out by subtracting the shown ones
from the total. Classification looks only at the groups that are shown.
"""

import datetime
from dataclasses import dataclass, field
from fractions import Fraction
from typing import NamedTuple

from django.db.models import Count, Exists, F, Func, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import (
    Comment,
    CommentStatus,
    OpinionVote,
    Region,
    StakeholderType,
    Stance,
    TopicClosure,
    TopicPage,
    User,
    VoteChoice,
)
from .prefectures import PREFECTURE_CHOICES
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
VOTE_FIELDS = {STAKEHOLDER_TYPE: "stakeholder_type", PREFECTURE: "prefecture", REGION: "region_id"}
AUTHOR_FIELDS = {
    STAKEHOLDER_TYPE: "author__stakeholder_type",
    PREFECTURE: "author__prefecture",
    REGION: "author__region_id",
}
NOT_GIVEN = "__none__"

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


def _japan():
    return timezone.get_default_timezone()  # Asia/Tokyo


class JapanDate(TruncDate):
    """The Japan day of a datetime. On SQLite, Django's TruncDate calls a Python function for
    every row (1.4 s of a 50,000-vote report in bench/consensus.py); Japan keeps one offset
    all year (no summer time), so SQLite's own date() with that offset gives the same day."""

    def __init__(self, expression, **extra):
        super().__init__(expression, tzinfo=_japan(), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        offset = int(timezone.localtime(timezone=_japan()).utcoffset().total_seconds())
        return f"date({sql}, '{offset:+d} seconds')", params


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


def percent_of(part, whole):
    """`part` as a percentage of `whole`, one decimal; None when `whole` is 0."""
    return round(100 * part / whole, 1) if whole else None


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


def withhold_small_groups(rows, minimum):
    """Hide rows of fewer than `minimum` people, then the smallest others until the hidden
    rows hold at least `minimum` between them (or every row is hidden), as decision 0008 rule 4
    does for survey breakdowns. Rows of nobody are dropped. Returns the rows, in order."""
    rows = [row for row in rows if row.size]
    hidden = [row for row in rows if row.size < minimum]
    shown = sorted((row for row in rows if row.size >= minimum), key=lambda row: row.size)
    while hidden and sum(row.size for row in hidden) < minimum and shown:
        hidden.append(shown.pop(0))
    for row in hidden:
        row.hidden, row.size, row.tally = True, None, None
    return rows


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
        """The names of the withheld groups, as one line (「北海道、富山県」)."""
        return "、".join(str(group.label) for group in self.groups if group.hidden)


def classify(overall, types, thresholds):
    """The category of an opinion with `overall` votes and the `types` rows of its breakdown
    by stakeholder type (hidden rows are not looked at). One category each, the first that
    fits: 多くの人が賛成, then 判断が分かれる, then 意見が分かれる (see decision 0010).
    Returns (category, spread in points or None)."""
    shown = [row.tally for row in types if not row.hidden and row.tally.total]
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
    by_dimension = _counts(votes, (VOTE_FIELDS[dimension],))
    by_type = by_dimension
    if dimension != STAKEHOLDER_TYPE:
        by_type = _counts(votes, (VOTE_FIELDS[STAKEHOLDER_TYPE],))
    figures = []
    for opinion in opinions:
        groups = _opinion_groups(by_dimension.get(opinion.pk, {}), labels[dimension], minimum)
        types = groups
        if dimension != STAKEHOLDER_TYPE:
            types = _opinion_groups(by_type.get(opinion.pk, {}), labels[STAKEHOLDER_TYPE], minimum)
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
    """{opinion id: {group tuple: {choice: votes}}} in one GROUP BY."""
    rows = votes.values_list("opinion_id", *fields, "choice").annotate(n=Count("id")).order_by()
    counts = {}
    for opinion_id, *group, choice, n in rows:
        key = tuple(NOT_GIVEN if value in ("", None) else value for value in group)
        counts.setdefault(opinion_id, {}).setdefault(key, {})[choice] = n
    return counts


def _opinion_groups(counts, labels, minimum):
    """An opinion's GroupRows by one dimension, in the dimension's order, small ones hidden."""
    rows = []
    for (key,), choices in counts.items():
        tally = _tally(choices)
        rows.append(GroupRow(key=key, label=labels.get(key, key), size=tally.total, tally=tally))
    order = {key: index for index, key in enumerate(labels)}
    rows.sort(key=lambda row: order.get(row.key, len(order)))
    return withhold_small_groups(rows, minimum)


def _labels(votes, topic):
    """{dimension: {group key: label}} in display order, 「未設定」 last; regions are those
    the topic's voters or authors name (one query)."""
    not_given = {NOT_GIVEN: _("Not given")}
    types = {code: str(label) for code, label in StakeholderType.choices}
    prefectures = {code: str(label) for code, label in PREFECTURE_CHOICES}
    authors = topic_opinions(topic).values("author__region_id")
    regions = Region.objects.filter(
        Q(pk__in=votes.values("region_id")) | Q(pk__in=authors)
    ).order_by("prefecture", "sort_order", "name", "pk")
    return {
        STAKEHOLDER_TYPE: types | not_given,
        PREFECTURE: prefectures | not_given,
        REGION: {r.pk: f"{prefectures[r.prefecture]} {r.name}" for r in regions} | not_given,
    }


def _participation(topic, votes, labels, minimum):
    voters = votes.aggregate(n=Count("member_id", distinct=True))["n"]
    opinions = topic_opinions(topic)
    authors = opinions.aggregate(n=Count("author_id", distinct=True))["n"]
    voters_by, authors_by = {}, {}
    for dimension in DIMENSIONS:
        counted = votes.values_list(VOTE_FIELDS[dimension]).annotate(
            n=Count("member_id", distinct=True)
        )
        voters_by[dimension] = _group_sizes(counted, labels[dimension], minimum)
        counted = opinions.values_list(AUTHOR_FIELDS[dimension]).annotate(
            n=Count("author_id", distinct=True)
        )
        authors_by[dimension] = _group_sizes(counted, labels[dimension], minimum)
    return Participation(
        participants=_participants(topic),
        voters=voters,
        authors=authors,
        voters_by=voters_by,
        authors_by=authors_by,
    )


def _group_sizes(counted, labels, minimum):
    sizes = {NOT_GIVEN if key in ("", None) else key: n for key, n in counted.order_by()}
    rows = [GroupRow(key=key, label=label, size=sizes.get(key, 0)) for key, label in labels.items()]
    return withhold_small_groups(rows, minimum)


def _participants(topic):
    """Members who wrote in the topic (opinions, replies) or voted on its opinions: the people
    community.services.topics.topic_participant_ids notifies, counted in SQL."""
    posted = Comment.objects.filter(page_id=topic.pk).values("author_id")
    voted = OpinionVote.objects.filter(opinion__page_id=topic.pk).values("member_id")
    return User.objects.filter(Q(pk__in=posted) | Q(pk__in=voted), is_active=True).count()


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
    posted = Comment.objects.filter(page_id=OuterRef(OuterRef("pk"))).values("author_id")
    voted = OpinionVote.objects.filter(opinion__page_id=OuterRef(OuterRef("pk")))
    participants = User.objects.filter(
        Q(pk__in=posted) | Q(pk__in=voted.values("member_id")), is_active=True
    )
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
                japan_time(opinion.created_at),
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
    is named with 「—」 in every figure."""
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
        for group in figures.groups:
            if group.hidden:
                rows.append([figures.opinion.pk, group.label, *[WITHHELD] * 7])
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


def japan_time(moment):
    """A naive Japan-time datetime to the second (spreadsheets hold no time zones)."""
    return moment.astimezone(_japan()).replace(tzinfo=None, microsecond=0)


def vote_header():
    return [
        _("Opinion ID"),
        _("Vote"),
        _("Stakeholder type"),
        _("Prefecture"),
        _("Municipality or region"),
        _("Voted on"),
    ]


def vote_rows(*, topic, minimum, chunk_size=2000):
    """The topic's votes, one row each, without who cast them: the opinion, the choice, the
    voter's stakeholder type, prefecture and region, coarsened so that every combination
    written is shared by at least `minimum` of the topic's voters (see generalised_profiles),
    and the Japan day. Rows are sorted by opinion, day, choice and profile, never in the order
    votes were cast. A generator; two queries."""
    votes = topic_votes(topic)
    shown = generalised_profiles(_profile_sizes(votes), minimum)
    labels = _labels(votes, topic)
    choices = dict(VoteChoice.choices)
    rows = (
        votes.annotate(day=JapanDate("created_at"))
        .order_by("opinion_id", "day", "choice", "stakeholder_type", "prefecture", "region_id")
        .values_list("opinion_id", "choice", "stakeholder_type", "prefecture", "region_id", "day")
    )
    for opinion_id, choice, *profile, day in rows.iterator(chunk_size=chunk_size):
        kind, prefecture, region = shown[_profile_key(profile)]
        yield [
            opinion_id,
            str(choices.get(choice, choice)),
            labels[STAKEHOLDER_TYPE].get(kind, "") if kind else "",
            labels[PREFECTURE].get(prefecture, "") if prefecture else "",
            labels[REGION].get(region, "") if region else "",
            day,
        ]


def _profile_key(profile):
    return tuple(None if value in ("", None) else value for value in profile)


def _profile_sizes(votes):
    """{(type, prefecture, region): distinct voters} over the topic, in one GROUP BY."""
    rows = votes.values_list("stakeholder_type", "prefecture", "region_id").annotate(
        n=Count("member_id", distinct=True)
    )
    return {_profile_key(profile): n for *profile, n in rows.order_by()}


def generalised_profiles(sizes, minimum):
    """{(type, prefecture, region): what a vote export writes for it}: a level (type, then
    prefecture within it, then region within that) is kept for a value only when at least
    `minimum` voters share it; the others are blanked together, and when those blanked
    together are fewer than `minimum`, the smallest kept values join them (as in
    withhold_small_groups) so that no blanked set can be told apart by subtraction."""
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
