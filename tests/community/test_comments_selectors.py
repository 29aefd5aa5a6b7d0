"""Reading comment threads and counts (community.selectors.comments, .comment_section)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from community.models import CommentStatus, Like
from community.selectors.comment_section import comment_section_get
from community.selectors.comments import comment_counts, comment_page_number, comment_thread
from tests.factories import ArticlePageFactory, CommentFactory, MemberFactory, StaffUserFactory


@pytest.fixture
def viewer(db):
    return MemberFactory(email_verified=True)


def _ago(minutes):
    return timezone.now() - timedelta(minutes=minutes)


def _thread_of(top_level_count, *, article, viewer):
    """`top_level_count` comments, each with a reply and a reply to that, by members who show
    their stakeholder type and region; the viewer likes all."""
    public = {"author__stakeholder_type_public": True, "author__region_public": True}
    for _ in range(top_level_count):
        third = CommentFactory(
            parent=CommentFactory(parent=CommentFactory(page=article, **public), **public),
            **public,
        )
        for comment in (third, third.parent, third.root):
            Like.objects.create(member=viewer, comment=comment)


def _texts(comments):
    return [comment.body_source for comment in comments]


@pytest.mark.parametrize("top_level_count", [2, 60])
def test_a_thread_takes_four_queries_whatever_its_size(
    article, viewer, django_assert_num_queries, top_level_count
):
    _thread_of(top_level_count, article=article, viewer=viewer)

    with django_assert_num_queries(4):
        comments = comment_thread(page=article, viewer=viewer)
        for top in comments:
            assert top.liked_by_viewer and top.author.region.name
            assert [a.value for a in top.author_attributes] == [
                "住民",
                top.author.region_label,
            ]
            for reply in top.replies:
                assert reply.liked_by_viewer and reply.author.region.name
                assert len(reply.author_attributes) == 2
                for deeper in reply.replies:
                    assert deeper.liked_by_viewer
                    assert deeper.author.region.name and len(deeper.author_attributes) == 2
                    assert deeper.in_reply_to is None

    assert len(comments) == min(top_level_count, 50)


def test_replies_nest_under_their_parents_oldest_first(article, viewer):
    top = CommentFactory(page=article, body_source="親", created_at=_ago(60))
    later = CommentFactory(parent=top, body_source="後の返信", created_at=_ago(10))
    earlier = CommentFactory(parent=top, body_source="先の返信", created_at=_ago(20))
    CommentFactory(parent=earlier, body_source="孫", created_at=_ago(5))

    [shown] = comment_thread(page=article, viewer=viewer)

    assert _texts(shown.replies) == ["先の返信", "後の返信"]
    assert _texts(shown.replies[0].replies) == ["孫"]
    assert later.pk == shown.replies[1].pk


def test_sorts_oldest_newest_and_most_liked(article, viewer):
    CommentFactory(page=article, body_source="古い", created_at=_ago(30), like_count=1)
    CommentFactory(page=article, body_source="人気", created_at=_ago(20), like_count=5)
    CommentFactory(page=article, body_source="新しい", created_at=_ago(10))

    def order(sort):
        return _texts(comment_thread(page=article, viewer=viewer, sort=sort))

    assert order("oldest") == ["古い", "人気", "新しい"]
    assert order("newest") == ["新しい", "人気", "古い"]
    assert order("liked") == ["人気", "古い", "新しい"]


def test_top_level_comments_are_paginated(article, viewer):
    for minutes in range(5, 0, -1):
        CommentFactory(page=article, body_source=f"{minutes}分前", created_at=_ago(minutes))

    second = comment_thread(page=article, viewer=viewer, page_number=2, per_page=2)

    assert _texts(second) == ["3分前", "2分前"]
    assert second.paginator.num_pages == 3


def test_hidden_comments_and_others_pending_ones_are_not_shown(article, viewer):
    CommentFactory(page=article, body_source="公開")
    CommentFactory(page=article, body_source="非表示", status=CommentStatus.HIDDEN)
    CommentFactory(page=article, body_source="他人の承認待ち", status=CommentStatus.PENDING)
    CommentFactory(
        page=article, body_source="自分の承認待ち", status=CommentStatus.PENDING, author=viewer
    )

    assert _texts(comment_thread(page=article, viewer=viewer)) == ["公開", "自分の承認待ち"]
    assert _texts(comment_thread(page=article, viewer=AnonymousUser())) == ["公開"]


def test_deleted_comments_stay_as_placeholders_only_above_replies(article, viewer):
    CommentFactory(page=article, status=CommentStatus.DELETED, body_source="")
    kept = CommentFactory(page=article, status=CommentStatus.DELETED, body_source="")
    deleted_reply = CommentFactory(parent=kept, status=CommentStatus.DELETED, body_source="")
    CommentFactory(parent=deleted_reply, body_source="孫")
    CommentFactory(parent=kept, status=CommentStatus.DELETED, body_source="")

    [shown] = comment_thread(page=article, viewer=viewer)

    assert shown.pk == kept.pk
    assert [reply.pk for reply in shown.replies] == [deleted_reply.pk]
    assert _texts(shown.replies[0].replies) == ["孫"]


def test_replies_under_a_hidden_comment_are_not_shown(article, viewer):
    top = CommentFactory(page=article)
    hidden = CommentFactory(parent=top, status=CommentStatus.HIDDEN)
    CommentFactory(parent=hidden)

    [shown] = comment_thread(page=article, viewer=viewer)

    assert shown.replies == []


def test_comments_say_whether_the_viewer_liked_them(article, viewer):
    liked, other = CommentFactory(page=article), CommentFactory(page=article)
    Like.objects.create(member=viewer, comment=liked)

    shown = {c.pk: c.liked_by_viewer for c in comment_thread(page=article, viewer=viewer)}
    anonymous = comment_thread(page=article, viewer=AnonymousUser())

    assert shown == {liked.pk: True, other.pk: False}
    assert not any(comment.liked_by_viewer for comment in anonymous)


def test_comment_counts_for_cards_in_one_query(article, article_index, django_assert_num_queries):
    quiet = ArticlePageFactory(parent=article_index)
    top = CommentFactory(page=article)
    CommentFactory(parent=top)
    CommentFactory(page=article, status=CommentStatus.HIDDEN)

    with django_assert_num_queries(1):
        counts = comment_counts(pages=[article, quiet])

    assert counts == {article.pk: 2}


def test_a_pending_reply_is_shown_to_its_author_only(article, viewer):
    top = CommentFactory(page=article)
    CommentFactory(parent=top, author=viewer, status=CommentStatus.PENDING, body_source="自分")
    CommentFactory(parent=top, status=CommentStatus.PENDING, body_source="他人")

    [mine] = comment_thread(page=article, viewer=viewer)
    [anonymous] = comment_thread(page=article, viewer=AnonymousUser())

    assert _texts(mine.replies) == ["自分"]
    assert anonymous.replies == []


def test_comments_show_only_what_their_authors_made_public(article, viewer):
    CommentFactory(page=article, author__stakeholder_type_public=True, body_source="立場だけ")
    CommentFactory(page=article, author__region_public=True, body_source="地域だけ")
    CommentFactory(page=article, body_source="非公開")

    for reader in (viewer, AnonymousUser(), StaffUserFactory()):
        shown = {
            c.body_source: [str(a.value) for a in c.author_attributes]
            for c in comment_thread(page=article, viewer=reader)
        }
        assert shown["立場だけ"] == ["住民"]
        assert len(shown["地域だけ"]) == 1 and shown["地域だけ"][0].startswith("北海道 ")
        assert shown["非公開"] == []


def test_comments_say_whether_the_viewer_wrote_them(article, viewer):
    mine, others = CommentFactory(page=article, author=viewer), CommentFactory(page=article)
    gone = CommentFactory(page=article, author=None)

    shown = {c.pk: c.by_viewer for c in comment_thread(page=article, viewer=viewer)}
    anonymous = comment_thread(page=article, viewer=AnonymousUser())

    assert shown == {mine.pk: True, others.pk: False, gone.pk: False}
    assert not any(comment.by_viewer for comment in anonymous)


def test_the_page_of_a_comment_is_the_page_of_its_thread(article, viewer):
    tops = [CommentFactory(page=article, created_at=_ago(10 - n)) for n in range(5)]
    CommentFactory(page=article, status=CommentStatus.HIDDEN, created_at=_ago(20))
    reply = CommentFactory(parent=tops[4])

    def number(comment):
        return comment_page_number(page=article, comment=comment, viewer=viewer, per_page=2)

    assert [number(top) for top in tops] == [1, 1, 2, 2, 3]
    assert number(reply) == 3


def test_moderators_are_told_they_may_delete_any_comment(article, viewer):
    moderator = StaffUserFactory(groups=["Moderators"])

    assert comment_section_get(page=article, viewer=moderator).viewer_can_moderate
    assert not comment_section_get(page=article, viewer=viewer).viewer_can_moderate
    assert not comment_section_get(page=article, viewer=AnonymousUser()).viewer_can_moderate
