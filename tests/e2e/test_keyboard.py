"""A signed-in member on a phone and on a desktop joins a discussion with the keyboard alone
(Tab, Shift+Tab, Enter and typing; no pointer): the first Tab reaches 「本文へスキップ」, which
moves the focus to the main content; from there Tab reaches the comment form; the member
posts a comment, replies to someone else's comment through its 「返信する」 link, and likes it.
Wherever the focus lands, it can be seen: the focused element has an outline or a box-shadow.
"""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

MAX_PRESSES = 150  # the page is short; more means the target cannot be reached by keyboard

# What the focused element looks like: enough to say which it is and whether it can be seen.
FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return {
    description: element.outerHTML.slice(0, 120),
    visible: outline || style.boxShadow !== "none",
  };
}"""
# Whether the element `selector` matches comes before the focused one in the document.
BEFORE_FOCUS = """(selector) => {
  const target = document.querySelector(selector);
  const focused = document.activeElement;
  return Boolean(target.compareDocumentPosition(focused) & Node.DOCUMENT_POSITION_FOLLOWING);
}"""


@pytest.fixture
def discussion(live_server, transactional_db, django_db_serialized_rollback):
    """An article with a comment by a neighbour, and a member of a month's standing who may
    post twice in a row (no pause between comments: the keyboard is not what is tested there)."""
    from community.models import DiscussionSettings
    from tests.factories import (
        ArticleIndexPageFactory,
        ArticlePageFactory,
        CommentFactory,
        HomePageFactory,
        MemberFactory,
        established_member,
    )

    article = ArticlePageFactory(
        parent=ArticleIndexPageFactory(parent=HomePageFactory()),
        title="最初の一歩は電子申請",
        body=[{"type": "paragraph", "value": "<p>行政DXの第一歩は電子申請です。</p>"}],
    )
    neighbour = MemberFactory(email_verified=True, display_name="港町のやまだ")
    top = CommentFactory(page=article, author=neighbour, body_source="夜に申請できると助かります")
    member = established_member(display_name="商店街の田中")
    limits = DiscussionSettings.for_site(article.get_site())
    limits.min_seconds_between_comments = 0
    limits.save()
    return article, top, member


def assert_focus_visible(page):
    focused = page.evaluate(FOCUSED)
    assert focused["visible"], f"the focus cannot be seen on {focused['description']}"


def tab_to(page, selector):
    """Press Tab (Shift+Tab when `selector` is earlier in the page) until it has the focus,
    checking at every stop that the focus can be seen."""
    key = "Shift+Tab" if page.evaluate(BEFORE_FOCUS, selector) else "Tab"
    target = page.locator(selector)
    for _press in range(MAX_PRESSES):
        page.keyboard.press(key)
        assert_focus_visible(page)
        if target.evaluate("(element) => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} not reached with {key} in {MAX_PRESSES} presses")


def test_member_comments_replies_and_likes_with_the_keyboard_alone(
    page, discussion, signed_in, console_errors
):
    from community.models import Comment, Like

    article, top, member = discussion
    signed_in(member)
    page.goto(article.url)

    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("本文へスキップ")
    expect(skip).to_be_in_viewport()
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()

    tab_to(page, "#comment-form textarea")
    page.keyboard.type("夜間の申請窓口に賛成です")
    tab_to(page, "#comment-form button[type=submit]")
    expect(page.locator(":focus")).to_have_text("コメントを投稿する")
    page.keyboard.press("Enter")
    notice = page.locator(".comment__notice")
    expect(notice).to_have_text("コメントを投稿しました。")
    expect(notice).to_be_focused()
    comment = Comment.objects.get(author=member)
    assert (comment.body_source, comment.parent) == ("夜間の申請窓口に賛成です", None)

    reply_link = f"#comment-{top.pk} > .comment__actions a[href*='reply_to']"
    tab_to(page, reply_link)
    expect(page.locator(":focus")).to_have_text("返信する")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    form = page.locator("#comment-form")
    expect(form).to_contain_text("港町のやまだ")
    tab_to(page, "#comment-form textarea")
    page.keyboard.type("うちの店でも夜の申請を案内します")
    tab_to(page, "#comment-form button[type=submit]")
    expect(page.locator(":focus")).to_have_text("返信を投稿する")
    page.keyboard.press("Enter")
    notice = page.locator(".comment__notice")
    expect(notice).to_have_text("コメントを投稿しました。")
    expect(notice).to_be_focused()  # the swap is done: a Tab pressed before it may be lost
    reply = Comment.objects.get(author=member, parent=top)
    assert reply.body_source == "うちの店でも夜の申請を案内します"
    expect(page.locator(f"#comment-{reply.pk} .comment__body")).to_have_text(
        "うちの店でも夜の申請を案内します"
    )

    like = page.locator(f"#like-comment-{top.pk}")
    tab_to(page, f"#like-comment-{top.pk}")
    page.keyboard.press("Enter")
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(like.locator(".like-form__count")).to_have_text("1")
    expect(like).to_be_focused()
    assert Like.objects.get(member=member).comment == top
    assert console_errors == []
