"""Likes (community.services.likes)."""

import pytest

from community.models import CommentStatus
from community.services.likes import like_toggle
from tests.community.comment_checks import _refused
from tests.factories import CommentFactory, MemberFactory, established_member


def test_a_like_toggles_and_is_counted(member, article):
    comment = CommentFactory(page=article)

    assert like_toggle(member=member, comment=comment) == (True, 1)
    assert like_toggle(member=established_member(), comment=comment) == (True, 2)
    assert like_toggle(member=member, comment=comment) == (False, 1)
    comment.refresh_from_db()
    assert comment.like_count == 1


def test_pages_are_liked_too(member, article):
    assert like_toggle(member=member, page=article) == (True, 1)
    assert like_toggle(member=member, page=article) == (False, 0)


def test_a_like_needs_exactly_one_target(member, article):
    with pytest.raises(TypeError):
        like_toggle(member=member, comment=CommentFactory(page=article), page=article)
    with pytest.raises(TypeError):
        like_toggle(member=member)


def test_unverified_members_do_not_like(article):
    _refused(
        lambda: like_toggle(member=MemberFactory(), page=article),
        "Confirm your e-mail address before you post.",
    )


def test_a_hidden_comment_cannot_be_liked(member, article):
    comment = CommentFactory(page=article, status=CommentStatus.HIDDEN)

    _refused(
        lambda: like_toggle(member=member, comment=comment), "This comment can no longer be liked."
    )


def test_a_leaving_member_takes_their_likes_off_the_count(member, article):
    comment = CommentFactory(page=article)
    like_toggle(member=member, comment=comment)

    member.delete()

    comment.refresh_from_db()
    assert comment.like_count == 0


pytestmark = pytest.mark.usefixtures("english")
