"""A member on a phone (390 by 844) and on a desktop joins a discussion with JavaScript on:
likes a comment and the article (the buttons change in place, no page load), replies in a
thread (the reply appears under its parent with 「コメントを投稿しました。」, the form is empty
again, no page load) and reports someone else's comment (an ordinary page, back to the
comment with the thank-you message); a moderator signs in with two-factor authentication,
finds that comment in the admin's moderation queue with its reason and hides it, and readers
no longer see it.

Labels and messages are looked up in the compiled catalogue (`ja`, which fails on a string left
in English), as in test_signup.py.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import browser_page
from tests.e2e.journeys import (
    PASSWORD,
    assert_fits,
    count_page_loads,
    ja,
    sign_in,
    staff_signs_in,
    staff_user_with_authenticator,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def discussion(live_server, transactional_db, django_db_serialized_rollback):
    """An article with a thread (a comment and a reply to it) by other members, and a verified
    member who shows their stakeholder type."""
    from tests.factories import (
        ArticleIndexPageFactory,
        ArticlePageFactory,
        CommentFactory,
        HomePageFactory,
        MemberFactory,
    )

    index = ArticleIndexPageFactory(parent=HomePageFactory())
    article = ArticlePageFactory(parent=index, title="最初の一歩は電子申請", slug="first-step")
    neighbour = MemberFactory(
        email_verified=True, display_name="港町のやまだ", stakeholder_type_public=True
    )
    top = CommentFactory(page=article, author=neighbour, body_source="夜に申請できると助かります")
    answer = CommentFactory(parent=top, body_source="来年度から対応する予定です")
    member = MemberFactory(email_verified=True, display_name="商店街の田中")
    return article, top, answer, member


def test_member_likes_replies_and_reports_and_a_moderator_hides_it(
    page, browser, live_server, discussion, viewport, console_errors, screenshot
):
    from community.models import Comment, Like, Report

    article, top, answer, member = discussion
    sign_in(page, member, next_url=article.url)
    loads = count_page_loads(page)
    thread = page.locator(f"#comment-{top.pk}")
    expect(thread.locator(".comment__header").first).to_contain_text(ja("Resident"))

    # スキ on a comment and on the article: the button changes in place, focus stays on it.
    like = page.locator(f"#like-comment-{top.pk}")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(like.locator(".like-form__count")).to_have_text("1")
    expect(like).to_be_focused()
    page_like = page.locator(f"#like-page-{article.pk}")
    page_like.click()
    expect(page_like).to_have_attribute("aria-pressed", "true")
    expect(page_like.locator(".like-form__count")).to_have_text("1")
    assert loads == [], "liking loaded a page"
    assert Like.objects.filter(member=member).count() == 2

    # A reply: 返信する fills the one form (a page load), posting swaps the section in.
    with page.expect_navigation():
        thread.get_by_role("link", name=ja("Reply")).first.click()
    form = page.locator("#comment-form")
    expect(form).to_contain_text(top.author.public_name)
    form.get_by_role("textbox", name=ja("Comment")).fill("うちの店でも夜の申請を案内します")
    loads.clear()
    form.get_by_role("button", name=ja("Post reply")).click()
    notice = page.locator(".comment__notice")
    expect(notice).to_have_text(ja("Your comment has been posted."))
    expect(notice).to_be_focused()
    reply = Comment.objects.get(author=member)
    assert reply.parent_id == top.pk
    expect(thread.locator(f"#comment-{reply.pk}")).to_contain_text(
        "うちの店でも夜の申請を案内します"
    )
    expect(form.get_by_role("textbox", name=ja("Comment"))).to_have_value("")
    expect(form.get_by_role("button", name=ja("Post comment"))).to_be_visible()
    assert loads == [], "posting loaded a page"
    screenshot("comments-reply")
    assert_fits(page, viewport, console_errors, "after the reply")

    # No 通報 on one's own reply; 通報 on someone else's comment is an ordinary form.
    expect(page.locator(f"#comment-{reply.pk} .comment__action--report")).to_have_count(0)
    with page.expect_navigation():
        page.locator(f"#comment-{answer.pk} .comment__action--report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ja("Report a comment"))
    page.get_by_label(ja("Spam or advertising")).check()
    assert_fits(page, viewport, console_errors, "the report form")
    with page.expect_navigation():
        page.get_by_role("button", name=ja("Send report")).click()
    assert re.search(rf"#comment-{answer.pk}$", page.url)
    expect(page.get_by_text(ja("Thank you. Moderators will look at this comment."))).to_be_visible()
    assert Report.objects.get().reporter == member
    assert_fits(page, viewport, console_errors, "after the report")

    # A moderator (two-factor sign-in) finds it in the admin queue and hides it with a reason.
    moderator_page = browser_page(browser, live_server.url, viewport, console_errors)
    moderator_hides(moderator_page, answer, reason="業者の宣伝のため")
    answer.refresh_from_db()
    assert answer.status == "hidden"
    assert answer.moderation_actions.get().reason == "業者の宣伝のため"

    # Readers no longer see it; its author sees it marked as hidden.
    page.reload()
    expect(page.get_by_text("来年度から対応する予定です")).to_have_count(0)
    assert_fits(page, viewport, console_errors, "after the moderator hid it")
    moderator_page.context.close()


def moderator_hides(page, comment, *, reason):
    """Sign in as a Moderator with the password and an authenticator code, tick `comment` in
    the moderation queue, choose 非表示にする with `reason` and apply."""
    moderator = staff_user_with_authenticator(groups=["Moderators"])
    page.goto("/accounts/login/?next=/admin/moderation/")
    staff_signs_in(page, moderator)
    expect(page.get_by_role("heading", level=1)).to_have_text(ja("Moderation queue"))
    row = page.locator("tr", has_text=comment.body_source)
    expect(row).to_contain_text(ja("Spam or advertising"))
    row.get_by_role("checkbox").check()
    page.get_by_label(ja("Action", context="moderation")).select_option(label=ja("Hide"))
    page.get_by_label(ja("Reason (shown to the author)")).fill(reason)
    with page.expect_navigation():
        page.get_by_role("button", name=ja("Apply")).click()
    expect(page.get_by_text("非表示：1件のコメント")).to_be_visible()


def test_refused_comment_keeps_the_text_in_place(page, discussion, viewport, console_errors):
    article, _top, _answer, member = discussion
    sign_in(page, member, next_url=article.url)
    loads = count_page_loads(page)
    form = page.locator("#comment-form")
    text = "あ" * 5001

    form.get_by_role("textbox", name=ja("Comment")).fill(text)
    form.get_by_role("button", name=ja("Post comment")).click()

    expect(form.locator(".error-summary")).to_be_focused()
    expect(form.locator(".error-summary")).to_contain_text("5,000")
    expect(form.get_by_role("textbox", name=ja("Comment"))).to_have_value(text)
    assert loads == []
    assert_fits(page, viewport, console_errors, "the refused comment")


def test_like_after_the_session_ended_goes_to_sign_in_and_back_to_the_article(
    page, discussion, console_errors
):
    article, top, _answer, member = discussion
    sign_in(page, member, next_url=article.url)
    page.context.clear_cookies(name="sessionid")

    with page.expect_navigation(url=re.compile(r"/accounts/login/")):
        page.locator(f"#like-comment-{top.pk}").click()

    assert parse_qs(urlsplit(page.url).query)["next"] == [article.url]
    page.locator("input[name=login]").fill(member.email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert urlsplit(page.url).path == article.url
    assert console_errors == []


def test_a_new_members_second_comment_waits_then_posts(page, discussion, viewport, console_errors):
    """Posting again at once: 「あと…秒お待ちください」 as a notice (no 入力内容を確認してください),
    the text kept, the button usable again when the seconds are over, then the comment posts."""
    from community.models import Comment, DiscussionSettings

    article, _top, _answer, member = discussion
    limits = DiscussionSettings.for_site(article.get_site())
    limits.min_seconds_between_comments_first_day = 3
    limits.save()
    sign_in(page, member, next_url=article.url)
    form = page.locator("#comment-form")
    box = form.get_by_role("textbox", name=ja("Comment"))
    button = form.get_by_role("button", name=ja("Post comment"))
    box.fill("一つ目の意見です")
    button.click()
    expect(page.locator(".comment__notice").first).to_be_visible()

    box.fill("続けてもう一つ")
    button.click()

    notice = form.locator(".comment-wait")
    expect(notice).to_be_focused()
    expect(notice).to_contain_text(
        re.compile(r"次のコメントを投稿できるまで、あと\d秒お待ちください。")
    )
    expect(form.locator(".error-summary")).to_have_count(0)
    expect(box).to_have_value("続けてもう一つ")
    expect(button).to_be_disabled()
    assert_fits(page, viewport, console_errors, "the wait before the next comment")

    expect(notice).to_have_text("投稿できるようになりました。", timeout=6_000)
    expect(button).to_be_enabled()
    button.click()
    expect(page.locator(".comment__body", has_text="続けてもう一つ")).to_be_visible()
    assert Comment.objects.filter(author=member).count() == 2
