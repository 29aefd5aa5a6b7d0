"""What the database itself guarantees about comments, likes, reports and settings."""

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from wagtail.models import Site

from community.models import (
    Comment,
    CommentStatus,
    DiscussionMode,
    DiscussionSettings,
    Like,
    Report,
    ReportReason,
)
from community.services.discussions import discussion_mode
from tests.factories import (
    ArticlePageFactory,
    CommentFactory,
    MemberFactory,
    PageDiscussionFactory,
    StaffUserFactory,
)


def _refused_by_database(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_comments_are_at_most_three_deep(db):
    third = CommentFactory(parent=CommentFactory(parent=CommentFactory()))

    _refused_by_database(
        lambda: Comment.objects.create(
            page=third.page, parent=third, root=third.root, depth=4, body_source="四"
        )
    )


def test_a_reply_has_a_parent_and_a_root(db):
    top = CommentFactory()

    _refused_by_database(lambda: Comment.objects.create(page=top.page, depth=2, body_source="迷子"))


def test_a_like_has_exactly_one_target(db):
    member, comment = MemberFactory(), CommentFactory()

    _refused_by_database(lambda: Like.objects.create(member=member))
    _refused_by_database(
        lambda: Like.objects.create(member=member, comment=comment, page=comment.page)
    )


def test_a_member_likes_a_comment_or_page_once(db):
    member, comment = MemberFactory(), CommentFactory()
    Like.objects.create(member=member, comment=comment)
    Like.objects.create(member=member, page=comment.page)

    _refused_by_database(lambda: Like.objects.create(member=member, comment=comment))
    _refused_by_database(lambda: Like.objects.create(member=member, page=comment.page))


def test_a_member_reports_a_comment_once(db):
    member, comment = MemberFactory(), CommentFactory()
    Report.objects.create(comment=comment, reporter=member, reason=ReportReason.SPAM)

    _refused_by_database(
        lambda: Report.objects.create(comment=comment, reporter=member, reason=ReportReason.OTHER)
    )


def test_a_leaving_members_comments_stay_without_an_author(db):
    comment = CommentFactory()

    comment.author.delete()

    comment.refresh_from_db()
    assert comment.author is None
    assert comment.status == CommentStatus.PUBLISHED


def test_moderators_may_moderate_comments(db):
    moderator = StaffUserFactory(groups=["Moderators"])
    editor = StaffUserFactory(groups=["Editors"])

    assert (
        Group.objects.get(name="Moderators")
        .permissions.filter(codename="moderate_comment")
        .exists()
    )
    assert moderator.has_perm("community.moderate_comment")
    assert not editor.has_perm("community.moderate_comment")


def test_a_page_without_discussion_settings_is_open(db):
    article = ArticlePageFactory()
    assert discussion_mode(article) == DiscussionMode.OPEN

    PageDiscussionFactory(page=article, mode=DiscussionMode.CLOSED)

    assert discussion_mode(article) == DiscussionMode.CLOSED


def test_discussion_settings_defaults(db):
    settings = DiscussionSettings()

    assert (
        settings.report_threshold,
        settings.edit_grace_minutes,
        settings.min_seconds_between_comments_first_day,
        settings.min_seconds_between_comments,
        settings.max_comments_first_day,
        settings.duplicate_window_minutes,
        settings.max_links_first_day,
    ) == (3, 5, 30, 10, 10, 10, 2)
    with translation.override("en"):
        assert str(DiscussionSettings._meta.verbose_name) == "discussion settings"


@pytest.mark.parametrize(("groups", "status"), [(["Moderators"], 200), (["Editors"], 302)])
def test_moderators_edit_the_discussion_settings_in_the_admin(client, home_page, groups, status):
    site = Site.objects.get(is_default_site=True)
    client.force_login(StaffUserFactory(groups=groups))
    url = reverse("wagtailsettings:edit", args=["community", "discussionsettings", site.pk])

    response = client.get(url)

    assert response.status_code == status
    if status == 200:
        assert 'name="report_threshold" value="3"' in response.content.decode()
