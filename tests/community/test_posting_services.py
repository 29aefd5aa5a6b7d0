"""Who may post, where and how fast (community.services.posting), through comment_create."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.formats import date_format

from community.models import Comment, DiscussionMode, DiscussionSettings
from community.services.comments import comment_create
from community.services.posting import CommentError
from tests.community.comment_checks import _at, _refused
from tests.factories import (
    CommentFactory,
    MemberFactory,
    PageDiscussionFactory,
    established_member,
)

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def newcomer(db):
    return MemberFactory(email_verified=True)


# --- comment_create: who and where ------------------------------------------------------------


@pytest.mark.parametrize(
    ("make_author", "message"),
    [
        (lambda: MemberFactory(), "Confirm your e-mail address before you post."),
        (
            lambda: MemberFactory(email_verified=True, is_active=False),
            "Your account cannot post at the moment.",
        ),
        (lambda: AnonymousUser(), "Your account cannot post at the moment."),
    ],
)
def test_only_active_members_with_a_verified_email_may_post(article, make_author, message):
    _refused(lambda: comment_create(author=make_author(), page=article, body="こんにちは"), message)
    assert not Comment.objects.exists()


def test_an_unpublished_page_takes_no_comments(member, article):
    article.unpublish()

    _refused(
        lambda: comment_create(author=member, page=article, body="こんにちは"),
        "Comments can only be posted on published pages.",
    )


def test_a_closed_page_takes_no_comments(member, article):
    PageDiscussionFactory(page=article, mode=DiscussionMode.CLOSED)

    _refused(
        lambda: comment_create(author=member, page=article, body="こんにちは"),
        "Comments are closed on this page.",
    )


# --- comment_create: pace, duplicates, links --------------------------------------------------


def test_the_same_text_again_within_ten_minutes_is_refused(member, article):
    start = timezone.now()
    with _at(start):
        comment_create(author=member, page=article, body="同じ意見です")
    with _at(start + timedelta(minutes=9)):
        _refused(
            lambda: comment_create(author=member, page=article, body="同じ意見です"),
            "You have just posted the same text. Please write something new.",
        )
    with _at(start + timedelta(minutes=10, seconds=1)):
        assert comment_create(author=member, page=article, body="同じ意見です")


def test_members_wait_ten_seconds_between_comments_and_are_told_how_long(member, article):
    start = timezone.now()
    with _at(start):
        comment_create(author=member, page=article, body="一つ目")
    with _at(start + timedelta(seconds=4)):
        _refused(
            lambda: comment_create(author=member, page=article, body="二つ目"),
            "Please wait 6 seconds before posting another comment.",
        )
    with _at(start + timedelta(seconds=10)):
        assert comment_create(author=member, page=article, body="二つ目")


def test_on_their_first_day_members_wait_thirty_seconds(newcomer, article):
    start = timezone.now()
    with _at(start):
        comment_create(author=newcomer, page=article, body="一つ目")
    with _at(start + timedelta(seconds=29)):
        _refused(
            lambda: comment_create(author=newcomer, page=article, body="二つ目"),
            "Please wait 1 second before posting another comment.",
        )


def test_on_their_first_day_members_post_at_most_ten_comments(article):
    start = timezone.now()
    newcomer = MemberFactory(email_verified=True, date_joined=start)
    CommentFactory.create_batch(
        10, author=newcomer, page=article, created_at=start - timedelta(minutes=5)
    )
    allowed_from = timezone.localtime(start + timedelta(days=1))
    with _at(start + timedelta(hours=2)):
        _refused(
            lambda: comment_create(author=newcomer, page=article, body="十一個目"),
            "On your first day you can post 10 comments. You can post again from "
            f"{date_format(allowed_from, 'SHORT_DATETIME_FORMAT')}.",
        )
    with _at(start + timedelta(days=1, seconds=1)):
        assert comment_create(author=newcomer, page=article, body="十一個目")


def test_one_address_is_limited_whoever_posts_as_the_site_settings_say(article):
    limits = DiscussionSettings.for_site(article.get_site())
    limits.max_comments_per_address = 2
    limits.save()
    for n in range(2):
        comment_create(
            author=established_member(), page=article, body=f"意見{n}", ip_address="192.0.2.1"
        )

    with pytest.raises(CommentError) as caught:
        comment_create(
            author=established_member(), page=article, body="意見", ip_address="192.0.2.1"
        )

    assert re.fullmatch(
        r"Please wait \d+ seconds? before posting another comment\.", caught.value.messages[0]
    )
    assert comment_create(
        author=established_member(), page=article, body="意見", ip_address="192.0.2.2"
    )


def test_first_day_members_include_at_most_two_links(newcomer, member, article):
    three = "https://a.jp/ https://b.jp/ https://c.jp/"

    _refused(
        lambda: comment_create(author=newcomer, page=article, body=three),
        "On your first day you can include at most 2 web addresses in a comment.",
    )
    assert comment_create(author=newcomer, page=article, body="https://a.jp/ https://b.jp/")
    assert comment_create(author=member, page=article, body=three)
