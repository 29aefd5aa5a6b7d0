"""What the report withholds (community.consensus.privacy): small groups hidden so that none can
be worked out from the totals, within each prefecture too, and the vote export's coarsened
profiles."""

import io

import openpyxl
import pytest
from django.urls import reverse

from community.consensus.dimensions import PREFECTURE, REGION, GroupRow
from community.consensus.exports import breakdown_rows, vote_rows
from community.consensus.privacy import generalised_profiles, withhold_small_groups
from community.consensus.report import consensus_report
from tests.community.consensus.votes import _figures, _shown, _votes
from tests.factories import OpinionFactory, RegionFactory

pytestmark = pytest.mark.django_db


def test_a_small_group_is_withheld_with_the_next_smallest_so_it_cannot_be_subtracted(
    topic, opinions
):
    figures = _figures(consensus_report(topic=topic), opinions["consensus"])

    rows = {row.key: row for row in figures.groups}
    assert _shown(figures.groups) == {"resident": (6, 1, 0)}
    # municipal (2) alone would be the total minus the others: businesses (5) are hidden too
    assert rows["municipal"].hidden and rows["business"].hidden
    assert rows["municipal"].tally is None and rows["municipal"].size is None
    hidden_votes = figures.overall.total - sum(r.tally.total for r in rows.values() if not r.hidden)
    assert hidden_votes >= 5


def test_withholding_by_hand():
    def rows(*sizes):
        return [GroupRow(key=str(i), label=str(i), size=size) for i, size in enumerate(sizes)]

    assert [r.hidden for r in withhold_small_groups(rows(10, 6, 4), 5)] == [False, True, True]
    assert [r.hidden for r in withhold_small_groups(rows(10, 6, 3, 2), 5)] == [
        False,
        False,
        True,
        True,
    ]
    assert [r.hidden for r in withhold_small_groups(rows(3, 4), 5)] == [True, True]
    assert [r.hidden for r in withhold_small_groups(rows(5, 0, 7), 5)] == [False, False]


def test_generalised_profiles_by_hand():
    sizes = {("resident", "13", 1): 7, ("resident", "13", 2): 5, ("business", "27", None): 9}

    assert generalised_profiles(sizes, 5) == {
        ("resident", "13", 1): ("resident", "13", 1),
        ("resident", "13", 2): ("resident", "13", 2),
        ("business", "27", None): ("business", "27", None),
    }
    assert generalised_profiles({("resident", "13", 1): 4}, 5) == {
        ("resident", "13", 1): (None, None, None)
    }


def test_withheld_groups_holding_enough_together_are_named():
    rows = [GroupRow(key=k, label=k, size=n) for k, n in (("a", 9), ("b", 3), ("c", 2))]

    withhold_small_groups(rows, 5)

    assert [(row.label, row.hidden, row.named) for row in rows] == [
        ("a", False, True),
        ("b", True, True),
        ("c", True, True),
    ]


def test_withholding_within_parents_by_hand():
    sizes = {"chiyoda": 9, "minato": 1, "kita": 5, "naka": 6}
    parents = {"chiyoda": "13", "minato": "13", "kita": "27", "naka": "27"}
    rows = [GroupRow(key=k, label=k, size=n) for k, n in sizes.items()]

    withhold_small_groups(rows, 5, parent_of=parents)

    # within Tokyo, Chiyoda goes with Minato; that is enough across all rows too
    assert {row.key: row.hidden for row in rows} == {
        "chiyoda": True,
        "minato": True,
        "kita": False,
        "naka": False,
    }


# --- What a reader could work out (review of the report's privacy) ------------------------------


def test_votes_export_coarsens_each_opinion_by_its_own_votes(topic):
    first, second = OpinionFactory(page=topic), OpinionFactory(page=topic)
    # Toyama has 5 voters over the topic but only one on the first opinion
    _votes(first, "agree", 8, prefecture="13")
    _votes(first, "disagree", 1, prefecture="16")
    _votes(second, "agree", 4, prefecture="16")
    _votes(second, "agree", 8, prefecture="13")

    rows = list(vote_rows(topic=topic, minimum=5))

    written = {}
    for opinion_id, _choice, *profile in rows:
        key = (opinion_id, *profile)
        written[key] = written.get(key, 0) + 1
    # on each, Tokyo alone would leave Toyama's voters blanked on their own
    assert written == {(first.pk, "住民", "", ""): 9, (second.pk, "住民", "", ""): 12}
    assert all(n >= 5 for n in written.values())
    # no day, month or time: they would split the profiles again
    assert all(len(row) == 5 for row in rows)


def test_every_profile_in_the_votes_export_holds_enough_votes_of_its_opinion(topic, opinions):
    region = RegionFactory(prefecture="27", name="大阪市")
    opinion = OpinionFactory(page=topic)
    _votes(opinion, "agree", 6, prefecture="27", region=region)
    _votes(opinion, "disagree", 5, prefecture="27")
    _votes(opinion, "pass", 7, kind="business", prefecture="13")

    written, totals = {}, {}
    for opinion_id, _choice, *profile in vote_rows(topic=topic, minimum=5):
        written[(opinion_id, *profile)] = written.get((opinion_id, *profile), 0) + 1
        totals[opinion_id] = totals.get(opinion_id, 0) + 1

    for (opinion_id, *profile), n in written.items():
        # an opinion of fewer votes than the minimum is written blank, all in one
        assert n >= 5 or (profile == ["", "", ""] and n == totals[opinion_id])
    assert written[(opinion.pk, "住民", "大阪府", "大阪府 大阪市")] == 6


@pytest.fixture
def tokyo_and_osaka(topic):
    """The reviewer's case (minimum 5): Tokyo/Chiyoda 9 agree, Tokyo/Minato 1 disagree,
    Osaka/Kita 5 agree — Tokyo (10) is shown by prefecture."""
    opinion = OpinionFactory(page=topic)
    chiyoda = RegionFactory(prefecture="13", name="千代田区")
    minato = RegionFactory(prefecture="13", name="港区")
    kita = RegionFactory(prefecture="27", name="北区")
    _votes(opinion, "agree", 9, prefecture="13", region=chiyoda)
    _votes(opinion, "disagree", 1, prefecture="13", region=minato)
    _votes(opinion, "agree", 5, prefecture="27", region=kita)
    return opinion, chiyoda, minato, kita


def test_a_withheld_region_cannot_be_had_from_its_prefecture(topic, tokyo_and_osaka):
    *_made, kita = tokyo_and_osaka

    by_prefecture = consensus_report(topic=topic, dimension=PREFECTURE, minimum=5).opinions[0]
    by_region = consensus_report(topic=topic, dimension=REGION, minimum=5).opinions[0]

    assert _shown(by_prefecture.groups) == {"13": (9, 1, 0), "27": (5, 0, 0)}
    # Tokyo − Chiyoda would be Minato's one vote: Chiyoda is withheld with it
    assert _shown(by_region.groups) == {kita.pk: (5, 0, 0)}
    assert by_region.hidden_labels == "東京都 千代田区、東京都 港区"


def test_a_prefectures_voters_without_a_region_are_withheld_within_it(topic):
    opinion = OpinionFactory(page=topic)
    chiyoda = RegionFactory(prefecture="13", name="千代田区")
    minato = RegionFactory(prefecture="13", name="港区")
    _votes(opinion, "agree", 9, prefecture="13", region=chiyoda)
    _votes(opinion, "agree", 6, prefecture="13", region=minato)
    _votes(opinion, "disagree", 1, prefecture="13")  # Tokyo, no region
    _votes(opinion, "agree", 7, prefecture="")

    figures = consensus_report(topic=topic, dimension=REGION, minimum=5).opinions[0]

    # Tokyo (16) − Chiyoda − Minato would be the one without a region: Minato joins it
    assert _shown(figures.groups) == {chiyoda.pk: (9, 0, 0), "__none__": (7, 0, 0)}
    assert figures.hidden_labels == "東京都 港区、東京都 未設定"


def test_participation_by_region_is_withheld_within_each_prefecture(topic, tokyo_and_osaka):
    _opinion, chiyoda, minato, kita = tokyo_and_osaka

    participation = consensus_report(topic=topic, minimum=5).participation

    by_prefecture = {row.key: row.size for row in participation.voters_by[PREFECTURE]}
    by_region = {row.key: row.size for row in participation.voters_by[REGION]}
    assert by_prefecture == {"13": 10, "27": 5}
    assert by_region == {chiyoda.pk: None, minato.pk: None, kita.pk: 5}


def test_the_opinions_xlsx_by_region_withholds_within_each_prefecture(
    client, topic, tokyo_and_osaka, analyst
):
    opinion, *_regions = tokyo_and_osaka
    response = client.get(reverse("consensus:opinions_xlsx", args=[topic.pk]) + "?by=region")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))

    sheet = [list(row) for row in workbook["クロス集計"].iter_rows(values_only=True)]
    assert sheet[1:] == [
        [opinion.pk, "東京都 千代田区", *["—"] * 7],
        [opinion.pk, "東京都 港区", *["—"] * 7],
        [opinion.pk, "大阪府 北区", 5, 5, 0, 0, 100, 0, 0],
    ]


def test_withheld_groups_holding_too_few_together_are_not_named(client, topic, analyst):
    opinion = OpinionFactory(page=topic)
    _votes(opinion, "disagree", 3, prefecture="16")
    _votes(opinion, "agree", 1, prefecture="01")

    report = consensus_report(topic=topic, dimension=PREFECTURE, minimum=5)
    figures = report.opinions[0]

    assert figures.shown_groups == []
    assert figures.hidden_labels == "—（少数のため非表示）"
    assert breakdown_rows(report)[1] == [[opinion.pk, "—（少数のため非表示）", *["—"] * 7]]
    assert [row.label for row in report.participation.voters_by[PREFECTURE]] == [
        "—（少数のため非表示）",
        "—（少数のため非表示）",
    ]
    page = client.get(reverse("consensus:report", args=[topic.pk]) + "?by=prefecture")
    body = page.content.decode()
    assert "富山県" not in body and "北海道" not in body
    assert "—（少数のため非表示）" in body


def test_regions_of_a_withheld_prefecture_are_withheld_too(topic):
    opinion = OpinionFactory(page=topic)
    a, b = (RegionFactory(prefecture="13", name=n) for n in ("千代田区", "港区"))
    sapporo = RegionFactory(prefecture="01", name="札幌市")
    toyama = RegionFactory(prefecture="16", name="富山市")
    _votes(opinion, "agree", 6, prefecture="13", region=a)
    _votes(opinion, "agree", 14, prefecture="13", region=b)
    _votes(opinion, "disagree", 2, prefecture="01", region=sapporo)
    _votes(opinion, "agree", 7, prefecture="16", region=toyama)

    by_prefecture = consensus_report(topic=topic, dimension=PREFECTURE, minimum=5).opinions[0]
    by_region = consensus_report(topic=topic, dimension=REGION, minimum=5).opinions[0]

    # Hokkaido (2) is withheld with Toyama (7); showing 富山市 (7) would give Hokkaido away
    assert _shown(by_prefecture.groups) == {"13": (20, 0, 0)}
    assert _shown(by_region.groups) == {a.pk: (6, 0, 0), b.pk: (14, 0, 0)}
    assert by_region.hidden_labels == "—（少数のため非表示）、富山県 富山市"
