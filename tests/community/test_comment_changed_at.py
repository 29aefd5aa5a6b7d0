"""Comment.changed_at: every write that changes what a reader sees of a comment moves it, in the
same write (the public API orders opinions by it and harvests them with `updated_since`)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.models import Comment, CommentStatus
from community.services.comments import comment_create, comment_delete, comment_edit
from community.services.likes import like_toggle
from community.services.members import member_delete, member_profile_update
from community.services.moderation import comment_hide, comment_restore
from community.services.reports import comment_report
from community.services.topics import opinion_vote, topic_close
from tests.factories import (
    OpinionFactory,
    TopicPageFactory,
    established_member,
)

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - timedelta(days=400)


@pytest.fixture
def topic(topic_index):
    return TopicPageFactory(parent=topic_index)


@pytest.fixture
def opinion(topic, member):
    return OpinionFactory(page=topic, author=member, changed_at=LONG_AGO, created_at=LONG_AGO)


def changed_recently(comment):
    comment.refresh_from_db(fields=["changed_at"])
    return comment.changed_at > timezone.now() - timedelta(minutes=1)


def test_a_new_comment_is_changed_when_it_is_posted(topic, member):
    comment = comment_create(author=member, page=topic, body="賛成です。", stance="agree")

    assert comment.changed_at == comment.created_at


def test_an_edit_moves_it(opinion, member):
    comment_edit(comment=opinion, editor=member, body="書き直しました。")

    assert changed_recently(opinion)


def test_a_deletion_moves_it(opinion, member):
    comment_delete(comment=opinion, actor=member)

    assert changed_recently(opinion)


def test_hiding_and_restoring_move_it(opinion, moderator):
    comment_hide(comment=opinion, moderator=moderator, reason="個人情報")
    assert changed_recently(opinion)
    Comment.objects.filter(pk=opinion.pk).update(changed_at=LONG_AGO)

    comment_restore(comment=opinion, moderator=moderator)

    assert changed_recently(opinion)


def test_being_hidden_by_reports_moves_it(opinion):
    # three reports: the default DiscussionSettings.report_threshold
    for _ in range(3):
        comment_report(comment=opinion, reporter=established_member(), reason="spam")

    opinion.refresh_from_db()
    assert opinion.status == CommentStatus.HIDDEN
    assert changed_recently(opinion)


def test_a_vote_moves_it(opinion):
    opinion_vote(member=established_member(), opinion=opinion, choice="agree")

    assert changed_recently(opinion)


def test_a_like_moves_it(opinion):
    like_toggle(member=established_member(), comment=opinion)

    assert changed_recently(opinion)


def test_closing_the_topic_moves_its_opinions_whose_counts_everyone_then_sees(
    topic, opinion, moderator
):
    closure = topic_close(topic=topic, actor=moderator, conclusion="ありがとうございました。")

    opinion.refresh_from_db()
    assert opinion.changed_at == closure.closed_at


def test_leaving_moves_their_opinions_which_lose_their_name(opinion, member):
    member_delete(member=member)

    assert changed_recently(opinion)


def test_a_new_nickname_moves_their_opinions_but_a_new_bio_does_not(opinion, member):
    fields = {
        "member": member,
        "display_name": member.display_name,
        "bio": "自己紹介を書き直しました。",
        "stakeholder_type": member.stakeholder_type,
        "prefecture": member.prefecture,
        "region": member.region,
        "region_name": member.region_name,
        "stakeholder_type_public": member.stakeholder_type_public,
        "region_public": member.region_public,
    }
    member_profile_update(**fields)
    assert not changed_recently(opinion)

    member_profile_update(**{**fields, "display_name": "新しい名前"})

    assert changed_recently(opinion)
