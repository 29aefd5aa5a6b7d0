"""The report of a topic (community.consensus.report): every figure against small hand-counted
votes, who took part and when, and the list of topics."""

import datetime

import pytest

from community.consensus.dimensions import PREFECTURE, REGION, STAKEHOLDER_TYPE
from community.consensus.report import consensus_report, topic_list
from community.models import CommentStatus
from tests.community.consensus.votes import _figures, _shown, _votes
from tests.factories import OpinionFactory, RegionFactory

pytestmark = pytest.mark.django_db


def test_each_opinion_has_its_counts_and_percentages(topic, opinions):
    report = consensus_report(topic=topic)

    consensus = _figures(report, opinions["consensus"]).overall
    assert (consensus.agree, consensus.disagree, consensus.passed) == (10, 3, 1)
    assert (consensus.agree_percent, consensus.disagree_percent, consensus.pass_percent) == (
        71.4,
        21.4,
        7.1,
    )
    divided = _figures(report, opinions["divided"]).overall
    assert (divided.agree, divided.disagree, divided.passed, divided.total) == (11, 1, 3, 15)
    assert divided.agree_percent == 73.3
    assert report.votes == 14 + 15 + 10 + 10 + 3


def test_groups_large_enough_are_all_shown(topic, opinions):
    figures = _figures(consensus_report(topic=topic), opinions["divided"])

    assert _shown(figures.groups) == {"resident": (9, 0, 1), "business": (2, 1, 2)}


def test_a_breakdown_by_prefecture_or_region(topic, opinions):
    region = RegionFactory(prefecture="27", name="大阪市")
    opinion = OpinionFactory(page=topic)
    _votes(opinion, "agree", 5, prefecture="27", region=region)
    _votes(opinion, "disagree", 3, prefecture="27", region=region)
    _votes(opinion, "agree", 6, prefecture="13")

    by_prefecture = _figures(consensus_report(topic=topic, dimension=PREFECTURE), opinion)
    by_region = _figures(consensus_report(topic=topic, dimension=REGION), opinion)

    assert _shown(by_prefecture.groups) == {"27": (5, 3, 0), "13": (6, 0, 0)}
    assert [row.label for row in by_prefecture.groups] == ["東京都", "大阪府"]
    # those who gave Tokyo but no region are Tokyo's own 「未設定」
    assert _shown(by_region.groups) == {"13:__none__": (6, 0, 0), region.pk: (5, 3, 0)}
    assert [row.label for row in by_region.groups] == ["東京都 未設定", "大阪府 大阪市"]
    # classification always compares stakeholder types, whatever the breakdown
    assert _shown(by_region.types) == {"resident": (11, 3, 0)}


# --- Participation and time ---------------------------------------------------------------------


def test_participation_by_group_with_small_groups_withheld(topic, opinions):
    participation = consensus_report(topic=topic).participation

    # every vote above is by a different member
    assert participation.voters == 52
    by_type = {row.key: row.size for row in participation.voters_by[STAKEHOLDER_TYPE]}
    # 2 municipal staff alone would be 52 − 40 − 10: the smallest shown group joins them
    assert by_type == {"resident": 40, "business": None, "municipal": None}


def test_opinions_and_votes_per_day_in_japan_time(topic, opinions):
    report = consensus_report(topic=topic)

    assert report.votes_per_day == [
        (datetime.date(2026, 11, 2), 50),
        (datetime.date(2026, 11, 3), 0),
        (datetime.date(2026, 11, 4), 2),
    ]
    assert report.opinions_per_day == [(datetime.date(2026, 11, 2), 5)]


def test_hidden_opinions_and_their_votes_are_left_out(topic, opinions):
    opinions["other"].status = CommentStatus.HIDDEN
    opinions["other"].save()

    report = consensus_report(topic=topic)

    assert opinions["other"].pk not in {f.opinion.pk for f in report.opinions}
    assert report.votes == 14 + 15 + 10 + 3


def test_the_topic_list_counts_opinions_votes_and_participants(topic, opinions):
    listed = topic_list().get(pk=topic.pk)

    assert (listed.opinion_count, listed.vote_count) == (5, 52)
    assert listed.participant_count == 52 + 5  # voters and the five authors
    assert not listed.closed
