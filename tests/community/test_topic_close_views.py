"""Closing an opinion exchange in the Wagtail admin (「意見交換を終了する」): who sees the
action and reaches the screen, what the screen says, the conclusion it needs, and what
participants are told (notification list and e-mail)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from community.models import Notification, NotificationKind, TopicClosure
from community.services.topics import topic_close
from tests.factories import (
    CommentFactory,
    MemberFactory,
    OpinionFactory,
    StaffUserFactory,
    TopicIndexPageFactory,
    TopicPageFactory,
    established_member,
    log_in_as,
)

pytestmark = pytest.mark.django_db

CONCLUSION = (
    "支所への展開は、利用者の声を聞きながら段階的に進めることになりました。\n"
    "詳細は https://example.jp/plan をご覧ください。"
)


@pytest.fixture
def topic(home_page):
    index = TopicIndexPageFactory(parent=home_page)
    return TopicPageFactory(parent=index, title="書かない窓口を支所にも")


def _text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def _close_url(topic):
    return reverse("topic_close", args=[topic.pk])


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("member", 302),
        ("Analysts", 403),
        ("Editors", 200),
        ("Moderators", 200),
        ("superuser", 200),
    ],
)
def test_who_reaches_the_close_screen(client, topic, role, status):
    log_in_as(client, role)

    response = client.get(_close_url(topic))

    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["anonymous", "member", "Analysts"])
def test_nobody_else_can_close_a_topic(client, topic, role):
    log_in_as(client, role)

    response = client.post(_close_url(topic), {"conclusion": CONCLUSION})

    assert response.status_code in (302, 403)
    assert not TopicClosure.objects.exists()


def test_the_screen_says_what_closing_does(client, topic, moderator):
    client.force_login(moderator)

    html = _text(client.get(_close_url(topic)))

    assert "意見交換を終了する" in html
    assert "書かない窓口を支所にも" in html
    assert "まとめがテーマのページの先頭に表示され、誰でも読めます。" in html
    assert "意見や返信を投稿した人、投票した人全員に通知します" in html
    assert '<textarea name="conclusion"' in html


def test_the_action_is_in_the_topic_menus_of_those_who_may_close_it(client, topic):
    label = "意見交換を終了する"
    edit_url = reverse("wagtailadmin_pages:edit", args=[topic.pk])
    explore_url = reverse("wagtailadmin_explore", args=[topic.get_parent().pk])

    client.force_login(StaffUserFactory(groups=["Editors"]))
    editor_edit, editor_listing = client.get(edit_url), client.get(explore_url)
    client.force_login(StaffUserFactory(is_superuser=True))
    superuser_listing = client.get(explore_url)

    for response in (editor_edit, editor_listing, superuser_listing):
        assert response.status_code == 200, response.get("Location")
        assert label in _text(response)
        assert _close_url(topic) in _text(response)


def test_editors_who_may_not_publish_the_topic_do_not_see_the_action(client, topic):
    from wagtail.models import GroupPagePermission

    editors = GroupPagePermission.objects.filter(group__name="Editors")
    editors.filter(permission__codename="publish_page").delete()
    client.force_login(StaffUserFactory(groups=["Editors"]))

    edit = client.get(reverse("wagtailadmin_pages:edit", args=[topic.pk]))

    assert edit.status_code == 200
    assert "意見交換を終了する" not in _text(edit)
    assert client.get(_close_url(topic)).status_code == 403


def test_the_action_is_not_offered_on_other_pages(client, article_index):
    client.force_login(StaffUserFactory(groups=["Editors"]))

    html = _text(client.get(reverse("wagtailadmin_pages:edit", args=[article_index.pk])))

    assert "意見交換を終了する" not in html


def test_a_conclusion_is_required(client, topic, moderator):
    client.force_login(moderator)

    response = client.post(_close_url(topic), {"conclusion": "  "})

    assert response.status_code == 400
    assert "終了する前にまとめを書いてください。" in _text(response)
    assert not TopicClosure.objects.exists()


def test_a_conclusion_over_5000_characters_is_refused_and_kept(client, topic, moderator):
    client.force_login(moderator)

    response = client.post(_close_url(topic), {"conclusion": "あ" * 5001})

    assert response.status_code == 400
    assert "あ" * 5001 in _text(response)
    assert not TopicClosure.objects.exists()


def test_the_form_needs_its_csrf_token(topic, moderator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)

    assert client.post(_close_url(topic), {"conclusion": CONCLUSION}).status_code == 403
    assert not TopicClosure.objects.exists()


def test_closing_pins_the_conclusion_and_tells_every_participant_once(
    client, topic, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    author = established_member(display_name="意見を書いた人")
    replier = established_member(display_name="返信した人")
    opinion = OpinionFactory(page=topic, author=author)
    CommentFactory(page=topic, parent=opinion, author=replier)
    client.force_login(moderator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_close_url(topic), {"conclusion": CONCLUSION}, follow=True)

    assert response.redirect_chain == [(_close_url(topic), 302)]
    html = _text(response)
    assert "「書かない窓口を支所にも」を終了しました。参加したすべての人に通知します。" in html
    assert "この意見交換は" in html and "に終了しました。" in html
    assert 'href="https://example.jp/plan"' in html
    closure = TopicClosure.objects.get()
    assert (closure.topic_id, closure.closed_by) == (topic.pk, moderator)
    notified = Notification.objects.filter(kind=NotificationKind.TOPIC_CLOSED)
    assert {n.recipient for n in notified} == {author, replier}
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([author.email, replier.email])
    mail = next(mail for mail in mailoutbox if mail.to == [author.email])
    assert "参加した意見交換「書かない窓口を支所にも」が終了しました" in mail.subject
    assert "支所への展開は" in mail.body
    assert f"http://localhost{topic.url}" in mail.body
    assert "/accounts/notifications/unsubscribe/" in mail.body

    client.force_login(author)
    notification = notified.get(recipient=author)
    listing = _text(client.get(reverse("community:notification_list")))
    opened = client.post(reverse("community:notification_open", args=[notification.pk]))
    assert (
        "参加した意見交換「書かない窓口を支所にも」が終了しました。まとめをご覧ください。"
        in listing
    )
    assert "支所への展開は" in listing
    assert opened["Location"] == topic.url


def test_a_closed_topic_shows_its_conclusion_and_cannot_be_closed_again(client, topic, moderator):
    topic_close(topic=topic, actor=moderator, conclusion="最初のまとめ")
    client.force_login(StaffUserFactory(groups=["Editors"]))

    page = client.get(_close_url(topic))
    again = client.post(_close_url(topic), {"conclusion": "別のまとめ"})

    html = _text(page)
    assert page.status_code == 200
    assert "最初のまとめ" in html
    assert "意見・返信・投票はもう受け付けていません。" in html
    assert '<textarea name="conclusion"' not in html
    assert again.status_code == 400
    assert TopicClosure.objects.get().conclusion == "最初のまとめ"


def test_members_who_did_not_take_part_are_not_told(
    client, topic, moderator, django_capture_on_commit_callbacks
):
    bystander = MemberFactory()
    OpinionFactory(page=topic)
    client.force_login(moderator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_close_url(topic), {"conclusion": CONCLUSION})

    assert not Notification.objects.filter(recipient=bystander).exists()
    assert not Notification.objects.filter(recipient=moderator).exists()


# --- 意見交換の終了: the moderators' way in -----------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("member", 302),
        ("Editors", 403),
        ("Analysts", 403),
        ("Moderators", 200),
        ("superuser", 200),
    ],
)
def test_only_moderators_reach_the_list_of_topics_to_close(client, topic, role, status):
    log_in_as(client, role)

    response = client.get(reverse("topic_closing:list"))

    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("account_login"))


def test_moderators_find_open_topics_first_and_closed_ones_with_their_conclusion(
    client, topic, moderator
):
    closed = TopicPageFactory(parent=topic.get_parent(), title="商店街の駐車場")
    topic_close(topic=closed, actor=moderator, conclusion="有料化は見送り")
    client.force_login(moderator)

    response = client.get(reverse("topic_closing:list"))

    html = _text(response)
    assert list(response.context["topics"]) == [topic, closed]
    assert "意見交換の終了" in html
    assert f'href="{_close_url(topic)}">終了する</a>' in html
    assert f'href="{_close_url(closed)}">まとめを見る</a>' in html
    assert "受付中" in html
