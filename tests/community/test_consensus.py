"""The consensus report (意見交換レポート): every figure against small hand-counted votes,
withheld groups (and that they cannot be worked out from the totals), how opinions are grouped at
the thresholds' edges, the exports, who reaches each staff URL, and queries that do not grow
with votes."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.consensus import (
    CONSENSUS,
    DIVIDED,
    OTHER,
    PREFECTURE,
    REGION,
    STAKEHOLDER_TYPE,
    TOO_FEW,
    UNCERTAIN,
    GroupRow,
    Tally,
    Thresholds,
    breakdown_rows,
    classify,
    consensus_report,
    generalised_profiles,
    topic_list,
    vote_rows,
    withhold_small_groups,
)
from community.models import CommentStatus, OpinionVote, Stance
from tests.factories import (
    MemberFactory,
    OpinionFactory,
    RegionFactory,
    StaffUserFactory,
    TopicIndexPageFactory,
    TopicPageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

JST = ZoneInfo("Asia/Tokyo")
DAY_ONE = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=JST)
DAY_THREE = datetime.datetime(2026, 11, 4, 0, 30, tzinfo=JST)  # 11-03 15:30 UTC


@pytest.fixture
def topic(home_page):
    return TopicPageFactory(parent=TopicIndexPageFactory(parent=home_page))


def _votes(opinion, choice, count, *, kind="resident", prefecture="13", region=None, at=DAY_ONE):
    """`count` votes of `choice` on `opinion`, each by a new member with this profile."""
    members = UserFactory.create_batch(count)
    OpinionVote.objects.bulk_create(
        OpinionVote(
            opinion=opinion,
            member=member,
            choice=choice,
            stakeholder_type=kind,
            prefecture=prefecture,
            region=region,
            created_at=at,
            updated_at=at,
        )
        for member in members
    )
    return members


@pytest.fixture
def opinions(topic):
    """Five opinions with hand-counted votes (minimum group 5, at least 10 votes to classify):

    - consensus: residents 6 agree + 1 disagree; businesses 4 agree + 1 pass; municipal staff
      2 disagree → 10 / 3 / 1 of 14. Municipal (2) is withheld, and businesses (5) with it.
    - divided: residents 9 agree + 1 pass (90%); businesses 2 agree, 1 disagree, 2 pass (40%)
      → 11 / 1 / 3 of 15, 50 points apart.
    - uncertain: 3 agree, 3 disagree, 4 pass (also both sides ≥ 30%: passing comes first).
    - other: 5 agree, 2 disagree, 3 pass.
    - too few: 3 agree.
    """
    made = {}
    for key in ("consensus", "divided", "uncertain", "other", "too_few"):
        made[key] = OpinionFactory(page=topic, body_source=f"{key}の意見", created_at=DAY_ONE)
    _votes(made["consensus"], "agree", 6)
    _votes(made["consensus"], "disagree", 1)
    _votes(made["consensus"], "agree", 4, kind="business")
    _votes(made["consensus"], "pass", 1, kind="business")
    _votes(made["consensus"], "disagree", 2, kind="municipal")
    _votes(made["divided"], "agree", 9)
    _votes(made["divided"], "pass", 1)
    _votes(made["divided"], "agree", 2, kind="business")
    _votes(made["divided"], "disagree", 1, kind="business")
    _votes(made["divided"], "pass", 2, kind="business", at=DAY_THREE)
    _votes(made["uncertain"], "agree", 3)
    _votes(made["uncertain"], "disagree", 3)
    _votes(made["uncertain"], "pass", 4)
    _votes(made["other"], "agree", 5)
    _votes(made["other"], "disagree", 2)
    _votes(made["other"], "pass", 3)
    _votes(made["too_few"], "agree", 3)
    return made


def _figures(report, opinion):
    return next(f for f in report.opinions if f.opinion.pk == opinion.pk)


def _shown(rows):
    return {
        row.key: (row.tally.agree, row.tally.disagree, row.tally.passed)
        for row in rows
        if not row.hidden
    }


# --- Figures ------------------------------------------------------------------------------------


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


# --- Groups of opinions ---------------------------------------------------------------------


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


# --- Exports ------------------------------------------------------------------------------------


@pytest.fixture
def analyst(client):
    analyst = StaffUserFactory(groups=["Analysts"])
    client.force_login(analyst)
    return analyst


def _csv(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_opinions_csv_has_a_bom_japanese_headers_and_the_figures(client, topic, opinions, analyst):
    response = client.get(reverse("consensus:opinions_csv", args=[topic.pk]))

    rows = _csv(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert rows[0][:5] == ["意見ID", "投稿日時", "立場", "投稿者", "意見"]
    assert rows[0][5:] == [
        "賛成",
        "反対",
        "パス",
        "票数",
        "賛成（%）",
        "反対（%）",
        "パス（%）",
        "グループ",
    ]
    consensus = next(row for row in rows if row[0] == str(opinions["consensus"].pk))
    assert consensus[2] == "賛成"
    assert consensus[5:] == ["10", "3", "1", "14", "71.4", "21.4", "7.1", "多くの人が賛成"]


def test_an_opinion_written_as_a_formula_is_never_run(client, topic, analyst):
    OpinionFactory(
        page=topic, body_source='=HYPERLINK("http://example.com")', stance=Stance.NEUTRAL
    )

    rows = _csv(client.get(reverse("consensus:opinions_csv", args=[topic.pk])))
    workbook = openpyxl.load_workbook(
        io.BytesIO(
            b"".join(
                client.get(reverse("consensus:opinions_xlsx", args=[topic.pk])).streaming_content
            )
        )
    )

    assert rows[1][4].startswith("'=HYPERLINK")
    cell = workbook["意見"]["E2"]
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"


def test_opinions_xlsx_holds_the_opinions_and_the_breakdown_without_withheld_figures(
    client, topic, opinions, analyst
):
    response = client.get(reverse("consensus:opinions_xlsx", args=[topic.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))

    assert workbook.sheetnames == ["意見", "クロス集計"]
    sheet = [list(row) for row in workbook["クロス集計"].iter_rows(values_only=True)]
    assert sheet[0] == [
        "意見ID",
        "立場",
        "票数",
        "賛成",
        "反対",
        "パス",
        "賛成（%）",
        "反対（%）",
        "パス（%）",
    ]
    consensus = [row for row in sheet if row[0] == opinions["consensus"].pk]
    assert consensus == [
        [opinions["consensus"].pk, "住民", 7, 6, 1, 0, 85.7, 14.3, 0],
        [opinions["consensus"].pk, "地元企業・事業者", *["—"] * 7],
        [opinions["consensus"].pk, "自治体職員", *["—"] * 7],
    ]


def test_votes_export_coarsens_profiles_shared_by_too_few(client, topic, analyst):
    first, second, third = (
        RegionFactory(prefecture="13", name=n) for n in ("千代田区", "港区", "新宿区")
    )
    opinion = OpinionFactory(page=topic)
    _votes(opinion, "agree", 7, region=first)
    _votes(opinion, "disagree", 6, region=second)
    _votes(opinion, "pass", 3, region=third)
    _votes(opinion, "agree", 1)
    _votes(opinion, "agree", 5, kind="business", prefecture="27")
    _votes(opinion, "disagree", 2, kind="municipal")

    rows = _csv(client.get(reverse("consensus:votes_csv", args=[topic.pk])))

    assert rows[0] == ["意見ID", "投票", "立場", "都道府県", "市区町村・地域"]
    profiles = {}
    for row in rows[1:]:
        profiles[tuple(row[2:5])] = profiles.get(tuple(row[2:5]), 0) + 1
    # 港区 (6) joins 新宿区 (3) and no region (1) so that those blanked are at least 5;
    # businesses (5) join municipal staff (2) for the same reason
    assert profiles == {
        ("住民", "東京都", "東京都 千代田区"): 7,
        ("住民", "東京都", ""): 10,
        ("", "", ""): 7,
    }
    body = "".join(",".join(row) for row in rows)
    assert "member" not in body and "@" not in body


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


def test_votes_xlsx_is_one_sheet_of_votes(client, topic, opinions, analyst):
    response = client.get(reverse("consensus:votes_xlsx", args=[topic.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))

    rows = list(workbook["投票一覧"].iter_rows(values_only=True))
    assert rows[0] == ("意見ID", "投票", "立場", "都道府県", "市区町村・地域")
    assert len(rows) == 1 + 52


# --- Who reaches the screens ------------------------------------------------------------------


def _urls(topic):
    urls = [reverse("consensus:index")]
    names = ["report", "opinions_csv", "opinions_xlsx", "votes_csv", "votes_xlsx"]
    return urls + [reverse(f"consensus:{name}", args=[topic.pk]) for name in names]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("member", 302),
        ("Editors", 403),
        ("Analysts", 200),
        ("Moderators", 200),
        ("superuser", 200),
    ],
)
def test_permission_matrix_of_every_report_url(client, topic, opinions, role, status):
    if role == "member":
        client.force_login(MemberFactory(email_verified=True))
    elif role == "superuser":
        client.force_login(StaffUserFactory(is_superuser=True))
    elif role != "anonymous":
        client.force_login(StaffUserFactory(groups=[role]))

    for url in _urls(topic):
        response = client.get(url)
        assert response.status_code == status, url
        if status == 302:
            assert response["Location"].startswith(reverse("account_login")), url
        if status != 200:
            assert "consensusの意見" not in response.content.decode(errors="replace"), url


def test_the_menu_item_is_shown_to_those_who_may_read_reports(rf, topic):
    from wagtail.admin.menu import admin_menu

    def labels(user):
        request = rf.get("/admin/")
        request.user = user
        return [str(item.label) for item in admin_menu.menu_items_for_request(request)]

    assert "意見交換レポート" not in labels(StaffUserFactory(groups=["Editors"]))
    assert "意見交換レポート" in labels(StaffUserFactory(groups=["Moderators"]))
    assert "意見交換レポート" in labels(StaffUserFactory(groups=["Analysts"]))


def test_the_report_page_shows_groups_thresholds_and_withheld_cells(
    client, topic, opinions, analyst
):
    html = client.get(reverse("consensus:report", args=[topic.pk])).content.decode()

    for heading in ("多くの人が賛成", "判断が分かれる", "意見が分かれる"):
        assert heading in html
    assert 'name="agree" value="60"' in html and 'name="pass" value="40"' in html
    assert "consensusの意見" in html and "71.4%" in html
    assert 'class="results-hidden"' in html
    assert 'role="img"' in html  # the charts


def test_the_topic_list_links_to_each_report(client, topic, opinions, analyst):
    html = client.get(reverse("consensus:index")).content.decode()

    assert topic.title in html
    assert reverse("consensus:report", args=[topic.pk]) in html


# --- Queries ------------------------------------------------------------------------------------


def _report_queries(client, topic):
    url = reverse("consensus:report", args=[topic.pk])
    client.get(url, {"by": "region"})  # caches (site, settings, permissions) warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"by": "region"})
    assert response.status_code == 200
    return [query["sql"] for query in queries]


def test_queries_do_not_grow_with_votes(client, topic, analyst):
    region = RegionFactory(prefecture="13", name="八王子市")
    opinions = [OpinionFactory(page=topic) for _ in range(3)]
    for opinion in opinions:
        _votes(opinion, "agree", 3, region=region)
    _votes(opinions[0], "disagree", 1, kind="business")
    few = _report_queries(client, topic)

    kinds = ["resident", "business", "municipal", "student"]
    for index, opinion in enumerate(opinions):
        for kind in kinds:
            _votes(opinion, ["agree", "disagree", "pass"][index], 16, kind=kind, region=region)
    assert OpinionVote.objects.count() == 10 + 3 * 4 * 16
    many = _report_queries(client, topic)

    assert len(few) == len(many), "\n".join(set(many) ^ set(few))


def test_a_topic_page_in_the_admin_links_to_its_report(client, topic):
    report = reverse("consensus:report", args=[topic.pk])
    edit = reverse("wagtailadmin_pages:edit", args=[topic.pk])

    client.force_login(StaffUserFactory(is_superuser=True))
    assert report in client.get(edit).content.decode()

    client.force_login(StaffUserFactory(groups=["Editors"]))
    assert report not in client.get(edit).content.decode()


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


def test_not_given_is_no_stakeholder_group_in_classification():
    resident = GroupRow(key="resident", label="住民", size=10, tally=Tally(9, 1, 0))
    not_given = GroupRow(key="__none__", label="未設定", size=5, tally=Tally(0, 5, 0))

    # 9 of 15 agree (60%): every stakeholder group agrees, 未設定 is not one
    category, spread = classify(Tally(9, 6, 0), [resident, not_given], Thresholds())

    assert (category, spread) == (CONSENSUS, None)


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
