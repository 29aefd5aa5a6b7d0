"""Journey 6: a moderator on a phone (390 by 844) and on a desktop works the moderation queue.
Two-factor sign-in; the reported comment is in the queue with its reason; the moderator narrows
the queue to its author, hides the comment with a reason, then opens 投稿停止 for that member and
suspends them for three days with a reason. Readers no longer see the comment, and the member,
signed in, finds the comment form replaced by the suspension notice with that reason.

The report is made through community.services.reports.comment_report, as the report form
does (test_comments.py drives that form in the browser).
"""

from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import browser_page
from tests.e2e.journeys import (
    assert_apart,
    assert_fits,
    ja,
    sign_in,
    staff_signs_in,
    staff_user_with_authenticator,
)

pytestmark = pytest.mark.e2e

SPAM = "格安で代行します。今すぐこちらへご連絡ください"
HIDE_REASON = "業者の宣伝のため"
SUSPEND_REASON = "宣伝の投稿を繰り返したため"


@pytest.fixture
def reported(live_server, transactional_db, django_db_serialized_rollback):
    """An article with a spam comment that a member reported, and a Moderator."""
    from community.services.reports import comment_report
    from tests.factories import (
        ArticleIndexPageFactory,
        ArticlePageFactory,
        CommentFactory,
        HomePageFactory,
        MemberFactory,
    )

    article = ArticlePageFactory(
        parent=ArticleIndexPageFactory(parent=HomePageFactory()), title="最初の一歩は電子申請"
    )
    spammer = MemberFactory(email_verified=True, display_name="代行サービス")
    spam = CommentFactory(page=article, author=spammer, body_source=SPAM)
    reporter = MemberFactory(email_verified=True, display_name="港町のやまだ")
    comment_report(comment=spam, reporter=reporter, reason="spam")
    return SimpleNamespace(
        article=article,
        spam=spam,
        spammer=spammer,
        moderator=staff_user_with_authenticator(groups=["Moderators"]),
    )


def test_a_moderator_hides_a_reported_comment_and_suspends_its_author(
    page, browser, live_server, reported, viewport, console_errors
):
    spam, spammer = reported.spam, reported.spammer

    # Two-factor sign-in, straight to the queue: the report and its reason are there.
    page.goto("/accounts/login/?next=/admin/moderation/")
    staff_signs_in(page, reported.moderator)
    expect(page.get_by_role("heading", level=1)).to_have_text(ja("Moderation queue"))
    row = page.locator("tr", has_text=SPAM)
    expect(row).to_contain_text(ja("Spam or advertising"))
    assert_apart(page, ".staff-filters :is(select, input, button)", "the queue's filters")

    # Only this member's comments; hide the reported one with a reason.
    with page.expect_navigation():
        row.get_by_role("link", name=spammer.public_name).click()
    chips = page.locator(".moderation-chips")
    expect(chips).to_contain_text(spammer.public_name)
    page.locator("tr", has_text=SPAM).get_by_role("checkbox").check()
    page.get_by_label(ja("Action", context="moderation")).select_option(label=ja("Hide"))
    page.get_by_label(ja("Reason (shown to the author)")).fill(HIDE_REASON)
    with page.expect_navigation():
        page.get_by_role("button", name=ja("Apply")).click()
    expect(page.get_by_text("非表示：1件のコメント")).to_be_visible()
    spam.refresh_from_db()
    assert spam.status == "hidden"

    # 投稿停止 for that member: three days, with a reason they will read.
    with page.expect_navigation():
        chips.get_by_role("link", name=ja("Suspensions")).click()
    assert urlsplit(page.url).path == f"/admin/moderation/members/{spammer.pk}/"
    expect(page.get_by_text(ja("Never suspended."))).to_be_visible()
    page.get_by_label(ja("3 days"), exact=True).check()
    page.get_by_label(ja("Reason (shown to the member)")).fill(SUSPEND_REASON)
    with page.expect_navigation():
        page.get_by_role("button", name=ja("Suspend"), exact=True).click()
    expect(
        page.get_by_text(
            ja("%(member)s is suspended from posting.") % {"member": spammer.public_name}
        )
    ).to_be_visible()
    expect(page.locator("table.listing tbody tr")).to_contain_text(SUSPEND_REASON)
    assert spammer.suspensions.get().created_by == reported.moderator
    assert console_errors == [], console_errors

    # The member: the comment is gone for readers, and posting is refused with the reason.
    member_errors = []
    member_page = browser_page(browser, live_server.url, viewport, member_errors)
    sign_in(member_page, spammer, next_url=reported.article.url)
    notice = member_page.locator("#comment-form .notice--warning")
    expect(notice).to_contain_text(SUSPEND_REASON)
    expect(member_page.locator("#comment-form textarea")).to_have_count(0)
    assert_fits(member_page, viewport, member_errors, "the suspended member's article")
    member_page.context.close()

    page.context.clear_cookies()
    page.goto(reported.article.url)
    expect(page.locator("main")).not_to_contain_text(SPAM)
