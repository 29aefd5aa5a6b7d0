"""The report's exports (community.consensus.exports): opinions and their breakdown, and the
votes, as CSV and Excel."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from community.models import Stance
from tests.community.consensus.votes import _votes
from tests.factories import OpinionFactory, RegionFactory

pytestmark = pytest.mark.django_db


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
        "受付方法",
    ]
    consensus = next(row for row in rows if row[0] == str(opinions["consensus"].pk))
    assert consensus[2] == "賛成"
    assert consensus[5:] == [
        "10",
        "3",
        "1",
        "14",
        "71.4",
        "21.4",
        "7.1",
        "多くの人が賛成",
        "Web",
    ]


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


def test_votes_xlsx_is_one_sheet_of_votes(client, topic, opinions, analyst):
    response = client.get(reverse("consensus:votes_xlsx", args=[topic.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))

    rows = list(workbook["投票一覧"].iter_rows(values_only=True))
    assert rows[0] == ("意見ID", "投票", "立場", "都道府県", "市区町村・地域")
    assert len(rows) == 1 + 52
