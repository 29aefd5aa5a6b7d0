"""Announcements from the operators as notifications (community.services.announcements): what
they say and where they lead, their e-mail's one-click link that turns announcements off (RFC
8058), and the member's choice on the notification settings page."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from community.models import Notification, NotificationEmail, NotificationKind, User
from community.services import announcements as services
from community.services import notification_emails
from tests.factories import MemberFactory


@pytest.fixture
def alice(db):
    return MemberFactory(email_verified=True, display_name="アリス")


def _announce(django_capture_on_commit_callbacks, links, *, title="アンケートのお願い"):
    with django_capture_on_commit_callbacks(execute=True):
        return services.announcement_notifications_create(
            links=links, title=title, text="5分で答えられます。"
        )


def test_an_announcement_says_its_title_and_text_and_leads_to_its_link(
    alice, django_capture_on_commit_callbacks
):
    [notification] = _announce(django_capture_on_commit_callbacks, {alice.pk: "/a/xyz/"})

    with translation.override("ja"):
        assert notification.message == "「アンケートのお願い」5分で答えられます。"
        assert notification.get_kind_display() == "運営からのお知らせ"
    [message] = mail.outbox
    assert message.to == [alice.email]
    assert message.subject == "[寄り合い] アンケートのお願い"  # the title: the text is in the body
    assert "「アンケートのお願い」5分で答えられます。" in message.body
    assert "http://localhost/a/xyz/?via=email\n" in message.body  # opened from the e-mail


def test_an_announcement_email_unsubscribes_from_announcements_only(
    alice, django_capture_on_commit_callbacks
):
    [notification] = _announce(django_capture_on_commit_callbacks, {alice.pk: "/a/xyz/"})

    [message] = mail.outbox
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/accounts/notifications/announcements/unsubscribe/" in url
    assert f"運営からのお知らせを停止する（ワンクリック）：\n{url}" in message.body
    path = url.removeprefix("http://localhost")
    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    alice.refresh_from_db()
    notification.refresh_from_db()
    assert alice.announcements is False
    assert alice.notification_email == NotificationEmail.IMMEDIATELY  # the rest still e-mailed
    assert notification.unsubscribed_at is not None and notification.unsubscribed_via == "email"


def test_the_unsubscribe_link_asks_first_and_refuses_a_forged_token(
    alice, django_capture_on_commit_callbacks
):
    _announce(django_capture_on_commit_callbacks, {alice.pk: "/a/xyz/"})
    url = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = url.removeprefix("http://localhost")

    response = Client().get(path)
    forged = Client().post(path[:-3] + "xx/")

    assert response.status_code == 200
    assert "お知らせを停止する" in response.content.decode()
    assert forged.status_code == 400
    assert User.objects.get(pk=alice.pk).announcements is True


def test_other_notification_emails_keep_the_link_that_stops_notification_emails(alice):
    reply = Notification(recipient=alice, kind=NotificationKind.REPLY)

    assert notification_emails._unsubscribe_path(reply) is None


def test_a_member_who_turned_announcements_off_is_not_emailed_one(
    alice, django_capture_on_commit_callbacks
):
    services.announcements_set(member=alice, wanted=False)

    _announce(django_capture_on_commit_callbacks, {alice.pk: "/a/xyz/"})

    assert mail.outbox == []


def test_the_settings_page_shows_and_saves_the_choice(alice):
    client = Client()
    client.force_login(alice)
    url = reverse("community:notification_settings")

    page = client.get(url).content.decode()
    response = client.post(url, {"notification_email": "daily"})

    assert "運営からのお知らせを受け取る" in page
    checkbox = (
        '<input type="checkbox" name="announcements" aria-describedby="id_announcements_helptext"'
    )
    assert f'{checkbox} id="id_announcements" checked>' in page
    assert response.status_code == 302
    assert User.objects.get(pk=alice.pk).announcements is False
    client.post(url, {"notification_email": "daily", "announcements": "on"})
    assert User.objects.get(pk=alice.pk).announcements is True


def test_the_notification_list_shows_it_and_opening_it_follows_its_link(
    alice, django_capture_on_commit_callbacks
):
    [notification] = _announce(django_capture_on_commit_callbacks, {alice.pk: "/a/xyz/"})
    client = Client()
    client.force_login(alice)

    listing = client.get(reverse("community:notification_list")).content.decode()
    opened = client.post(reverse("community:notification_open", args=[notification.pk]))

    assert "「アンケートのお願い」5分で答えられます。" in listing
    assert opened.status_code == 302 and opened["Location"] == "/a/xyz/"
