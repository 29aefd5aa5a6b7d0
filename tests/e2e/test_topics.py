"""An opinion exchange (issue 8) on a desktop and on a phone (journey 7 of issue 10) with
JavaScript on: a member posts an opinion with a stance (refused first without one: the Japanese
message, the text kept, no page load);
another member votes 賛成 on it (the counts appear only then), changes the vote to 反対 (the
counts and aria-pressed follow) and replies in its thread; a moderator (two-factor sign-in)
closes the topic from モデレーション → 意見交換の終了 with a conclusion, which the topic then shows
pinned on top with no forms or vote buttons, and the first member has a notification of it.

On a phone (390 by 844) the open topic with an opinion and a reply, and the closed topic, fit
the screen. Screenshots of the header go to the temporary directory's shots/ (looked at, not
kept with the code). The conclusion's heading is a known bug, expected to fail until fixed.
"""

import re
import tempfile
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import browser_page
from tests.e2e.journeys import (
    assert_fits,
    count_page_loads,
    ja,
    sign_in,
    staff_signs_in,
    staff_user_with_authenticator,
)

pytestmark = pytest.mark.e2e

SHOTS = Path(tempfile.gettempdir()) / "shots"  # looked at, not kept
OPINION = "支所でも書かない窓口があれば、仕事を休まずに手続きできます。"
REPLY = "高齢の方には職員が横で案内する形も残してほしいです。"
CONCLUSION = "書かない窓口は来年度から全ての支所に広げます。対面での案内も続けます。"


@pytest.fixture
def exchange(live_server, transactional_db, django_db_serialized_rollback):
    """A site with all four sections in its header, an open topic that asks for a stance, and
    two established members."""
    from tests.factories import (
        ArticleIndexPageFactory,
        ContactPageFactory,
        HomePageFactory,
        SurveyIndexPageFactory,
        TopicIndexPageFactory,
        TopicPageFactory,
        established_member,
    )

    home = HomePageFactory()
    ArticleIndexPageFactory(parent=home)
    index = TopicIndexPageFactory(parent=home)
    SurveyIndexPageFactory(parent=home)
    ContactPageFactory(parent=home)
    topic = TopicPageFactory(parent=index, title="書かない窓口を全ての支所に")
    return SimpleNamespace(
        home=home,
        topic=topic,
        author=established_member(display_name="駅前のすずき"),
        voter=established_member(display_name="商店街の田中"),
    )


def counts_of(opinion_element):
    """The 賛成 and 反対 counts under an opinion (they follow its htmx swaps)."""
    counts = opinion_element.locator(".opinion-vote__counts").first
    return (
        counts.locator(".opinion-vote__count--agree"),
        counts.locator(".opinion-vote__count--disagree"),
    )


def test_members_exchange_opinions_and_a_moderator_closes_the_topic(
    page, browser, live_server, exchange, viewport, console_errors
):
    from community.models import Comment, OpinionVote

    topic = exchange.topic
    SHOTS.mkdir(exist_ok=True)
    page.goto(exchange.home.url)
    page.locator(".site-header").screenshot(path=SHOTS / f"topics-header-{viewport}-home.png")

    # 1. An opinion needs a stance: refused in place with the text kept, then posted with 賛成.
    sign_in(page, exchange.author, next_url=topic.url)
    loads = count_page_loads(page)
    form = page.locator("#comment-form")
    form.get_by_role("textbox", name=ja("Your opinion")).fill(OPINION)
    form.get_by_role("button", name=ja("Post opinion")).click()
    expect(form.locator(".error-summary")).to_contain_text(
        ja("Choose where you stand: for, neutral or against.")
    )
    expect(form.get_by_role("textbox", name=ja("Your opinion"))).to_have_value(OPINION)
    assert not Comment.objects.exists()

    form.locator(".stance-field").get_by_label(ja("For"), exact=True).check()
    form.get_by_role("button", name=ja("Post opinion")).click()
    expect(page.locator(".comment__notice")).to_have_text("意見を投稿しました。")
    opinion = Comment.objects.get(author=exchange.author)
    mine = page.locator(f"#comment-{opinion.pk}")
    expect(mine).to_contain_text(OPINION)
    expect(mine.locator(".stance-badge--agree")).to_contain_text(ja("For"))
    assert loads == [], "posting loaded a page"
    page.locator(".site-header").screenshot(path=SHOTS / f"topics-header-{viewport}-topic.png")
    assert_fits(page, viewport, console_errors, "after the opinion")

    # 2. Another member: the counts appear once they vote; a changed vote moves them.
    other = browser_page(browser, live_server.url, viewport, console_errors)
    sign_in(other, exchange.voter, next_url=topic.url)
    theirs = other.locator(f"#comment-{opinion.pk}")
    expect(theirs.locator(".stance-badge--agree")).to_be_visible()
    expect(theirs.locator(".opinion-vote__counts")).to_have_count(0)
    expect(theirs.locator(".opinion-vote__hint")).to_have_text(
        ja("The counts appear once you have voted.")
    )
    agree = other.locator(f"#vote-{opinion.pk}-agree")
    disagree = other.locator(f"#vote-{opinion.pk}-disagree")
    agree.click()
    expect(agree).to_have_attribute("aria-pressed", "true")
    agree_count, disagree_count = counts_of(theirs)
    expect(agree_count).to_contain_text(f"{ja('Agree')} 1 (100%)")
    expect(disagree_count).to_contain_text(f"{ja('Disagree')} 0 (0%)")

    disagree.click()
    expect(disagree).to_have_attribute("aria-pressed", "true")
    expect(agree).to_have_attribute("aria-pressed", "false")
    expect(agree_count).to_contain_text(f"{ja('Agree')} 0 (0%)")
    expect(disagree_count).to_contain_text(f"{ja('Disagree')} 1 (100%)")
    assert OpinionVote.objects.get(member=exchange.voter).choice == "disagree"

    # … and replies: 返信する fills the form (a page load), the reply threads under the opinion.
    with other.expect_navigation():
        theirs.get_by_role("link", name=ja("Reply")).first.click()
    reply_form = other.locator("#comment-form")
    expect(reply_form.locator(".stance-field")).to_have_count(0)
    reply_form.get_by_role("textbox", name=ja("Comment")).fill(REPLY)
    reply_form.get_by_role("button", name=ja("Post reply")).click()
    expect(other.locator(".comment__notice")).to_have_text("返信を投稿しました。")
    reply = Comment.objects.get(author=exchange.voter)
    assert reply.parent_id == opinion.pk
    expect(theirs.locator(f".comment-list--replies #comment-{reply.pk}")).to_contain_text(REPLY)
    other.context.close()

    # 3. A moderator closes it from モデレーション → 意見交換の終了 with a conclusion.
    moderator_page = browser_page(browser, live_server.url, viewport, console_errors)
    moderator_closes(moderator_page, topic, conclusion=CONCLUSION)
    moderator_page.context.close()

    # The topic shows the conclusion first, and takes no more opinions, replies or votes.
    page.reload()
    summary = page.locator(".topic-conclusion")  # its heading: test_the_conclusion_is_headed_matome
    expect(summary).to_contain_text(CONCLUSION)
    pinned_above = page.evaluate(
        """() => Boolean(document.querySelector(".topic-conclusion").compareDocumentPosition(
            document.querySelector(".topic__question")) & Node.DOCUMENT_POSITION_FOLLOWING)"""
    )
    assert pinned_above, "the conclusion is not above the question"
    expect(page.locator("#comment-form form")).to_have_count(0)
    expect(page.locator(".opinion-vote__form")).to_have_count(0)
    expect(page.get_by_role("link", name=ja("Reply"))).to_have_count(0)
    expect(mine.locator(".opinion-vote__count--disagree")).to_contain_text("1")
    assert_fits(page, viewport, console_errors, "the closed topic")

    # The member who posted hears of it, newest first in 通知.
    page.locator(".account-menu__toggle").click()
    with page.expect_navigation():
        page.locator(".account-menu__list").get_by_role("link", name=ja("Notifications")).click()
    newest = page.locator(".notification").first
    expect(newest).to_have_class("notification notification--unread")
    expect(newest.locator(".notification__message")).to_have_text(
        ja("The opinion exchange “%(title)s” you took part in has closed. Read its conclusion.")
        % {"title": topic.title}
    )
    expect(newest.locator(".notification__excerpt")).to_contain_text(CONCLUSION[:20])
    assert console_errors == []


def moderator_closes(page, topic, *, conclusion):
    """Sign in as a Moderator (password and authenticator code), open 意見交換の終了 from the
    admin's モデレーション menu, choose 終了する on `topic` and close it with `conclusion`."""
    moderator = staff_user_with_authenticator(groups=["Moderators"])
    page.goto("/admin/")
    staff_signs_in(page, moderator)
    sidebar = page.locator("#wagtail-sidebar")
    if page.viewport_size["width"] < 800:  # a phone: Wagtail's menu is behind its own button
        sidebar.locator("button.sidebar-nav-toggle--mobile").click()
    sidebar.get_by_role("button", name=ja("Moderation")).click()
    with page.expect_navigation():
        sidebar.get_by_role("link", name=ja("Close an opinion exchange")).click()
    assert urlsplit(page.url).path == "/admin/topic-closing/"
    row = page.locator("tr", has_text=topic.title)
    with page.expect_navigation():
        row.get_by_role("link", name=ja("Close", context="opinion exchange")).click()
    page.get_by_label(ja("Conclusion (まとめ)")).fill(conclusion)
    with page.expect_navigation():
        page.get_by_role("button", name=ja("Close the opinion exchange")).click()
    expect(page.get_by_text(conclusion)).to_be_visible()
    topic.refresh_from_db()
    assert topic.closure.closed_by == moderator


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_an_open_and_a_closed_topic_fit_a_phone(page, exchange, viewport, console_errors):
    from community.services.topics import topic_close
    from tests.factories import CommentFactory, OpinionFactory, StaffUserFactory

    topic = exchange.topic
    opinion = OpinionFactory(page=topic, author=exchange.author, body_source=OPINION)
    CommentFactory(parent=opinion, author=exchange.voter, body_source=REPLY)
    SHOTS.mkdir(exist_ok=True)
    page.goto(exchange.home.url)
    page.locator(".site-header").screenshot(path=SHOTS / "topics-header-phone-home.png")

    sign_in(page, exchange.voter, next_url=topic.url)
    page.locator(f"#vote-{opinion.pk}-agree").click()
    expect(page.locator(f"#vote-{opinion.pk}-agree")).to_have_attribute("aria-pressed", "true")
    page.locator(".site-header").screenshot(path=SHOTS / "topics-header-phone-topic.png")
    page.screenshot(path=SHOTS / "topics-phone-open.png", full_page=True)
    assert_fits(page, viewport, console_errors, "the open topic")

    topic_close(topic=topic, actor=StaffUserFactory(groups=["Moderators"]), conclusion=CONCLUSION)
    page.reload()
    expect(page.locator(".topic-conclusion")).to_contain_text(CONCLUSION)
    page.screenshot(path=SHOTS / "topics-phone-closed.png", full_page=True)
    assert_fits(page, viewport, console_errors, "the closed topic")


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_the_conclusion_is_headed_matome(page, exchange):
    from community.services.topics import topic_close
    from tests.factories import StaffUserFactory

    moderator = StaffUserFactory(groups=["Moderators"])
    topic_close(topic=exchange.topic, actor=moderator, conclusion=CONCLUSION)
    page.goto(exchange.topic.url)
    heading = page.locator(".topic-conclusion").get_by_role("heading", level=2)
    expect(heading).to_have_text("まとめ", timeout=1_000)


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_voting_too_fast_is_a_wait_then_the_vote_goes_through(
    page, exchange, viewport, console_errors, settings
):
    """Past the vote limit the buttons say 「あと…秒」 as a notice (no error), stay unusable
    while it counts down, then the vote goes through."""
    from community.models import OpinionVote
    from tests.factories import OpinionFactory

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "vote": (1, 3)}
    first = OpinionFactory(page=exchange.topic, author=exchange.author, body_source=OPINION)
    second = OpinionFactory(page=exchange.topic, author=exchange.author, body_source=REPLY)
    sign_in(page, exchange.voter, next_url=exchange.topic.url)
    page.locator(f"#vote-{first.pk}-agree").click()
    expect(page.locator(f"#vote-{first.pk}-agree")).to_have_attribute("aria-pressed", "true")

    page.locator(f"#vote-{second.pk}-agree").click()

    votes = page.locator(f"#opinion-vote-{second.pk}")
    notice = votes.locator(".comment-wait")
    expect(notice).to_contain_text(re.compile(r"次に投票できるまで、あと\d秒お待ちください。"))
    expect(votes.locator("[role=alert]")).to_have_count(0)
    for choice in ("agree", "disagree", "pass"):
        expect(page.locator(f"#vote-{second.pk}-{choice}")).to_be_disabled()
    assert_fits(page, viewport, console_errors, "the wait before the next vote")

    expect(notice).to_have_text("投票できるようになりました。", timeout=6_000)
    page.locator(f"#vote-{second.pk}-agree").click()
    expect(page.locator(f"#vote-{second.pk}-agree")).to_have_attribute("aria-pressed", "true")
    assert OpinionVote.objects.filter(member=exchange.voter).count() == 2
