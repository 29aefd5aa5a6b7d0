"""Moderators' decisions, suspensions and blocked words (community.services.moderation and the
checks in community.services.posting)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation
from django.utils.formats import date_format

from community.models import (
    BlockedWord,
    CommentStatus,
    DiscussionMode,
    ModerationAction,
    ModerationActionKind,
    Notification,
    NotificationKind,
    Report,
    ReportReason,
    ReviewReason,
)
from community.services.comments import comment_create, comment_delete, comment_edit
from community.services.likes import like_toggle
from community.services.moderation import (
    ModerationError,
    comment_approve,
    comment_hide,
    comment_remove,
    comment_restore,
    comments_moderate,
    member_suspend,
    suspension_lift,
)
from community.services.posting import CommentError, member_can_post
from community.services.reports import comment_report
from tests.factories import (
    CommentFactory,
    PageDiscussionFactory,
    StaffUserFactory,
    established_member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    return StaffUserFactory(groups=["Moderators"])


# --- Blocked words ----------------------------------------------------------------------------


def test_a_comment_with_a_blocked_word_waits_for_review_whatever_its_width_or_case(article):
    word = BlockedWord(word="ＳＰＡＭ商材")
    word.full_clean()
    word.save()

    comment = comment_create(
        author=established_member(), page=article, body="格安のSpam商材はこちら"
    )

    assert word.word == "spam商材"
    assert comment.status == CommentStatus.PENDING
    assert comment.review_reason == ReviewReason.BLOCKED_WORD


def test_a_comment_without_blocked_words_is_published(article):
    BlockedWord.objects.create(word="spam")

    comment = comment_create(
        author=established_member(), page=article, body="窓口の予約が便利になりました"
    )

    assert comment.status == CommentStatus.PUBLISHED
    assert comment.review_reason == ""


def test_staff_comments_are_never_held_for_blocked_words(article, moderator):
    BlockedWord.objects.create(word="spam")

    comment = comment_create(author=moderator, page=article, body="spam の報告はこちらへ")

    assert comment.status == CommentStatus.PUBLISHED


def test_an_edit_that_adds_a_blocked_word_sends_the_comment_back_to_review(article):
    BlockedWord.objects.create(word="spam")
    comment = CommentFactory(page=article)

    comment_edit(comment=comment, editor=comment.author, body="いまなら spam です")

    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING
    assert comment.review_reason == ReviewReason.BLOCKED_WORD


def test_premoderated_pages_record_why_a_comment_waits(article):
    PageDiscussionFactory(page=article, mode=DiscussionMode.PREMODERATED)

    comment = comment_create(author=established_member(), page=article, body="事前承認のページです")

    assert comment.review_reason == ReviewReason.PREMODERATED


# --- Decisions on comments ------------------------------------------------------------------


def test_approving_publishes_a_waiting_comment_and_logs_who_and_why(moderator):
    comment = CommentFactory(status=CommentStatus.PENDING, review_reason=ReviewReason.PREMODERATED)

    comment_approve(comment=comment, moderator=moderator, reason="問題ありません")

    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert comment.review_reason == ""
    action = ModerationAction.objects.get()
    assert (action.moderator, action.kind, action.comment, action.member, action.reason) == (
        moderator,
        ModerationActionKind.APPROVE,
        comment,
        comment.author,
        "問題ありません",
    )
    assert action.subject == comment.body_source  # what it said when the moderator acted


def test_approving_a_reported_comment_keeps_it_and_resolves_its_reports(moderator):
    comment = CommentFactory()
    comment_report(comment=comment, reporter=established_member(), reason=ReportReason.SPAM)

    comment_approve(comment=comment, moderator=moderator)

    assert not Report.objects.filter(resolved_at__isnull=True).exists()
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED


def test_after_approval_a_new_report_alone_does_not_hide_the_comment_again(moderator):
    comment = CommentFactory()
    for _ in range(3):
        comment_report(comment=comment, reporter=established_member(), reason=ReportReason.SPAM)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN
    assert comment.review_reason == ReviewReason.REPORTS

    comment_restore(comment=comment, moderator=moderator, reason="誤通報でした")
    comment.refresh_from_db()
    comment_report(comment=comment, reporter=established_member(), reason=ReportReason.SPAM)

    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert comment.report_count == 4


def test_a_plain_published_comment_cannot_be_approved(moderator):
    with pytest.raises(ModerationError):
        comment_approve(comment=CommentFactory(), moderator=moderator)


def test_hiding_and_restoring_a_comment(moderator):
    comment = CommentFactory()

    comment_hide(comment=comment, moderator=moderator, reason="個人情報を含むため")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN

    comment_restore(comment=comment, moderator=moderator)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert list(ModerationAction.objects.values_list("kind", flat=True)) == [
        ModerationActionKind.RESTORE,
        ModerationActionKind.HIDE,
    ]


def test_a_moderator_deletion_keeps_replies_and_can_be_restored_with_its_text(moderator):
    comment = CommentFactory(body_source="元の本文です")
    reply = CommentFactory(parent=comment)

    comment_remove(comment=comment, moderator=moderator, reason="荒らし")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.DELETED
    assert comment.body_source == ""
    reply.refresh_from_db()
    assert reply.status == CommentStatus.PUBLISHED

    comment_restore(comment=comment, moderator=moderator, reason="判断を取り消し")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert comment.body_source == "元の本文です"
    assert "元の本文です" in comment.body_html


def test_a_comment_its_author_deleted_cannot_be_restored(moderator):
    comment = CommentFactory()
    comment_delete(comment=comment, actor=comment.author)

    with pytest.raises(ModerationError) as refused, translation.override("ja"):
        comment_restore(comment=comment, moderator=moderator)

    with translation.override("ja"):
        assert str(refused.value.messages[0]) == (
            "復元できるのは、モデレーターが非表示にしたか削除したコメントだけです。"
        )


def test_only_moderators_decide(article):
    comment = CommentFactory(page=article)
    for outsider in (established_member(), StaffUserFactory(groups=["Editors"]), None):
        with pytest.raises(PermissionDenied):
            comment_hide(comment=comment, moderator=outsider)
    assert not ModerationAction.objects.exists()


def test_bulk_decisions_log_each_comment_and_skip_those_they_do_not_apply_to(moderator):
    waiting = CommentFactory.create_batch(2, status=CommentStatus.PENDING)
    published = CommentFactory()

    outcome = comments_moderate(
        comments=[*waiting, published],
        moderator=moderator,
        kind=ModerationActionKind.APPROVE,
        reason="まとめて承認",
    )

    assert (outcome.done, outcome.skipped) == (2, 1)
    assert ModerationAction.objects.filter(reason="まとめて承認").count() == 2


def test_a_reason_longer_than_1000_characters_is_refused_and_nothing_changes(moderator):
    comment = CommentFactory()

    with pytest.raises(ModerationError):
        comment_hide(comment=comment, moderator=moderator, reason="長" * 1001)

    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert not ModerationAction.objects.exists()


# --- Suspensions ------------------------------------------------------------------------------


def test_a_suspended_member_is_told_until_when_and_why_and_cannot_comment_like_or_report(
    article, moderator
):
    member = established_member()
    ends_at = timezone.now() + timedelta(days=7)
    member_suspend(member=member, moderator=moderator, reason="度重なる中傷", ends_at=ends_at)

    assert not member_can_post(member)
    with translation.override("ja"):
        with pytest.raises(CommentError) as refused:
            comment_create(author=member, page=article, body="投稿できますか")
        until = date_format(timezone.localtime(ends_at), "SHORT_DATETIME_FORMAT")
        assert refused.value.messages == [
            f"モデレーターにより、{until}まで投稿が停止されています。理由：度重なる中傷"
        ]
    with pytest.raises(CommentError):
        like_toggle(member=member, comment=CommentFactory(page=article))
    with pytest.raises(CommentError):
        comment_report(comment=CommentFactory(page=article), reporter=member, reason="spam")
    action = ModerationAction.objects.get()
    assert (action.kind, action.member, action.reason) == (
        ModerationActionKind.SUSPEND,
        member,
        "度重なる中傷",
    )


def test_a_suspension_ends_by_itself_or_when_lifted(moderator):
    member = established_member()
    suspension = member_suspend(member=member, moderator=moderator, reason="冷却期間")
    assert not member_can_post(member)

    suspension_lift(suspension=suspension, moderator=moderator, reason="反省の連絡あり")
    assert member_can_post(member)

    ended = member_suspend(
        member=member, moderator=moderator, reason="1日", ends_at=timezone.now() + timedelta(1)
    )
    ended.ends_at = timezone.now() - timedelta(seconds=1)
    ended.save()
    assert member_can_post(member)


def test_suspending_needs_a_reason_and_a_future_end_and_never_applies_to_staff(moderator):
    member = established_member()
    with pytest.raises(ModerationError):
        member_suspend(member=member, moderator=moderator, reason="  ")
    with pytest.raises(ModerationError):
        member_suspend(
            member=member,
            moderator=moderator,
            reason="過去",
            ends_at=timezone.now() - timedelta(hours=1),
        )
    with pytest.raises(ModerationError):
        member_suspend(member=StaffUserFactory(groups=["Editors"]), moderator=moderator, reason="x")
    assert member_can_post(member)


# --- Telling members --------------------------------------------------------------------------


def test_the_author_is_told_of_a_hide_with_the_reason(
    moderator, django_capture_on_commit_callbacks
):
    comment = CommentFactory()

    with django_capture_on_commit_callbacks(execute=True):
        action = comment_hide(comment=comment, moderator=moderator, reason="個人情報を含むため")

    notification = Notification.objects.get(recipient=comment.author)
    assert notification.kind == NotificationKind.MODERATION
    assert notification.moderation_action == action


def test_approving_a_held_reply_tells_the_member_it_answers(
    article, moderator, django_capture_on_commit_callbacks
):
    PageDiscussionFactory(page=article, mode=DiscussionMode.PREMODERATED)
    parent = CommentFactory(page=article)
    with django_capture_on_commit_callbacks(execute=True):
        reply = comment_create(
            author=established_member(), page=article, body="返信です", parent=parent
        )
    assert not Notification.objects.filter(recipient=parent.author).exists()

    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=reply, moderator=moderator)

    kinds = set(Notification.objects.filter(recipient=parent.author).values_list("kind", flat=True))
    assert kinds == {NotificationKind.REPLY}
    assert Notification.objects.filter(
        recipient=reply.author, kind=NotificationKind.MODERATION
    ).exists()


def test_a_suspended_member_is_told(moderator, django_capture_on_commit_callbacks):
    member = established_member()

    with django_capture_on_commit_callbacks(execute=True):
        member_suspend(member=member, moderator=moderator, reason="冷却期間")

    assert Notification.objects.get(recipient=member).kind == NotificationKind.MODERATION


# --- Edge cases -------------------------------------------------------------------------------


def test_a_second_moderator_deciding_on_a_stale_copy_is_refused_and_logs_nothing(moderator):
    comment = CommentFactory(status=CommentStatus.PENDING)
    stale = CommentFactory._meta.model.objects.get(pk=comment.pk)

    comment_approve(comment=comment, moderator=moderator)
    with pytest.raises(ModerationError):
        comment_approve(comment=stale, moderator=StaffUserFactory(groups=["Moderators"]))

    assert ModerationAction.objects.count() == 1


def test_a_comment_hidden_by_reports_can_be_approved_without_telling_its_author(
    moderator, django_capture_on_commit_callbacks
):
    comment = CommentFactory(status=CommentStatus.HIDDEN, review_reason=ReviewReason.REPORTS)

    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=comment, moderator=moderator)

    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert not Notification.objects.filter(recipient=comment.author).exists()


def test_a_reported_comment_its_author_deletes_leaves_the_queue(moderator):
    from community.selectors.moderation import moderation_queue

    comment = CommentFactory()
    comment_report(comment=comment, reporter=established_member(), reason=ReportReason.SPAM)
    assert list(moderation_queue()) == [comment]

    comment_delete(comment=comment, actor=comment.author)

    assert list(moderation_queue()) == []


def test_restoring_a_reply_that_was_never_published_announces_it(
    article, moderator, django_capture_on_commit_callbacks
):
    parent = CommentFactory(page=article)
    reply = CommentFactory(parent=parent, status=CommentStatus.PENDING)
    comment_hide(comment=reply, moderator=moderator)

    with django_capture_on_commit_callbacks(execute=True):
        comment_restore(comment=reply, moderator=moderator)

    assert Notification.objects.filter(
        recipient=parent.author, kind=NotificationKind.REPLY, comment=reply
    ).exists()


def test_only_a_suspension_in_force_is_lifted_and_the_member_hears_only_when_free(
    moderator, django_capture_on_commit_callbacks
):
    member = established_member()
    week = member_suspend(
        member=member, moderator=moderator, reason="1週間", ends_at=timezone.now() + timedelta(7)
    )
    for_good = member_suspend(member=member, moderator=moderator, reason="無期限")
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        suspension_lift(suspension=week, moderator=moderator)
    assert not Notification.objects.exists()  # still suspended: no "lifted" notice
    with pytest.raises(ModerationError):
        suspension_lift(suspension=week, moderator=moderator)

    with django_capture_on_commit_callbacks(execute=True):
        suspension_lift(suspension=for_good, moderator=moderator)
    assert Notification.objects.get(recipient=member).excerpt == "解除するまで"


def test_a_bulk_reason_that_is_too_long_is_refused_once_and_changes_nothing(moderator):
    comments = CommentFactory.create_batch(2)

    with pytest.raises(ModerationError):
        comments_moderate(comments=comments, moderator=moderator, kind="hide", reason="長" * 1001)

    assert not ModerationAction.objects.exists()


def test_a_suspension_ends_within_ten_years(moderator):
    with pytest.raises(ModerationError):
        member_suspend(
            member=established_member(),
            moderator=moderator,
            reason="長すぎる",
            ends_at=timezone.now() + timedelta(days=3660),
        )


def test_text_spoofing_characters_are_removed_from_the_reasons_staff_type(moderator):
    """The member reads the reason; a bidirectional override would turn part of it around."""
    comment = CommentFactory()
    comment_hide(comment=comment, moderator=moderator, reason="宣伝\u202eのため")
    suspension = member_suspend(
        member=comment.author, moderator=moderator, reason="繰り返し\u2066の\u2069宣伝"
    )

    assert ModerationAction.objects.get(kind="hide").reason == "宣伝のため"
    assert suspension.reason == "繰り返しの宣伝"
