"""Journey 2: a member on a phone (390 by 844) and on a desktop follows an article, likes a
comment and replies in its thread; when another member then comments on the article, the member
finds 「…さんが「…」にコメントしました」-style notification in 通知 and in an e-mail, and stops
those e-mails with the one-click link at the foot of the mail (no sign-in needed).

The other member's comment is posted through community.services.comments.comment_create, as the
comment form would; its notification and e-mail come from the same task as on the site (the test
settings run tasks at once and keep mail in django.core.mail.outbox).
"""

import re
from types import SimpleNamespace

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.journeys import assert_fits, ja, sign_in

pytestmark = pytest.mark.e2e

REPLY = "夜間の申請、うちの商店街でも案内します"
NEW_COMMENT = "土曜の午前も窓口を開けてもらえると助かります"
UNSUBSCRIBE_LINK = re.compile(r"https?://[^/\s]+(/accounts/notifications/unsubscribe/[^\s/]+/)")


@pytest.fixture
def discussion(live_server, transactional_db, django_db_serialized_rollback):
    """An article with a comment by a neighbour, the member of the journey and a third member."""
    from tests.factories import (
        ArticleIndexPageFactory,
        ArticlePageFactory,
        CommentFactory,
        HomePageFactory,
        MemberFactory,
    )

    index = ArticleIndexPageFactory(parent=HomePageFactory())
    article = ArticlePageFactory(parent=index, title="最初の一歩は電子申請", slug="first-step")
    neighbour = MemberFactory(email_verified=True, display_name="港町のやまだ")
    return SimpleNamespace(
        article=article,
        top=CommentFactory(
            page=article, author=neighbour, body_source="夜に申請できると助かります"
        ),
        member=MemberFactory(email_verified=True, display_name="商店街の田中"),
        other=MemberFactory(email_verified=True, display_name="駅前のすずき"),
    )


def unsubscribe_path(member):
    """The one-click link of the notification e-mail sent to `member`."""
    mails = [message for message in mail.outbox if message.to == [member.email]]
    assert len(mails) == 1, [(message.to, message.subject) for message in mail.outbox]
    found = UNSUBSCRIBE_LINK.search(mails[0].body)
    assert found, f"no unsubscribe link in the mail:\n{mails[0].body}"
    return mails[0], found.group(1)


def test_a_member_follows_likes_replies_hears_of_a_new_comment_and_unsubscribes_by_mail(
    page, discussion, viewport, console_errors
):
    from community.services.comments import comment_create

    article, top, member = discussion.article, discussion.top, discussion.member
    sign_in(page, member, next_url=article.url)

    # Follow the article: a page load, back at the comments with the message.
    with page.expect_navigation():
        page.get_by_role("button", name=ja("Follow this article")).click()
    expect(page.get_by_role("status")).to_contain_text(
        ja("You now follow this article and will hear of new comments.")
    )
    expect(page.get_by_role("button", name=ja("Unfollow"))).to_be_visible()

    # スキ on the neighbour's comment, then a reply in its thread.
    like = page.locator(f"#like-comment-{top.pk}")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    with page.expect_navigation():
        page.locator(f"#comment-{top.pk}").get_by_role("link", name=ja("Reply")).first.click()
    form = page.locator("#comment-form")
    form.get_by_role("textbox", name=ja("Comment")).fill(REPLY)
    form.get_by_role("button", name=ja("Post reply")).click()
    expect(page.locator(".comment__notice")).to_have_text(ja("Your comment has been posted."))
    expect(page.locator(f"#comment-{top.pk}")).to_contain_text(REPLY)
    assert_fits(page, viewport, console_errors, "after the reply")

    # Someone else comments on the article: the member hears of it, in 通知 and by e-mail.
    comment_create(author=discussion.other, page=article, body=NEW_COMMENT)
    message = ja("%(name)s commented on “%(title)s”, which you follow.") % {
        "name": "駅前のすずき",
        "title": article.title,
    }
    page.goto("/")
    page.locator(".account-menu__toggle").click()
    with page.expect_navigation():
        page.locator(".account-menu__list").get_by_role("link", name=ja("Notifications")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ja("Notifications"))
    newest = page.locator(".notification").first
    expect(newest).to_have_class("notification notification--unread")
    expect(newest.locator(".notification__message")).to_have_text(message)
    expect(newest.locator(".notification__excerpt")).to_contain_text(NEW_COMMENT)
    assert_fits(page, viewport, console_errors, "the notifications")

    email, link = unsubscribe_path(member)
    assert email.subject.startswith("[寄り合い] ")
    assert message in email.body

    # The link in the mail, opened signed out: it asks first, then stops the e-mails.
    page.context.clear_cookies()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(ja("Stop notification e-mails"))
    with page.expect_navigation():
        page.get_by_role("button", name=ja("Stop notification e-mails")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ja("Notification e-mails stopped"))
    assert_fits(page, viewport, console_errors, "unsubscribed")
    member.refresh_from_db()
    assert member.notification_email == "none"

    # Opening the link again says so.
    page.goto(link)
    expect(page.get_by_text(ja("You already receive no notification e-mails."))).to_be_visible()
