"""Opinion groups stored as runs: the background task reads a topic's votes, stores the run and
every voter's position; a vote enqueues it only when enough new votes arrived (the debounce)."""

from types import SimpleNamespace

import numpy as np
import pytest
from django.core.cache import cache

from community import tasks
from community.consensus.groups import schedule
from community.consensus.groups.matrix import topic_matrix
from community.consensus.groups.schedule import opinion_groups_vote_recorded, pending_key
from community.models import CommentStatus, OpinionGroupRun, OpinionVote, VoteChoice
from community.services.topics import opinion_vote
from tests.community.consensus.planted import planted_votes
from tests.factories import (
    OpinionFactory,
    TopicIndexPageFactory,
    TopicPageFactory,
    UserFactory,
    established_member,
)

CHOICES = {1.0: VoteChoice.AGREE, -1.0: VoteChoice.DISAGREE, 0.0: VoteChoice.PASS}


@pytest.fixture
def topic(home_page):
    return TopicPageFactory(parent=TopicIndexPageFactory(parent=home_page))


def _cast(topic, votes):
    """Members and opinions for the dense `votes` array, its votes written in bulk."""
    members = UserFactory.create_batch(len(votes))
    opinions = [OpinionFactory(page=topic) for _ in range(votes.shape[1])]
    OpinionVote.objects.bulk_create(
        OpinionVote(opinion=opinions[j], member=members[i], choice=CHOICES[votes[i, j]])
        for i, j in np.argwhere(~np.isnan(votes))
    )
    return members, opinions


@pytest.fixture
def planted(topic):
    planted = planted_votes(
        11, sizes=(25, 20, 15), own=5, agreed=2, disagreed=1, noise=3, flip=0.05, missing=0.2
    )
    votes = np.vstack([planted.votes, np.full((2, planted.votes.shape[1]), np.nan)])
    votes[-2:, :3] = 1.0  # two members who voted on three opinions only
    members, opinions = _cast(topic, votes)
    return planted, members, opinions


def test_the_task_stores_a_run_with_every_voters_position(topic, planted):
    planted, members, opinions = planted

    tasks.opinion_groups_compute.enqueue(topic_id=topic.pk)

    run = OpinionGroupRun.objects.get(topic=topic)
    assert run.vote_count == OpinionVote.objects.count()
    assert (run.opinion_count, run.participant_count, run.group_count) == (len(opinions), 60, 3)
    assert run.silhouette > 0.5
    assert run.published_at is None
    assert [g["index"] for g in run.summary["groups"]] == [0, 1, 2]
    assert [g["size"] for g in run.summary["groups"]] == [25, 20, 15]
    assert run.summary["last_vote_id"] == OpinionVote.objects.order_by("pk").last().pk
    positions = {p.member_id: p for p in run.positions.all()}
    assert len(positions) == len(members)
    found = [positions[member.pk].group_index for member in members[:60]]
    assert found == planted.truth.tolist()  # the largest group is 0: the planted order
    assert positions[members[-1].pk].group_index is None
    assert positions[members[-2].pk].group_index is None


def test_the_matrix_is_one_query_over_published_opinions_and_linked_votes(
    topic, planted, django_assert_num_queries
):
    _planted, members, opinions = planted
    opinions[0].status = CommentStatus.HIDDEN
    opinions[0].save()
    members[0].delete()  # their votes stay, unlinked

    with django_assert_num_queries(1):
        matrix = topic_matrix(topic)

    assert opinions[0].pk not in matrix.opinion_ids
    assert members[0].pk not in matrix.member_ids
    assert len(matrix.member_ids) == len(members) - 1


def test_a_vote_enqueues_the_groups_only_when_enough_new_votes_arrived(
    topic, django_capture_on_commit_callbacks
):
    opinion = OpinionFactory(page=topic)
    voters = [established_member() for _ in range(21)]

    with django_capture_on_commit_callbacks(execute=True):
        opinion_vote(member=voters[0], opinion=opinion, choice="agree")  # no run yet
    assert OpinionGroupRun.objects.filter(topic=topic).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        for voter in voters[1:20]:  # 19 new votes: one fewer than the 20 needed
            opinion_vote(member=voter, opinion=opinion, choice="disagree")
        opinion_vote(member=voters[1], opinion=opinion, choice="agree")  # a change is no new vote
    assert OpinionGroupRun.objects.filter(topic=topic).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        opinion_vote(member=voters[20], opinion=opinion, choice="pass")
    runs = OpinionGroupRun.objects.filter(topic=topic).order_by("computed_at", "pk")
    assert [run.vote_count for run in runs] == [1, 21]
    assert cache.get(pending_key(topic.pk)) is None


def test_one_computation_waits_at_a_time(topic, monkeypatch):
    OpinionFactory(page=topic)
    enqueued = []
    waiting = SimpleNamespace(enqueue=lambda **kwargs: enqueued.append(kwargs))
    monkeypatch.setattr(schedule, "tasks", SimpleNamespace(opinion_groups_compute=waiting))

    assert opinion_groups_vote_recorded(topic_id=topic.pk)
    assert not opinion_groups_vote_recorded(topic_id=topic.pk)
    assert enqueued == [{"topic_id": topic.pk}]
