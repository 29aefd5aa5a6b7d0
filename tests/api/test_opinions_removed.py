"""/api/v1/opinions/removed/: which opinions a copy made from /api/v1/opinions/ must forget,
and when they were taken down — never their text."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.models import Comment, CommentStatus
from community.services.comments import comment_delete
from community.services.moderation import comment_hide
from community.services.topics import topic_close
from tests.factories import (
    OpinionFactory,
    StaffUserFactory,
    TopicIndexPageFactory,
    TopicPageFactory,
    established_member,
)

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - timedelta(days=30)


@pytest.fixture
def topic_index(home_page):
    return TopicIndexPageFactory(parent=home_page)


@pytest.fixture
def topic(topic_index):
    return TopicPageFactory(parent=topic_index)


def _ids(client, url, **params):
    return [item["id"] for item in client.get(url, params).json()["results"]]


def test_a_hidden_or_deleted_opinion_leaves_the_list_and_is_named_as_removed(client, topic):
    member, moderator = established_member(), StaffUserFactory(groups=["Moderators"])
    kept = OpinionFactory(page=topic, changed_at=LONG_AGO)
    hidden = OpinionFactory(
        page=topic, body_source="電話番号は090-0000-0000です", changed_at=LONG_AGO
    )
    deleted = OpinionFactory(page=topic, author=member, changed_at=LONG_AGO)
    since = timezone.now().isoformat()

    comment_hide(comment=hidden, moderator=moderator, reason="個人情報")
    comment_delete(comment=deleted, actor=member)

    assert _ids(client, "/api/v1/opinions/") == [kept.pk]
    response = client.get("/api/v1/opinions/removed/", {"updated_since": since})
    assert [(item["id"], item["topic_id"]) for item in response.json()["results"]] == [
        (hidden.pk, topic.pk),
        (deleted.pk, topic.pk),
    ]
    assert set(response.json()["results"][0]) == {"id", "topic_id", "removed_at"}
    assert b"090-0000-0000" not in response.content


def test_an_opinion_sent_back_for_review_is_named_as_removed(client, topic):
    opinion = OpinionFactory(page=topic, changed_at=LONG_AGO)
    since = timezone.now().isoformat()

    Comment.objects.filter(pk=opinion.pk).update(
        status=CommentStatus.PENDING, changed_at=timezone.now()
    )

    assert _ids(client, "/api/v1/opinions/") == []
    assert _ids(client, "/api/v1/opinions/removed/", updated_since=since) == [opinion.pk]


def test_closing_a_topic_does_not_move_what_was_taken_down(client, topic):
    hidden = OpinionFactory(page=topic, status=CommentStatus.HIDDEN, changed_at=LONG_AGO)
    since = timezone.now().isoformat()

    topic_close(topic=topic, actor=StaffUserFactory(groups=["Moderators"]), conclusion="まとめ")

    assert _ids(client, "/api/v1/opinions/removed/", updated_since=since) == []
    assert hidden.pk in _ids(client, "/api/v1/opinions/removed/")


def test_a_removed_opinion_on_a_topic_no_longer_public_is_not_named(client, topic_index):
    draft = TopicPageFactory(parent=topic_index, live=False)
    OpinionFactory(page=draft, status=CommentStatus.HIDDEN)

    assert _ids(client, "/api/v1/opinions/removed/") == []
