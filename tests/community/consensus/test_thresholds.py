"""Groups of opinions (community.consensus.thresholds): how opinions are grouped, at the
thresholds' edges, and the thresholds read from the page."""

import pytest
from django.http import QueryDict
from django.urls import reverse

from community.consensus.dimensions import GroupRow, Tally
from community.consensus.report import consensus_report
from community.consensus.thresholds import (
    CONSENSUS,
    DIVIDED,
    OTHER,
    TOO_FEW,
    UNCERTAIN,
    Thresholds,
    classify,
)
from tests.community.consensus.votes import _figures
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db


def test_opinions_are_grouped_with_passing_before_dividing(topic, opinions):
    report = consensus_report(topic=topic)

    expected = {
        "consensus": CONSENSUS,
        "divided": DIVIDED,
        "uncertain": UNCERTAIN,
        "other": OTHER,
        "too_few": TOO_FEW,
    }
    for key, category in expected.items():
        assert _figures(report, opinions[key]).category == category, key
    assert _figures(report, opinions["divided"]).spread == 50.0
    assert [key for key, _label, _opinions in report.categories] == [
        CONSENSUS,
        UNCERTAIN,
        DIVIDED,
        OTHER,
        TOO_FEW,
    ]


def _type(agree, disagree=0, passed=0, *, hidden=False):
    return GroupRow(
        key="t",
        label="t",
        size=agree + disagree + passed,
        tally=Tally(agree, disagree, passed),
        hidden=hidden,
    )


@pytest.mark.parametrize(
    ("overall", "types", "category"),
    [
        (Tally(6, 4, 0), [], CONSENSUS),  # exactly 60%
        (Tally(59, 41, 0), [], DIVIDED),  # 59%: not broad agreement; both sides ≥ 30%
        (Tally(6, 4, 0), [_type(6, 4), _type(5, 5)], DIVIDED),  # a type at 50%
        (Tally(6, 4, 0), [_type(6, 4), _type(1, 4, hidden=True)], CONSENSUS),  # hidden: ignored
        (Tally(5, 1, 4), [], UNCERTAIN),  # exactly 40% pass
        (Tally(5, 2, 3), [], OTHER),  # 30% pass, 20% disagree
        (Tally(7, 3, 10), [], UNCERTAIN),  # 50% pass, before 35/15
        (Tally(3, 3, 4), [], UNCERTAIN),  # 40% pass and both sides 30%: pass first
        (Tally(4, 3, 3), [], DIVIDED),  # both sides: 40% and exactly 30%
        (Tally(6, 1, 3), [_type(4, 0, 1), _type(1, 1, 2)], DIVIDED),  # 80% vs 25%
        (Tally(5, 2, 3), [_type(4, 1, 0), _type(5, 5, 0)], DIVIDED),  # exactly 30 points
        (Tally(5, 2, 3), [_type(8, 2, 0), _type(51, 49, 0)], OTHER),  # 29 points
        (Tally(6, 3, 0), [], TOO_FEW),  # 9 votes
    ],
)
def test_classification_at_the_thresholds(overall, types, category):
    assert classify(overall, types, Thresholds())[0] == category


def test_thresholds_are_read_validated_and_clamped():
    def read(query):
        return Thresholds.from_params(QueryDict(query))

    assert read("") == Thresholds(agree=60, spread=30, split=30, pass_=40, votes=10)
    assert read("agree=75&spread=20&split=25&pass=50&votes=3") == Thresholds(75, 20, 25, 50, 3)
    assert read("agree=abc&pass=&votes=2.5") == Thresholds()
    assert read("agree=10&spread=500&split=0&pass=-4&votes=0") == Thresholds(50, 100, 10, 10, 1)
    assert read("agree=75").params() == [("agree", 75)]


def test_thresholds_from_the_page_move_opinions(client, topic, opinions):
    client.force_login(StaffUserFactory(groups=["Analysts"]))
    url = reverse("consensus:report", args=[topic.pk])

    strict = client.get(url, {"agree": "80", "votes": "3"}).context["report"]

    assert _figures(strict, opinions["consensus"]).category == OTHER  # 71.4% < 80%
    assert _figures(strict, opinions["too_few"]).category == CONSENSUS  # 3 votes now enough


def test_not_given_is_no_stakeholder_group_in_classification():
    resident = GroupRow(key="resident", label="住民", size=10, tally=Tally(9, 1, 0))
    not_given = GroupRow(key="__none__", label="未設定", size=5, tally=Tally(0, 5, 0))

    # 9 of 15 agree (60%): every stakeholder group agrees, 未設定 is not one
    category, spread = classify(Tally(9, 6, 0), [resident, not_given], Thresholds())

    assert (category, spread) == (CONSENSUS, None)
