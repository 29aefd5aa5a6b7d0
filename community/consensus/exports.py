"""The consensus report and the votes as spreadsheet rows (CSV and Excel): the opinions with
their overall figures, their votes by group (withheld groups as 「—」), the opinion groups'
summary (groups.report: no positions, no identities), and the votes one row each with profiles
coarsened so that none stands out (privacy.generalised_profiles)."""

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.channels import Channel
from core.japan import japan_naive

from ..models import Stance, VoteChoice
from ..models.comments import ATTRIBUTIONS
from .dimensions import PREFECTURE, REGION, STAKEHOLDER_TYPE
from .privacy import generalised_profiles
from .report import dimension_labels, topic_votes

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
        # last, so that the columns of earlier exports keep their places
        pgettext("channel", "Channel"),
    ]
    stances = dict(Stance.choices)
    channels = dict(Channel.choices)
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
                str(channels.get(opinion.channel, opinion.channel)),
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


def group_rows(groups):
    """The opinion groups of `groups` (a GroupsReport) as a header and rows: first the
    opinions every group shares (at least this share in each group), then each group with its
    size (「—」 when withheld) and its representative opinions; a group too small to describe
    is its label and 「—」 only."""
    header = [
        _("Group"),
        _("People"),
        _("Opinion ID"),
        _("Vote"),
        _("Share in the group (%)"),
        _("Share of the others (%)"),
    ]
    choices = dict(VoteChoice.choices)
    rows = [
        [_("Every group"), "", item.opinion_id, str(choices[item.direction]), item.percent, ""]
        for item in groups.consensus
    ]
    for group in groups.groups:
        size = WITHHELD if group.hidden else group.size
        if not group.representative:
            rows.append([str(group.label), size, "", "", "", ""])
        for item in group.representative:
            vote = str(choices[item.direction])
            rows.append(
                [str(group.label), size, item.opinion_id, vote, item.percent, item.percent_out]
            )
    return header, rows


def author_name(opinion):
    """The author's public nickname, as the topic page shows it; for an opinion staff keyed
    in, its channel's attribution (「郵送でいただいたご意見」)."""
    if opinion.channel in ATTRIBUTIONS:
        return str(ATTRIBUTIONS[opinion.channel])
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
    labels = dimension_labels(votes, topic)
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
