"""What people see of a topic's opinion groups (community.consensus.groups.report): sizes and
compositions under the minimum withheld with the complementary rule, groups too small to
describe, opinions with their texts, the state before any run or without structure, and the
viewer's own position for them alone."""

import pytest
from django.contrib.auth.models import AnonymousUser

from community.consensus.dimensions import REGION, STAKEHOLDER_TYPE
from community.consensus.groups.report import (
    group_label,
    groups_report,
    latest_run,
    viewer_position,
)
from community.models import CommentStatus
from tests.community.consensus.group_runs import run_store
from tests.factories import OpinionFactory, RegionFactory

pytestmark = pytest.mark.django_db


def _report(topic, run, minimum=5):
    return groups_report(topic=topic, run=run, minimum=minimum)


def _composition(group, dimension):
    return {
        row.label: row.size
        for key, _label, rows in group.composition
        if key == dimension
        for row in rows
    }


def test_groups_are_labelled_by_their_stable_index():
    assert [group_label(i) for i in range(3)] == ["グループA", "グループB", "グループC"]


def test_no_run_is_no_report(topic):
    assert latest_run(topic=topic) is None
    assert _report(topic, None) is None


def test_the_latest_run_is_read_and_the_latest_published_one_for_participants(topic):
    from django.utils import timezone

    published, _members = run_store(topic, [6, 6], published_at=timezone.now())
    newer, _members = run_store(topic, [7, 7])

    assert latest_run(topic=topic) == newer
    assert latest_run(topic=topic, published=True) == published


def test_a_run_without_structure_has_no_groups(topic):
    run, _members = run_store(topic, [6, 6], group_count=0)

    report = _report(topic, run)

    assert report.groups == [] and report.consensus == []
    assert (report.vote_count, report.participant_count) == (1234, 12)


def test_sizes_at_or_above_the_minimum_are_shown(topic):
    run, _members = run_store(topic, [12, 8, 5])

    report = _report(topic, run)

    assert [(g.label, g.size, g.hidden) for g in report.groups] == [
        ("グループA", 12, False),
        ("グループB", 8, False),
        ("グループC", 5, False),
    ]
    assert all(len(g.dots) == g.size for g in report.groups)


def test_a_small_group_is_withheld_with_the_next_smallest_and_not_described(topic):
    opinion = OpinionFactory(page=topic, body_source="支所でも申請できるようにするべき")
    run, _members = run_store(topic, [20, 3, 9], opinions=[opinion])

    a, b, c = _report(topic, run).groups

    assert (a.size, a.hidden) == (20, False)
    # B (3) is under the minimum; C (9) is withheld with it, so that B is not 29 - 20 - 9 away
    assert b.hidden and b.size is None and not b.described
    assert b.representative == [] and b.hull == () and b.dots == () and b.centre_text == "—"
    assert c.hidden and c.size is None and c.described
    # C keeps its opinions and outline; its dots or composition would count it
    assert [o.text for o in c.representative] == ["支所でも申請できるようにするべき"]
    assert c.hull and c.dots == () and c.composition == []
    assert a.composition and len(a.dots) == 20


def test_compositions_withhold_small_cells_with_the_complementary_rule(topic):
    run, members = run_store(topic, [12, 6])
    for member in members[0][:2]:
        member.stakeholder_type = "municipal"
        member.save()
    for member in members[0][2:5]:
        member.stakeholder_type = "business"
        member.save()

    a, b = _report(topic, run).groups

    # A: 7 residents, 3 businesses, 2 municipal: both small cells withheld together (5)
    assert _composition(a, STAKEHOLDER_TYPE) == {
        "住民": 7,
        "地元企業・事業者": None,
        "自治体職員": None,
    }
    assert _composition(b, STAKEHOLDER_TYPE) == {"住民": 6}
    assert _composition(a, REGION) == {"東京都 未設定": 12}


def test_regions_too_few_to_name_are_one_row(topic):
    run, members = run_store(topic, [12])
    for member in members[0][:2]:
        member.prefecture, member.region = "01", RegionFactory(prefecture="01")
        member.save()

    (a,) = _report(topic, run).groups
    rows = next(rows for key, _label, rows in a.composition if key == REGION)

    # two regions of 北海道 of one member each: withheld within 北海道 and, with too few to be
    # named, one row; 東京都 (10) withheld with them so that they cannot be worked out
    assert sorted((row.label, row.size) for row in rows) == [
        ("—（少数のため非表示）", None),
        ("東京都 未設定", None),
    ]
    assert a.size == 12


def test_opinions_are_read_with_their_texts_and_hidden_ones_left_out(topic):
    kept = OpinionFactory(page=topic, body_source="窓口の予約をオンラインで")
    hidden = OpinionFactory(page=topic, body_source="この意見は非表示になった")
    run, _members = run_store(topic, [6, 6], opinions=[kept, hidden])
    hidden.status = CommentStatus.HIDDEN
    hidden.save()

    report = _report(topic, run)

    (shared,) = report.consensus
    assert (shared.text, shared.direction_label, shared.percent) == (
        "窓口の予約をオンラインで",
        "賛成",
        74,
    )
    (opinion,) = report.groups[0].representative
    assert (opinion.percent, opinion.percent_out) == (80, 20)
    assert "この意見は非表示になった" not in [
        o.text for g in report.groups for o in g.representative
    ]


def test_the_viewer_sees_their_own_position_and_nobody_elses(topic):
    run, members = run_store(topic, [6, 6], unplaced=1)
    unplaced = run.positions.get(group_index=None).member

    assert viewer_position(run=run, viewer=members[1][0])[0] == 1
    assert viewer_position(run=run, viewer=unplaced)[0] is None
    assert viewer_position(run=run, viewer=AnonymousUser()) is None
    assert viewer_position(run=None, viewer=members[0][0]) is None


def test_the_summary_names_nobody(topic):
    run, members = run_store(topic, [6, 6])

    report = _report(topic, run)

    everyone = {m.pk for group in members.values() for m in group}
    dumped = repr(report)
    assert not any(f"member_id={pk}" in dumped or f"'member': {pk}" in dumped for pk in everyone)
    assert all(isinstance(dot, tuple) and len(dot) == 2 for g in report.groups for dot in g.dots)
