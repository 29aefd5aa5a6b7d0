"""Opinions staff key in from paper, a counter, post or an event (「意見を入力する»): who
reaches the screen, what saving does, the reference number refused twice (also by two people at
once), the attribution shown instead of a member's name, and the database's own rules."""

import datetime
import random
import re
import threading
import time

import pytest
from django.db import IntegrityError, OperationalError, connection, transaction
from django.urls import reverse

from community.models import Comment, CommentStatus, Notification, Stance
from community.selectors.member_export import member_data_export
from community.services.entered_opinions import opinion_enter
from community.services.posting import CommentError
from community.services.topics import topic_close
from core.channels import Channel
from tests.factories import (
    CommentFactory,
    MemberFactory,
    OpinionFactory,
    StaffUserFactory,
    TopicIndexPageFactory,
    TopicPageFactory,
    log_in_as,
)

DUPLICATE = (
    "整理番号「A-0012」は、この意見交換ですでに入力されています。"
    "同じ用紙を二重に入力していないか確認してください。"
)
TODAY = datetime.date.today()


@pytest.fixture(scope="module", autouse=True)
def migrations_data_back(django_db_blocker):
    """The concurrency test commits for real (transactional_db); the flush after it also
    removes what data migrations made (root page, default site, groups). Put it back when the
    module is done, for whatever test runs next in this process (as tests/surveys does)."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for each in connections.all(initialized_only=True):
            contents = getattr(each, "_test_serialized_contents", None)
            if contents:
                each.creation.deserialize_db_from_string(contents)


@pytest.fixture
def topic(home_page):
    index = TopicIndexPageFactory(parent=home_page)
    return TopicPageFactory(parent=index, title="書かない窓口を支所にも")


@pytest.fixture
def responder(db):
    return StaffUserFactory(groups=["Responders"])


def _text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def _url(topic):
    return reverse("topic_opinion_enter", args=[topic.pk])


def _enter(topic, actor, **kwargs):
    values = {
        "body": "バスの本数を増やしてほしい。",
        "channel": Channel.POST,
        "received_on": TODAY,
    }
    return opinion_enter(actor=actor, topic=topic, **(values | kwargs))


# --- Who reaches the screen -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("member", 302),
        ("Moderators", 403),
        ("Analysts", 403),
        ("Editors", 200),
        ("Responders", 200),
        ("superuser", 200),
    ],
)
def test_who_reaches_the_screen(client, topic, role, status):
    log_in_as(client, role)

    response = client.get(_url(topic))

    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "member", "Moderators", "Analysts"])
def test_nobody_else_can_enter_an_opinion(client, topic, role):
    log_in_as(client, role)

    response = client.post(_url(topic), {"body": "意見", "channel": "post", "received_on": TODAY})

    assert response.status_code in (302, 403)
    assert not Comment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("member", 302),
        ("Moderators", 403),
        ("Analysts", 403),
        ("Editors", 200),
        ("Responders", 200),
    ],
)
def test_who_reaches_the_list_of_topics(client, topic, role, status):
    log_in_as(client, role)

    response = client.get(reverse("opinion_entry:list"))

    assert response.status_code == status


@pytest.mark.django_db
def test_responders_find_the_topics_in_their_menu(client, rf, topic, responder):
    from wagtail.admin.menu import admin_menu

    def labels(user):
        request = rf.get("/admin/")
        request.user = user
        return [str(item.label) for item in admin_menu.menu_items_for_request(request)]

    _enter(topic, responder)
    client.force_login(responder)

    html = _text(client.get(reverse("opinion_entry:list")))

    assert "意見を入力する" in labels(responder)
    assert "意見を入力する" in labels(StaffUserFactory(groups=["Editors"]))
    assert "意見を入力する" not in labels(StaffUserFactory(groups=["Moderators"]))
    assert "書かない窓口を支所にも" in html and "1件" in html and _url(topic) in html


@pytest.mark.django_db
def test_the_topic_menu_offers_the_screen_to_those_who_may(client, topic):
    log_in_as(client, "Editors")

    html = _text(client.get(reverse("wagtailadmin_pages:edit", args=[topic.pk])))

    assert "意見を入力する" in html and _url(topic) in html


# --- The screen -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_saving_shows_the_form_again_empty_with_the_count_of_this_session(client, topic):
    log_in_as(client, "Responders")
    client.get(_url(topic))
    data = {"body": "バスの本数を増やしてほしい。", "channel": "paper", "received_on": "2026-11-20"}

    first = client.post(_url(topic), data | {"stance": "agree", "reference": "A-1"}, follow=True)
    second = client.post(_url(topic), data | {"reference": "A-2"}, follow=True)

    assert "1件入力しました。この画面で入力した意見：1件" in _text(first)
    html = _text(second)
    assert "1件入力しました。この画面で入力した意見：2件" in html
    assert "バスの本数を増やしてほしい。</textarea>" not in html
    assert 'value="A-2"' not in html
    # the channel and date of the previous sheet stay chosen: a stack shares them
    assert re.search(r'value="paper"[^>]*checked', html)
    assert 'value="2026-11-20"' in html
    opinions = Comment.objects.order_by("pk")
    assert [(c.author, c.channel, c.reference, c.stance) for c in opinions] == [
        (None, "paper", "A-1", "agree"),
        (None, "paper", "A-2", ""),
    ]
    assert opinions[0].created_at.date() == datetime.date(2026, 11, 20)


@pytest.mark.django_db
def test_the_screen_is_japanese_with_post_as_the_default_channel(client, topic):
    log_in_as(client, "Editors")

    html = _text(client.get(_url(topic)))

    for words in (
        "意見を入力する",
        "受付方法",
        "受付日",
        "整理番号",
        "記載なし",
        "保存して次を入力",
    ):
        assert words in html
    assert re.search(r'value="post"[^>]*checked', html)
    assert 'value="web"' not in html


@pytest.mark.django_db
def test_a_duplicate_reference_is_refused_naming_it(client, topic, responder):
    _enter(topic, responder, reference="A-0012")
    client.force_login(responder)

    response = client.post(
        _url(topic),
        {"body": "別の意見です。", "channel": "post", "received_on": TODAY, "reference": "A-0012"},
    )

    assert response.status_code == 400
    assert DUPLICATE in response.content.decode()
    assert re.search(r'<input[^>]*name="reference"[^>]*autofocus', response.content.decode())
    assert Comment.objects.count() == 1


@pytest.mark.django_db
def test_an_empty_text_is_refused_as_for_a_member(topic, responder):
    with pytest.raises(CommentError) as refused:
        _enter(topic, responder, body="  \u200b ")

    assert refused.value.message_dict == {"body": ["コメントを入力してから投稿してください。"]}


@pytest.mark.django_db
def test_a_too_long_text_is_refused_and_unsafe_characters_removed(topic, responder):
    with pytest.raises(CommentError):
        _enter(topic, responder, body="あ" * 5001)
    opinion = _enter(topic, responder, body="右から\u202e左へ<b>太字</b>")

    assert opinion.body_source == "右から左へ<b>太字</b>"
    assert "<b>" not in opinion.body_html


@pytest.mark.django_db
def test_a_closed_topic_still_takes_letters(topic, responder, moderator):
    topic_close(topic=topic, actor=moderator, conclusion="まとめです。")

    opinion = _enter(topic, responder)

    assert opinion.status == CommentStatus.PUBLISHED


@pytest.mark.django_db
def test_the_web_is_not_a_channel_staff_enter_and_the_future_is_refused(topic, responder):
    with pytest.raises(CommentError):
        _enter(topic, responder, channel=Channel.WEB)
    with pytest.raises(CommentError):
        _enter(topic, responder, received_on=TODAY + datetime.timedelta(days=2))


# --- The database's rules ---------------------------------------------------------------------


@pytest.mark.django_db
def test_an_opinion_not_from_the_web_never_has_a_member_as_author(topic):
    member = MemberFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(page=topic, author=member, body_source="意見", channel="paper")
    Comment.objects.create(page=topic, author=None, body_source="意見", channel="paper")


@pytest.mark.django_db
def test_the_database_refuses_a_reference_twice_on_a_topic_but_not_empty_ones(topic, home_page):
    other = TopicPageFactory(parent=topic.get_parent())
    values = {"author": None, "body_source": "意見", "channel": "post"}
    Comment.objects.create(page=topic, reference="7", **values)
    Comment.objects.create(page=other, reference="7", **values)
    Comment.objects.create(page=topic, **values)
    Comment.objects.create(page=topic, **values)
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(page=topic, reference="7", **values)


def _enter_waiting_for_locks(topic, actor):
    """ "created" or "refused"; SQLite's shared in-memory test database answers a writer that
    meets another's lock at once: wait here (PostgreSQL blocks on the unique index)."""
    for _attempt in range(200):
        try:
            _enter(topic, actor, reference="A-0012")
            return "created"
        except CommentError as error:
            assert error.message_dict == {"reference": [DUPLICATE]}
            return "refused"
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            time.sleep(random.uniform(0.005, 0.02))
    return "gave up"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_typing_the_same_sheet_at_once_make_one_opinion(home_page):
    topic = TopicPageFactory(parent=TopicIndexPageFactory(parent=home_page))
    staff = [StaffUserFactory(groups=["Editors"]), StaffUserFactory(groups=["Responders"])]
    threads_count = 6
    barrier = threading.Barrier(threads_count)
    outcomes = []

    def enter(actor):
        try:
            barrier.wait()
            outcomes.append(_enter_waiting_for_locks(topic, actor))
        finally:
            connection.close()

    threads = [threading.Thread(target=enter, args=(staff[n % 2],)) for n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["created"] + ["refused"] * (threads_count - 1)
    assert Comment.objects.filter(page=topic, reference="A-0012").count() == 1


# --- How it shows -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_topic_page_shows_the_channel_never_a_member(client, topic, responder, member):
    client.force_login(member)
    OpinionFactory(page=topic, author=member, body_source="会員の意見です。")
    posted = _enter(topic, responder, body="手紙の意見です。", stance=Stance.DISAGREE)
    _enter(topic, responder, body="窓口の意見です。", channel=Channel.COUNTER)
    _enter(topic, responder, body="紙の意見です。", channel=Channel.PAPER)
    _enter(topic, responder, body="催しの意見です。", channel=Channel.EVENT)

    html = _text(client.get(topic.url))

    article = re.search(rf'<article id="comment-{posted.pk}".*?</article>', html).group(0)
    assert "郵送でいただいたご意見" in article
    assert responder.public_name not in article and member.public_name not in article
    assert "member_detail" not in article and "/members/" not in article
    assert "avatar" not in article
    assert "通報" not in article and "スキ" not in article
    assert "返信" in article  # members may still answer it
    assert "opinion-vote" in article or "賛成" in article  # and vote on it
    for words in ("窓口でいただいたご意見", "紙でいただいたご意見", "イベントでいただいたご意見"):
        assert words in html
    assert "退会したユーザー" not in html


@pytest.mark.django_db
def test_the_reply_form_names_the_channel(client, topic, responder, member):
    posted = _enter(topic, responder)
    client.force_login(member)

    html = _text(client.get(f"{topic.url}?reply_to={posted.pk}"))

    assert "郵送でいただいたご意見" in html and "退会したユーザー" not in html


@pytest.mark.django_db
def test_followers_read_the_channel_and_a_reply_to_it_tells_them(topic, responder, member):
    from community.services.notifications import comment_published_notify, follow_add

    follower = MemberFactory(email_verified=True)
    follow_add(member_id=follower.pk, page_id=topic.pk)
    posted = _enter(topic, responder)
    notifications = comment_published_notify(comment=posted)
    reply = CommentFactory(page=topic, parent=posted, author=member)
    replies = comment_published_notify(comment=reply)

    assert [n.recipient_id for n in notifications] == [follower.pk]
    assert "郵送でいただいたご意見" in Notification.objects.get(pk=notifications[0].pk).message
    assert follower.pk in [n.recipient_id for n in replies]


@pytest.mark.django_db
def test_moderation_screens_name_the_channel(client, topic, responder, moderator):
    posted = _enter(topic, responder)
    client.force_login(moderator)

    queue = _text(client.get(reverse("moderation:queue") + "?status=all"))
    detail = _text(client.get(reverse("moderation:comment", args=[posted.pk])))

    assert "郵送でいただいたご意見" in queue and "郵送でいただいたご意見" in detail


@pytest.mark.django_db
def test_a_members_data_export_is_untouched_by_opinions_without_author(topic, responder, member):
    OpinionFactory(page=topic, author=member, body_source="自分の意見")
    _enter(topic, responder)

    data = member_data_export(member=member)

    assert "バスの本数" not in str(data) and "自分の意見" in str(data)
