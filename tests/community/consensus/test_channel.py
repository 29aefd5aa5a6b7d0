"""Channel in the consensus report: votes come from members on the web, so a vote's channel is
that of the opinion it is cast on; opinions staff keyed in count one sender each. Filter,
breakdown, participation with small groups withheld as for every dimension, and the exports."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from community.consensus.dimensions import CHANNEL
from community.consensus.report import consensus_report
from community.models import Comment
from tests.community.consensus.votes import DAY_ONE, _figures, _votes

pytestmark = pytest.mark.django_db


def _keyed_in(topic, channel, count):
    return [
        Comment.objects.create(
            page=topic,
            author=None,
            channel=channel,
            body_source=f"{channel}の意見{n}",
            body_html=f"<p>{channel}の意見{n}</p>",
            created_at=DAY_ONE,
        )
        for n in range(count)
    ]


@pytest.fixture
def keyed_in(topic, opinions):
    """Besides the five members' opinions (five authors, on the web): six letters (post), seven
    sheets (paper), two at the counter. The first letter has 5 agree and 1 pass."""
    made = {
        "post": _keyed_in(topic, "post", 6),
        "paper": _keyed_in(topic, "paper", 7),
        "counter": _keyed_in(topic, "counter", 2),
    }
    _votes(made["post"][0], "agree", 5)
    _votes(made["post"][0], "pass", 1)
    return made


def test_opinion_senders_by_channel_withhold_the_small_ones(topic, keyed_in):
    participation = consensus_report(topic=topic, dimension=CHANNEL).participation

    rows = {row.key: (row.size, row.hidden) for row in participation.authors_by[CHANNEL]}
    # the counter's 2 are withheld, and with them the smallest other group (the web's 5)
    assert rows == {
        "web": (None, True),
        "paper": (7, False),
        "counter": (None, True),
        "post": (6, False),
    }
    assert participation.authors == 5 + 6 + 7 + 2


def test_voters_by_channel_count_members_voting_on_each_channels_opinions(topic, keyed_in):
    participation = consensus_report(topic=topic, dimension=CHANNEL).participation

    rows = {row.key: row.size for row in participation.voters_by[CHANNEL]}

    assert rows == {"web": 52, "post": 6}


def test_the_breakdown_by_channel_puts_each_opinions_votes_under_its_channel(
    topic, opinions, keyed_in
):
    report = consensus_report(topic=topic, dimension=CHANNEL)

    letter = _figures(report, keyed_in["post"][0]).groups
    too_few = _figures(report, opinions["too_few"]).groups
    assert [(g.label, g.tally.agree, g.tally.passed) for g in letter] == [("郵送・メール", 5, 1)]
    assert [(g.label, g.hidden, g.size) for g in too_few] == [("—（少数のため非表示）", True, None)]


def test_the_filter_keeps_the_opinions_of_one_channel(topic, keyed_in):
    report = consensus_report(topic=topic, channel="post")

    assert [f.opinion.pk for f in report.opinions] == [c.pk for c in keyed_in["post"]]
    assert report.votes == 6
    assert report.participation.authors == 20  # participation stays the whole topic's


def test_the_report_page_offers_the_channel_filter_in_japanese(client, topic, keyed_in, analyst):
    url = reverse("consensus:report", args=[topic.pk])

    html = client.get(url, {"by": "channel", "channel": "paper"}).content.decode()

    assert "意見の受付方法" in html
    assert '<option value="paper" selected>紙</option>' in html
    assert "by=channel&amp;channel=paper" in html  # the exports keep the choice


def test_the_opinions_export_carries_the_channel_and_the_attribution(
    client, topic, keyed_in, analyst
):
    response = client.get(reverse("consensus:opinions_csv", args=[topic.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))

    assert rows[0][-1] == "受付方法"
    letter = next(row for row in rows if row[0] == str(keyed_in["post"][0].pk))
    assert (letter[3], letter[-1]) == ("郵送でいただいたご意見", "郵送・メール")
    member = next(row for row in rows[1:] if row[-1] == "Web")
    assert member[3] != "郵送でいただいたご意見"


def test_the_breakdown_sheet_by_channel_names_it(client, topic, keyed_in, analyst):
    response = client.get(reverse("consensus:opinions_xlsx", args=[topic.pk]), {"by": "channel"})
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))

    sheet = [list(row) for row in workbook["クロス集計"].iter_rows(values_only=True)]
    assert sheet[0][1] == "受付方法"
    letter = [row for row in sheet if row[0] == keyed_in["post"][0].pk]
    assert letter == [[keyed_in["post"][0].pk, "郵送・メール", 6, 5, 0, 1, 83.3, 0, 16.7]]
