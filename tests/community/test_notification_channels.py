"""Which kinds of notification reach a member on which channel
(community.services.notification_channels): every kind on every channel until the member
unticks it on the settings page; e-mail honours it, at once and in the digest; the other
channels hear of every notification after its commit (`notifications_announced`), event
notices included."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from community.models import (
    Notification,
    NotificationEmail,
    NotificationKind,
    NotificationOptOut,
)
from community.services import comments as comment_services
from community.services import notification_emails as emails
from community.services import notifications as services
from community.services.notification_channels import (
    NOTIFICATION_CHANNELS,
    ChannelProvider,
    notification_opt_outs,
    notifications_announced,
)
from tests.factories import (
    CommentFactory,
    EventIndexPageFactory,
    EventPageFactory,
    established_member,
)

pytestmark = pytest.mark.django_db
URL = "/accounts/notifications/settings/"


def _table(html):
    return html[html.index('<table class="channel-table"') : html.index("</table>")]


def _reply_to(member, article, django_capture_on_commit_callbacks):
    parent = CommentFactory(page=article, author=member)
    with django_capture_on_commit_callbacks(execute=True):
        comment_services.comment_create(
            author=established_member(), page=article, body="同感です。", parent=parent
        )
    return parent


def test_every_kind_is_ticked_on_email_until_the_member_unticks_it(client):
    member = established_member()
    client.force_login(member)

    html = client.get(URL).content.decode()

    assert "通知の種類と受け取り方法" in html and '<th scope="col">メール</th>' in html
    assert _table(html).count('type="checkbox"') == len(NotificationKind.values)
    assert _table(html).count(" checked>") == len(NotificationKind.values)
    assert '<th scope="row">コメントへの返信</th>' in html
    assert "ブラウザ通知" not in html  # no other channel configured on this site


def test_unticked_kinds_are_kept_and_shown_unticked(client):
    member = established_member()
    client.force_login(member)
    ticked = {f"{kind}:email": "on" for kind in NotificationKind.values}
    del ticked["like:email"], ticked["moderation:email"]

    response = client.post(URL, {"notification_email": "immediately", **ticked})

    assert response.status_code == 302
    assert notification_opt_outs(member=member) == {("like", "email"), ("moderation", "email")}
    html = client.get(URL).content.decode()
    assert _table(html).count(" checked>") == len(NotificationKind.values) - 2
    assert 'name="like:email" id="id_like:email">' in html

    client.post(URL, {"notification_email": "daily", **ticked, "like:email": "on"})
    assert notification_opt_outs(member=member) == {("moderation", "email")}


def test_made_up_kinds_and_channels_are_ignored(client):
    member = established_member()
    client.force_login(member)

    client.post(URL, {"notification_email": "immediately", "hack:email": "on", "like:fax": "on"})

    assert all(channel == "email" for _kind, channel in notification_opt_outs(member=member))
    assert NotificationOptOut.objects.filter(member=member).count() == len(NotificationKind)


def test_a_channel_the_site_offers_is_a_column(client, monkeypatch):
    provider = ChannelProvider(
        channel="push", settings_template="includes/icons.html", is_available=lambda: True
    )
    monkeypatch.setitem(NOTIFICATION_CHANNELS, "push", provider)
    member = established_member()
    client.force_login(member)

    html = client.get(URL).content.decode()

    assert '<th scope="col">ブラウザ通知</th>' in html
    # a box per kind and channel, and the one that turns announcements off everywhere
    assert html.count('type="checkbox"') == 2 * len(NotificationKind.values) + 1


def test_a_kind_turned_off_for_email_is_not_emailed(article, django_capture_on_commit_callbacks):
    member = established_member()
    NotificationOptOut.objects.create(member=member, kind="reply", channel="email")
    NotificationOptOut.objects.create(member=member, kind="reply", channel="line")

    _reply_to(member, article, django_capture_on_commit_callbacks)

    assert mail.outbox == []
    assert member.notifications.filter(kind="reply").count() == 1  # still in the list


def test_the_digest_leaves_out_kinds_turned_off_for_email(article):
    member = established_member(notification_email=NotificationEmail.DAILY)
    other = established_member(notification_email=NotificationEmail.DAILY)
    NotificationOptOut.objects.create(member=member, kind="reply", channel="email")
    for recipient in (member, other):
        parent = CommentFactory(page=article, author=recipient)
        services.comment_published_notify(comment=CommentFactory(parent=parent))

    call_command("send_notification_digests", verbosity=0)

    assert [message.to for message in mail.outbox] == [[other.email]]


def test_other_channels_hear_of_notifications_after_the_commit(
    article, home_page, django_capture_on_commit_callbacks
):
    event_page = EventPageFactory(parent=EventIndexPageFactory(parent=home_page))
    heard = []

    def listener(sender, notification_ids, **kwargs):
        heard.append(list(notification_ids))

    notifications_announced.connect(listener)
    try:
        member = established_member()
        with django_capture_on_commit_callbacks(execute=True):
            parent = CommentFactory(page=article, author=member)
            comment_services.comment_create(
                author=established_member(), page=article, body="返信です。", parent=parent
            )
            assert heard == []  # not before the commit
        reply = member.notifications.get(kind="reply")
        assert [reply.pk] in heard

        with django_capture_on_commit_callbacks(execute=True):
            notice = services.page_notice_add(
                recipient_id=member.pk, page=event_page, notice="cancelled"
            )
        assert heard[-1] == [notice.pk]
    finally:
        notifications_announced.disconnect(listener)


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_settings_page_is_the_members_own(client, method):
    response = getattr(client, method)(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_notifications_nobody_wants_at_once_are_passed_over_in_one_query(
    article, django_assert_num_queries
):
    members = [established_member(notification_email=NotificationEmail.DAILY) for _ in range(12)]
    ids = [
        Notification.objects.create(
            recipient=member, kind="reply", comment=CommentFactory(page=article)
        ).pk
        for member in members
    ]

    with django_assert_num_queries(1):
        assert emails.notification_emails_send(notification_ids=ids) == 0
