"""The engine's run read by the report: votes with three planted groups, computed and stored by
community.consensus.groups.runs, then read by groups.report as staff and a member see it."""

import math

import pytest
from django.urls import reverse

from community.consensus.groups.report import groups_report, latest_run
from community.consensus.groups.runs import opinion_groups_compute
from community.models import OpinionVote
from tests.community.consensus.planted import planted_votes
from tests.factories import OpinionFactory, UserFactory

pytestmark = pytest.mark.django_db

CHOICES = {1.0: "agree", -1.0: "disagree", 0.0: "pass"}


def test_a_computed_run_is_shown_with_its_groups_and_opinions(client, topic, analyst):
    planted = planted_votes(7, sizes=(20, 16, 12), missing=0.1)
    opinions = [
        OpinionFactory(page=topic, body_source=f"意見{n}") for n in range(planted.votes.shape[1])
    ]
    members = UserFactory.create_batch(len(planted.votes), stakeholder_type="resident")
    OpinionVote.objects.bulk_create(
        OpinionVote(opinion=opinions[j], member=members[i], choice=CHOICES[value])
        for i, row in enumerate(planted.votes)
        for j, value in enumerate(row)
        if not math.isnan(value)
    )

    run = opinion_groups_compute(topic_id=topic.pk)
    report = groups_report(topic=topic, run=latest_run(topic=topic), minimum=5)

    assert run.group_count == 3
    assert sorted(group.size for group in report.groups) == [12, 16, 20]
    assert all(len(group.dots) == group.size for group in report.groups)
    assert all(o.text.startswith("意見") for g in report.groups for o in g.representative)
    assert report.consensus
    html = client.get(reverse("consensus:report", args=[topic.pk])).content.decode()
    assert "グループA" in html and "グループC" in html and "20人" in html
