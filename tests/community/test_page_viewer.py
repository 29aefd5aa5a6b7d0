"""community.selectors.page_viewer: a member's page likes, follow and unread count read in one
statement are what the three selectors read one by one, and a page shows every change of them
on the next read."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.models import Notification
from community.selectors.notifications import notification_unread_count, page_followed
from community.selectors.page_likes import page_likes_get
from community.selectors.page_viewer import page_viewer_get
from community.services import notifications as notification_services
from community.services.likes import like_toggle
from community.services.moderation import comment_hide
from tests.factories import (
    ArticlePageFactory,
    CommentFactory,
    MemberFactory,
    StaffUserFactory,
    established_member,
)

UNREAD_ONE = '<span class="notification-count"><span aria-hidden="true">1</span>'


def _separately(page, member):
    likes = page_likes_get(page=page, viewer=member)
    return (
        likes.like_count,
        likes.liked_by_viewer,
        page_followed(member=member, page=page),
        notification_unread_count(member=member),
    )


def _together(page, member):
    viewer = page_viewer_get(page=page, viewer=member)
    return viewer.like_count, viewer.liked_by_viewer, viewer.following, viewer.unread_count


def _reply_to(member, page):
    parent = CommentFactory(page=page, author=member)
    reply = CommentFactory(parent=parent, author=MemberFactory(email_verified=True))
    notification_services.comment_published_notify(comment=reply)
    return reply


def test_one_statement_reads_what_the_three_selectors_read(article, article_index, member):
    other_page = ArticlePageFactory(parent=article_index)
    others = [established_member() for _ in range(3)]
    states = [_together(article, member)]
    for liker in others:
        like_toggle(member=liker, page=article)
    like_toggle(member=others[0], page=other_page)
    states.append(_together(article, member))
    like_toggle(member=member, page=article)
    notification_services.follow_add(member_id=member.pk, page_id=article.pk)
    notification_services.follow_add(member_id=others[1].pk, page_id=other_page.pk)
    hidden = _reply_to(member, article)
    _reply_to(member, other_page)
    _reply_to(others[2], article)  # theirs, and the member's as a follower of the article
    states.append(_together(article, member))
    comment_hide(comment=hidden, moderator=StaffUserFactory(groups=["Moderators"]))
    shown = Notification.objects.filter(recipient=member).exclude(comment=hidden).first()
    notification_services.notification_mark_read(notification=shown, member=member)

    for page in (article, other_page):
        for person in (member, *others):
            assert _together(page, person) == _separately(page, person)
    assert states == [(0, False, False, 0), (3, False, False, 0), (4, True, True, 3)]
    assert _together(article, member)[3] == 1  # of the three, one hidden and one read


def test_the_page_reads_the_three_in_one_query(member_client, member, article):
    _reply_to(member, article)
    member_client.get(article.url)

    with CaptureQueriesContext(connection) as queries:
        html = member_client.get(article.url).content.decode()

    tables = ["community_like", "community_follow", "community_notification"]
    reading = [q["sql"] for q in queries if any(f'"{t}"' in q["sql"] for t in tables)]
    reading = [sql for sql in reading if '"community_like"."comment_id"' not in sql]
    assert len(reading) == 1, reading
    assert UNREAD_ONE in html


@pytest.mark.parametrize("fragments", [0, 300])
def test_a_members_own_state_shows_on_the_next_read(
    member_client, member, article, settings, fragments
):
    settings.PAGE_FRAGMENT_SECONDS = fragments
    before = member_client.get(article.url).content.decode()

    member_client.post(reverse("community:page_like", args=[article.pk]))
    member_client.post(reverse("community:follow_toggle", args=[article.pk]))
    _reply_to(member, article)
    after = member_client.get(article.url).content.decode()
    member_client.post(reverse("community:page_like", args=[article.pk]))
    member_client.post(reverse("community:follow_toggle", args=[article.pk]))
    notification_services.notifications_mark_all_read(member=member)
    again = member_client.get(article.url).content.decode()

    for html, liked, following, unread in [
        (before, False, False, False),
        (after, True, True, True),
        (again, False, False, False),
    ]:
        assert ('aria-pressed="true"' in html) is liked
        assert ("follow-form--following" in html) is following
        assert (UNREAD_ONE in html) is unread
    assert re.search(r'like-form__count">1<', after)
    assert re.search(r'like-form__count">0<', again)
