"""Notifications over HTTP: the list and its unread count in the header, opening and marking
read, the e-mail settings, following an article or an opinion exchange, the one-click
unsubscribe link, the data download and closing an account (community.views.notifications,
templates/community/)."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.db import connection
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from community.models import (
    Comment,
    CommentStatus,
    Follow,
    Notification,
    NotificationEmail,
    NotificationKind,
    User,
)
from community.services import members as member_services
from community.services import notification_emails as emails
from community.services import notifications as services
from tests.factories import (
    ArticlePageFactory,
    CommentFactory,
    MemberFactory,
    OpinionFactory,
    TopicIndexPageFactory,
    TopicPageFactory,
)


@pytest.fixture
def article(article_index):
    return ArticlePageFactory(parent=article_index, title="電子申請の第一歩")


@pytest.fixture
def member(db):
    return MemberFactory(email_verified=True, display_name="アリス")


def _reply_notification(member, article, *, by=None, text="賛成です"):
    """A reply to `member`'s comment on `article`, notified; returns the Notification."""
    parent = CommentFactory(page=article, author=member)
    by = by or MemberFactory(email_verified=True, display_name="ボブ")
    reply = CommentFactory(parent=parent, author=by, body_source=text)
    services.comment_published_notify(comment=reply)
    return Notification.objects.get(recipient=member, comment=reply)


def _html(response):
    return response.content.decode()


# --- Who may see what -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("community:notification_list", "get"),
        ("community:notification_settings", "get"),
        ("community:notifications_mark_all_read", "post"),
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, db, name, method):
    url = reverse(name)

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_member_cannot_open_anothers_notification(member_client, article):
    someone = MemberFactory(email_verified=True)
    theirs = _reply_notification(someone, article)

    response = member_client.post(reverse("community:notification_open", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_and_marking_read_need_post(member_client, member, article):
    notification = _reply_notification(member, article)

    assert (
        member_client.get(
            reverse("community:notification_open", args=[notification.pk])
        ).status_code
        == 405
    )
    assert member_client.get(reverse("community:notifications_mark_all_read")).status_code == 405


# --- The list ---------------------------------------------------------------------------------


def test_the_list_shows_the_members_notifications_newest_first(member_client, member, article):
    older = _reply_notification(member, article, text="古い返信")
    older.updated_at = timezone.now() - timedelta(hours=2)
    older.save()
    newer = _reply_notification(member, article, text="新しい返信")
    _reply_notification(MemberFactory(email_verified=True), article, text="他人への返信")

    html = _html(member_client.get("/en/accounts/notifications/"))

    assert "2 unread notifications" in html
    assert html.index("新しい返信") < html.index("古い返信")
    assert "他人への返信" not in html
    assert "ボブ replied to your comment." in html
    assert '<span class="notification__where">電子申請の第一歩</span>' in html
    for notification in (older, newer):
        assert reverse("community:notification_open", args=[notification.pk]) in html


def test_the_list_is_paginated(member_client, member, article):
    for _ in range(21):
        _reply_notification(member, article)

    first = member_client.get(reverse("community:notification_list"))
    second = member_client.get(reverse("community:notification_list"), {"page": 2})

    assert len(first.context["notifications"].object_list) == 20
    assert len(second.context["notifications"].object_list) == 1


def test_a_reply_moderators_removed_leaves_the_list_and_the_count(member_client, member, article):
    hidden = _reply_notification(member, article, text="宣伝です")
    _reply_notification(member, article, text="まっとうな返信")
    Comment.objects.filter(pk=hidden.comment_id).update(status=CommentStatus.HIDDEN)

    response = member_client.get(reverse("community:notification_list"))

    assert hidden.pk not in [n.pk for n in response.context["notifications"].object_list]
    assert "宣伝です" not in _html(response) and "まっとうな返信" in _html(response)
    assert response.context["unread_count"] == 1
    opened = member_client.post(reverse("community:notification_open", args=[hidden.pk]))
    assert opened.status_code == 404


def test_opening_a_notification_marks_it_read_and_leads_to_the_comment(
    member_client, member, article
):
    notification = _reply_notification(member, article)

    response = member_client.post(reverse("community:notification_open", args=[notification.pk]))

    assert response.status_code == 302
    assert response.url == reverse("community:comment_permalink", args=[notification.comment_id])
    assert (
        member_client.get(response.url)["Location"]
        == f"{article.url}#comment-{notification.comment_id}"
    )
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_all_read(member_client, member, article):
    for _ in range(2):
        _reply_notification(member, article)

    response = member_client.post(reverse("community:notifications_mark_all_read"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("community:notification_list")
    assert not Notification.objects.filter(recipient=member).unread().exists()


# --- The unread count in the header -----------------------------------------------------------


def test_the_account_menu_shows_the_unread_count(member_client, member, article):
    for _ in range(3):
        _reply_notification(member, article)

    html = _html(member_client.get("/en/"))

    assert '<span class="notification-count"><span aria-hidden="true">3</span>' in html
    assert "(3 unread notifications)" in html
    assert reverse("community:notification_list") in html


def test_the_unread_count_is_one_query_per_request(member, article, django_assert_num_queries):
    _reply_notification(member, article)
    request = RequestFactory().get("/")
    request.user = member
    template = Template(
        "{% load notification_tags %}{% unread_notification_count as a %}"
        "{% unread_notification_count as b %}{{ a }}{{ b }}"
    )

    with django_assert_num_queries(1):
        rendered = template.render(Context({"request": request, "user": member}))

    assert rendered == "11"


def test_a_page_view_counts_unread_notifications_once(member_client, member, article):
    _reply_notification(member, article)

    with CaptureQueriesContext(connection) as queries:
        member_client.get(article.url)

    counted = [q["sql"] for q in queries if 'FROM "community_notification"' in q["sql"]]
    assert len(counted) == 1 and "COUNT(*)" in counted[0]


def test_the_list_takes_the_same_queries_whatever_its_length(member_client, member, article):
    def queries_for_list():
        with CaptureQueriesContext(connection) as queries:
            member_client.get(reverse("community:notification_list"))
        return len(queries)

    _reply_notification(member, article)
    queries_for_list()  # the first request also loads what is cached afterwards (the site)
    few = queries_for_list()
    for _ in range(5):
        _reply_notification(member, article)
    comment = CommentFactory(page=article, author=member)
    services.like_notify(comment=comment, member=MemberFactory())

    assert queries_for_list() == few


def test_anonymous_visitors_cost_no_count_query(db, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    template = Template("{% load notification_tags %}{% unread_notification_count %}")

    with django_assert_num_queries(0):
        assert template.render(Context({"request": request, "user": request.user})) == "0"


# --- Settings ---------------------------------------------------------------------------------


@pytest.mark.parametrize("preference", NotificationEmail.values)
def test_the_settings_page_saves_the_email_preference(member_client, member, preference):
    url = reverse("community:notification_settings")

    response = member_client.post(url, {"notification_email": preference})

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.notification_email == preference
    assert member_client.get(url).context["form"].initial["notification_email"] == preference


def test_the_settings_page_refuses_an_unknown_choice(member_client, member):
    response = member_client.post(
        "/en/accounts/notifications/settings/", {"notification_email": "hourly"}
    )

    assert response.status_code == 200
    assert "Select a valid choice" in _html(response)
    member.refresh_from_db()
    assert member.notification_email == NotificationEmail.IMMEDIATELY


# --- Following --------------------------------------------------------------------------------


def test_the_article_page_offers_to_follow_and_unfollow(member_client, member, article):
    url = reverse("community:follow_toggle", args=[article.pk])
    page_html = _html(member_client.get(f"/en{article.url}"))
    assert f'action="/en{url}"' in page_html
    assert "Follow this article" in page_html
    assert "Commenting follows the article automatically." in page_html

    response = member_client.post(url)

    assert response.status_code == 302 and response.url == f"{article.url}#comments"
    assert Follow.objects.filter(member=member, page=article).exists()
    assert "Unfollow" in _html(member_client.get(f"/en{article.url}"))
    member_client.post(url)
    assert not Follow.objects.filter(member=member).exists()


def test_a_member_follows_an_opinion_exchange_and_hears_of_a_new_opinion(
    member_client, member, home_page
):
    topic = TopicPageFactory(parent=TopicIndexPageFactory(parent=home_page), title="書かない窓口")
    url = reverse("community:follow_toggle", args=[topic.pk])
    page_html = _html(member_client.get(topic.url))
    assert f'action="{url}"' in page_html
    assert "この意見交換をフォロー</button>" in page_html
    assert "新しい意見や返信をお知らせします。投稿すると自動的にフォローします。" in page_html

    response = member_client.post(url, follow=True)

    assert response.redirect_chain == [(f"{topic.url}#comments", 302)]
    assert "この意見交換をフォローしました。新しい意見をお知らせします。" in _html(response)
    assert "この意見交換をフォロー中です。新しい意見や返信をお知らせします。" in _html(response)
    opinion = OpinionFactory(page=topic, author=MemberFactory(display_name="ボブ"))
    services.comment_published_notify(comment=opinion)
    notification = Notification.objects.get(recipient=member)
    assert notification.message == "ボブさんがフォロー中の意見交換「書かない窓口」に投稿しました。"

    response = member_client.post(url, follow=True)
    assert "この意見交換のフォローをやめました。" in _html(response)
    assert not Follow.objects.filter(member=member).exists()


def test_anonymous_visitors_see_no_follow_button_and_cannot_follow(client, article):
    assert "follow-form" not in _html(client.get(article.url))

    response = client.post(reverse("community:follow_toggle", args=[article.pk]))

    assert response.status_code == 302 and not Follow.objects.exists()


def test_an_unpublished_page_cannot_be_followed(member_client, article):
    article.unpublish()

    response = member_client.post(reverse("community:follow_toggle", args=[article.pk]))

    assert response.status_code == 404


# --- Unsubscribing ----------------------------------------------------------------------------


def _unsubscribe_url(member):
    return reverse("community:unsubscribe", args=[emails.unsubscribe_token(member)])


def test_the_unsubscribe_link_asks_first_without_a_sign_in(client, member):
    response = client.get(f"/en{_unsubscribe_url(member)}")

    assert response.status_code == 200
    assert "Stop e-mailing notifications to アリス?" in _html(response)
    member.refresh_from_db()
    assert member.notification_email == NotificationEmail.IMMEDIATELY


def test_one_click_unsubscribe_by_post_without_a_csrf_token(member):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        _unsubscribe_url(member), {"List-Unsubscribe": "One-Click"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    member.refresh_from_db()
    assert member.notification_email == NotificationEmail.NONE


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token.replace(token.split(":")[0], "999999", 1),
        lambda token: "nonsense",
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_token_shows_a_clear_error(client, member, mangle, method):
    token = mangle(emails.unsubscribe_token(member))

    response = getattr(client, method)(f"/en/accounts/notifications/unsubscribe/{token}/")

    assert response.status_code == 400
    assert "The unsubscribe link is incomplete or has been changed." in _html(response)
    member.refresh_from_db()
    assert member.notification_email == NotificationEmail.IMMEDIATELY


def test_a_tampered_token_error_page_is_japanese_by_default(client, member):
    response = client.get("/accounts/notifications/unsubscribe/1:forged/")

    assert response.status_code == 400
    assert '<html lang="ja">' in _html(response)


# --- Data download and closing an account -----------------------------------------------------


def test_the_data_download_holds_notifications_follows_and_preference(
    member_client, member, article
):
    _reply_notification(member, article)
    services.follow_toggle(member=member, page=article)
    services.notification_email_set(member=member, preference=NotificationEmail.DAILY)

    data = json.loads(member_client.get(reverse("community:data_export")).content)

    section = data["notifications"]
    assert section["email"] == "daily"
    assert [follow["page"] for follow in section["following"]] == ["電子申請の第一歩"]
    [received] = section["received"]
    assert received["kind"] == NotificationKind.REPLY and received["read_at"] is None


def test_closing_an_account_removes_its_notifications_and_follows(member, article):
    _reply_notification(member, article)
    services.follow_toggle(member=member, page=article)
    other = MemberFactory(email_verified=True)
    kept = _reply_notification(other, article, by=member)

    member_services.member_delete(member=member)

    assert not User.objects.filter(pk=member.pk).exists()
    assert not Notification.objects.filter(recipient_id=member.pk).exists()
    assert not Follow.objects.filter(member_id=member.pk).exists()
    kept.refresh_from_db()
    assert kept.actor is None
    with translation.override("ja"):
        assert kept.actor_name == "退会したユーザー"


# --- Through the comment forms ----------------------------------------------------------------


def test_a_reply_posted_through_the_form_notifies_and_emails_the_parents_author(
    client, member, article, django_capture_on_commit_callbacks
):
    parent = CommentFactory(
        page=article, author=member, created_at=timezone.now() - timedelta(hours=1)
    )
    replier = MemberFactory(
        email_verified=True, display_name="ボブ", date_joined=timezone.now() - timedelta(days=30)
    )
    client.force_login(replier)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("community:comment_post", args=[article.pk]),
            {"body": "フォームからの返信", "parent": parent.pk},
        )

    assert response.status_code == 302
    [notification] = Notification.objects.filter(recipient=member)
    assert notification.kind == NotificationKind.REPLY
    assert [message.to for message in mail.outbox] == [[member.email]]
    assert Follow.objects.filter(member=replier, page=article).exists()


def test_a_like_through_the_form_notifies_the_comments_author(
    client, member, article, django_capture_on_commit_callbacks
):
    comment = CommentFactory(page=article, author=member)
    client.force_login(MemberFactory(email_verified=True))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("community:comment_like", args=[comment.pk]))

    [notification] = Notification.objects.filter(recipient=member)
    assert notification.kind == NotificationKind.LIKE and notification.comment == comment
