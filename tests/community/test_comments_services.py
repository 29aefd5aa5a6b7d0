"""Writing comments, editing and deleting them (community.services.comments)."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from community.models import Comment, CommentStatus, DiscussionMode
from community.services import comments as comment_services
from community.services.comments import comment_create, comment_delete, comment_edit
from core.sanitising import HOSTILE_INPUTS
from tests.community.comment_checks import _at, _refused
from tests.factories import (
    CommentFactory,
    PageDiscussionFactory,
    StaffUserFactory,
    established_member,
)

pytestmark = pytest.mark.usefixtures("english")


# --- comment_create: who and where ------------------------------------------------------------


def test_a_verified_member_posts_a_published_top_level_comment(member, article):
    comment = comment_create(author=member, page=article, body="電子申請、賛成です。\n")

    assert comment.status == CommentStatus.PUBLISHED
    assert (comment.depth, comment.parent, comment.root) == (1, None, None)
    assert comment.body_source == "電子申請、賛成です。"
    assert comment.body_html == "電子申請、賛成です。"
    assert not comment.is_official


def test_the_sanitiser_runs_exactly_once(member, article):
    with mock.patch.object(
        comment_services, "plain_text_to_html", wraps=comment_services.plain_text_to_html
    ) as sanitiser:
        comment_create(author=member, page=article, body="詳細はhttps://example.jp/aをご覧ください")

    sanitiser.assert_called_once()


def test_staff_comments_are_official(article):
    staff = StaffUserFactory(groups=["Editors"])

    comment = comment_create(author=staff, page=article, body="運営からのお知らせです。")

    assert comment.is_official


def test_on_a_premoderated_page_a_comment_waits_for_review(member, article):
    PageDiscussionFactory(page=article, mode=DiscussionMode.PREMODERATED)

    comment = comment_create(author=member, page=article, body="こんにちは")

    assert comment.status == CommentStatus.PENDING


def test_on_a_premoderated_page_staff_comments_are_published(article):
    PageDiscussionFactory(page=article, mode=DiscussionMode.PREMODERATED)
    staff = StaffUserFactory(groups=["Moderators"])

    comment = comment_create(author=staff, page=article, body="運営より")

    assert comment.status == CommentStatus.PUBLISHED


# --- comment_create: the text -----------------------------------------------------------------


@pytest.mark.parametrize("body", ["", "   \n\t ", "\u200b\u200b", "\x00\u202e"])
def test_a_comment_with_nothing_visible_is_refused(member, article, body):
    _refused(
        lambda: comment_create(author=member, page=article, body=body),
        "Write a comment before posting.",
    )


def test_a_comment_over_5000_characters_is_refused_with_its_length(member, article):
    _refused(
        lambda: comment_create(author=member, page=article, body="あ" * 5001),
        "A comment can be at most 5,000 characters; this one has 5,001.",
    )


def test_a_comment_of_exactly_5000_characters_is_accepted(member, article):
    assert len(comment_create(author=member, page=article, body="あ" * 5000).body_source) == 5000


def test_odd_unicode_is_stored_safely(member, article):
    body = "a\x00b\u202ec\u2066d\ud800e 👍🏽👨‍👩‍👧 ゼロ\u200b幅"

    comment = comment_create(author=member, page=article, body=body)

    assert comment.body_source == "abcde 👍🏽👨‍👩‍👧 ゼロ\u200b幅"
    assert comment.body_html == comment.body_source
    comment.refresh_from_db()
    assert comment.body_source == "abcde 👍🏽👨‍👩‍👧 ゼロ\u200b幅"


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        '<a href="javascript:alert(1)">リンク</a>',
        "https://example.jp/\"onmouseover='alert(1)'",
        *HOSTILE_INPUTS.values(),
    ],
)
def test_hostile_html_renders_inert(member, article, body):
    comment = comment_create(author=member, page=article, body=body)

    tags = set(re.findall(r"<([a-z]+)", comment.body_html))
    assert tags <= {"a", "br"}
    assert "<script" not in comment.body_html
    for link in re.findall(r"<a [^>]*>", comment.body_html):
        assert re.fullmatch(r'<a href="https?://[^"<>]*" rel="nofollow ugc noopener">', link)


def test_a_url_after_japanese_text_links_exactly_the_url(member, article):
    comment = comment_create(
        author=member, page=article, body="詳細はhttps://example.jp/aをご覧ください"
    )

    assert comment.body_html == (
        '詳細は<a href="https://example.jp/a" rel="nofollow ugc noopener">'
        "https://example.jp/a</a>をご覧ください"
    )


# --- comment_create: where a reply goes -------------------------------------------------------


def test_replies_nest_to_depth_three(member, article):
    top = comment_create(author=member, page=article, body="一")
    second = comment_create(author=established_member(), page=article, body="二", parent=top)
    third = comment_create(author=established_member(), page=article, body="三", parent=second)

    assert (second.parent, second.root, second.depth) == (top, top, 2)
    assert (third.parent, third.root, third.depth, third.in_reply_to) == (second, top, 3, None)


def test_a_reply_to_a_depth_three_comment_stays_at_depth_three_and_names_it(article):
    third = CommentFactory(parent=CommentFactory(parent=CommentFactory(page=article)))

    reply = comment_create(author=established_member(), page=article, body="四", parent=third)

    assert (reply.parent, reply.root, reply.depth) == (third.parent, third.root, 3)
    assert reply.in_reply_to == third


def test_a_reply_must_be_on_the_parents_page(member, article):
    elsewhere = CommentFactory()

    _refused(
        lambda: comment_create(author=member, page=article, body="返信", parent=elsewhere),
        "You can only reply to a comment on the same page.",
    )


@pytest.mark.parametrize("status", [CommentStatus.DELETED, CommentStatus.HIDDEN])
def test_a_deleted_or_hidden_comment_takes_no_reply(member, article, status):
    parent = CommentFactory(page=article, status=status)

    _refused(
        lambda: comment_create(author=member, page=article, body="返信", parent=parent),
        "The comment you are replying to is no longer available.",
    )


# --- comment_edit -----------------------------------------------------------------------------


def test_an_edit_within_the_grace_period_leaves_no_marker_but_keeps_history(member, article):
    comment = CommentFactory(author=member, page=article, body_source="前の文")

    comment_edit(comment=comment, editor=member, body="<b>新しい文</b>")

    comment.refresh_from_db()
    assert comment.body_source == "<b>新しい文</b>"
    assert comment.body_html == "&lt;b&gt;新しい文&lt;/b&gt;"
    assert comment.edited_at is None
    assert list(comment.revisions.values_list("body_source", flat=True)) == ["前の文"]


def test_an_edit_after_the_grace_period_is_marked(member, article):
    comment = CommentFactory(author=member, page=article)
    later = comment.created_at + timedelta(minutes=5, seconds=1)

    with _at(later):
        comment_edit(comment=comment, editor=member, body="直しました")

    assert comment.edited_at == later


def test_only_the_author_edits(member, moderator, article):
    comment = CommentFactory(author=member, page=article)
    for someone in (established_member(), moderator, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            comment_edit(comment=comment, editor=someone, body="書き換え")


def test_a_deleted_comment_cannot_be_edited(member, article):
    comment = CommentFactory(author=member, page=article, status=CommentStatus.DELETED)

    _refused(
        lambda: comment_edit(comment=comment, editor=member, body="復活"),
        "A deleted comment cannot be edited.",
    )


# --- comment_delete ---------------------------------------------------------------------------


def test_deleting_keeps_the_replies_and_moves_the_text_to_the_history(member, article):
    comment = CommentFactory(author=member, page=article, body_source="消したい文")
    reply = CommentFactory(parent=comment)

    comment_delete(comment=comment, actor=member)

    comment.refresh_from_db()
    assert comment.status == CommentStatus.DELETED
    assert (comment.body_source, comment.body_html) == ("", "")
    assert list(comment.revisions.values_list("body_source", flat=True)) == ["消したい文"]
    assert Comment.objects.get(pk=reply.pk).parent == comment


def test_a_moderator_may_delete_anyones_comment(moderator, article):
    comment = CommentFactory(page=article)

    comment_delete(comment=comment, actor=moderator)

    assert comment.status == CommentStatus.DELETED


def test_another_member_may_not_delete(member, article):
    comment = CommentFactory(page=article)

    with pytest.raises(PermissionDenied):
        comment_delete(comment=comment, actor=member)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
