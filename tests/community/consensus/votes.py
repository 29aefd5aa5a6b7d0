"""Votes cast by hand for the consensus report's tests, and reading an opinion's figures back."""

import datetime
from zoneinfo import ZoneInfo

from community.models import OpinionVote
from tests.factories import UserFactory

JST = ZoneInfo("Asia/Tokyo")
DAY_ONE = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=JST)
DAY_THREE = datetime.datetime(2026, 11, 4, 0, 30, tzinfo=JST)  # 11-03 15:30 UTC


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


def _figures(report, opinion):
    return next(f for f in report.opinions if f.opinion.pk == opinion.pk)


def _shown(rows):
    return {
        row.key: (row.tally.agree, row.tally.disagree, row.tally.passed)
        for row in rows
        if not row.hidden
    }
