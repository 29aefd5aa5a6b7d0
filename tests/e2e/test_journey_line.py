"""Journey: a member on a phone (390 by 844) and on a desktop links LINE from their notification
settings with a one-time code, hears of a reply on LINE, and unlinks it.

The member cannot add the official account as a friend in a test: the test sends the code to the
webhook as LINE would (signed with the channel secret), and a local LINE API
(tests/outreach/line_api.py) takes the replies and the push message."""

import json
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.e2e.journeys import assert_fits, ja, sign_in
from tests.outreach.line_api import (
    PROFILE_NAME,
    WEBHOOK,
    line_api_running,
    line_signature,
    text_event,
)

pytestmark = pytest.mark.e2e

SETTINGS = "/accounts/notifications/settings/"


@pytest.fixture
def line_api(settings):
    with line_api_running(settings) as api:
        yield api


@pytest.fixture
def discussion(live_server, transactional_db, django_db_serialized_rollback):
    """An article with a comment by the member of the journey, and a neighbour to reply."""
    from types import SimpleNamespace

    from outreach.models import QuietHours
    from tests.factories import (
        ArticleIndexPageFactory,
        ArticlePageFactory,
        CommentFactory,
        HomePageFactory,
        MemberFactory,
    )

    index = ArticleIndexPageFactory(parent=HomePageFactory())
    article = ArticlePageFactory(parent=index, title="最初の一歩は電子申請", slug="first-step")
    member = MemberFactory(email_verified=True, display_name="商店街の田中")
    QuietHours.objects.create(member=member, active=False)  # whatever the time of the run
    return SimpleNamespace(
        article=article,
        member=member,
        comment=CommentFactory(page=article, author=member, body_source="夜間の窓口を希望します"),
        neighbour=MemberFactory(email_verified=True, display_name="港町のやまだ"),
    )


def line_sends(live_server, text):
    """What LINE does when a member sends `text` to the official account."""
    body = json.dumps({"destination": "U0", "events": [text_event(text)]}).encode()
    headers = {"Content-Type": "application/json", "X-Line-Signature": line_signature(body)}
    request = urllib.request.Request(live_server.url + WEBHOOK, data=body, headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - the live server
        assert response.status == 200


def test_a_member_links_line_with_a_code_hears_of_a_reply_and_unlinks(
    page, live_server, line_api, discussion, viewport, console_errors, screenshot
):
    from community.services.comments import comment_create

    sign_in(page, discussion.member, next_url=SETTINGS)
    section = page.locator("#line")
    expect(section.get_by_role("heading", level=2)).to_have_text("LINE")
    expect(section.get_by_role("link", name=ja("Add friend", context="LINE"))).to_have_attribute(
        "href", "https://line.me/R/ti/p/%40yoriai"
    )

    with page.expect_navigation():
        section.get_by_role("button", name=ja("Show a code")).click()
    code = page.locator(".line-code strong").inner_text()
    assert len(code) == 8
    assert_fits(page, viewport, console_errors, "the code")
    screenshot("line-code")

    line_sends(live_server, code)
    assert line_api.reply_texts() == [ja("You will now receive Yoriai notifications on LINE.")]

    page.reload()
    expect(section).to_contain_text(ja("Linked", context="LINE"))
    expect(section).to_contain_text(PROFILE_NAME)
    assert_fits(page, viewport, console_errors, "linked")
    screenshot("line-linked")

    comment_create(
        author=discussion.neighbour,
        page=discussion.article,
        body="賛成です",
        parent=discussion.comment,
    )
    [push] = line_api.pushes()
    assert "港町のやまだ" in push.body["messages"][0]["altText"]

    with page.expect_navigation():
        section.get_by_role("link", name=ja("Unlink LINE")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ja("Unlink LINE?"))
    with page.expect_navigation():
        page.get_by_role("button", name=ja("Unlink", context="LINE")).click()
    expect(page.get_by_role("status")).to_contain_text(ja("Your LINE account is no longer linked."))
    expect(page.locator("#line")).to_contain_text(ja("Show a code"))
    assert_fits(page, viewport, console_errors, "unlinked")
