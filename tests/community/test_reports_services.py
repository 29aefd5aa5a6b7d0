"""Reports of comments (community.services.reports)."""

import pytest

from community.models import CommentStatus, Report
from community.services.reports import comment_report
from tests.community.comment_checks import _refused
from tests.factories import CommentFactory, established_member


def test_a_member_reports_a_comment_once(member, article):
    comment = CommentFactory(page=article)

    comment_report(comment=comment, reporter=member, reason="spam")

    _refused(
        lambda: comment_report(comment=comment, reporter=member, reason="offensive"),
        "You have already reported this comment.",
    )
    comment.refresh_from_db()
    assert comment.report_count == 1


def test_at_three_reports_a_comment_is_hidden(article):
    comment = CommentFactory(page=article)
    for _ in range(2):
        comment_report(comment=comment, reporter=established_member(), reason="offensive")
    assert comment.status == CommentStatus.PUBLISHED

    comment_report(comment=comment, reporter=established_member(), reason="personal_information")

    assert (comment.status, comment.report_count) == (CommentStatus.HIDDEN, 3)


def test_other_needs_details(member, article):
    comment = CommentFactory(page=article)

    _refused(
        lambda: comment_report(comment=comment, reporter=member, reason="other", text=" "),
        "Tell us what is wrong with this comment.",
    )
    report = comment_report(comment=comment, reporter=member, reason="other", text="宣伝です")
    assert Report.objects.get().text == report.text == "宣伝です"


def test_a_report_needs_a_known_reason(member, article):
    _refused(
        lambda: comment_report(
            comment=CommentFactory(page=article), reporter=member, reason="boring"
        ),
        "Choose a reason for your report.",
    )


def test_members_do_not_report_their_own_comment(member, article):
    _refused(
        lambda: comment_report(
            comment=CommentFactory(page=article, author=member), reporter=member, reason="spam"
        ),
        "You cannot report your own comment.",
    )


pytestmark = pytest.mark.usefixtures("english")
