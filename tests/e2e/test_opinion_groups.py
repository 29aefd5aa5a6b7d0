"""Opinion groups from votes (issue 25) in the browser, on a phone and a desktop: an Analyst
reads 「投票から見えるグループ」 in the topic's consensus report (the chart is a named image beside
its captioned table), publishes it once the topic is closed, and a member of グループB then
finds the groups on the topic page with their own dot marked 「あなた」, which a visitor's page
never has. axe-core finds no serious violation in the section, in the light and dark looks.
Screenshots go to the temporary directory's shots/ (looked at, not kept with the code).
"""

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_ready, axe_scan, serious_violations, session_give

pytestmark = pytest.mark.e2e

SHOTS = Path(tempfile.gettempdir()) / "shots"


@pytest.fixture
def grouped(live_server, transactional_db, django_db_serialized_rollback):
    """A closed topic with three groups (12, 8 and 6 people), two opinions, an Analyst."""
    from community.models import TopicClosure
    from tests.community.consensus.group_runs import run_store
    from tests.factories import (
        HomePageFactory,
        OpinionFactory,
        StaffUserFactory,
        TopicIndexPageFactory,
        TopicPageFactory,
    )

    topic = TopicPageFactory(
        parent=TopicIndexPageFactory(parent=HomePageFactory()), title="書かない窓口を広げるか"
    )
    opinions = [
        OpinionFactory(page=topic, body_source="窓口の予約をオンラインでできるようにしてほしい"),
        OpinionFactory(page=topic, body_source="支所でも同じ手続きができるべきです"),
    ]
    _run, members = run_store(topic, [12, 8, 6], opinions=opinions)
    TopicClosure.objects.create(topic=topic, conclusion="まとめ", conclusion_html="<p>まとめ</p>")
    analyst = StaffUserFactory(groups=["Analysts"])
    return topic, members[1][0], analyst


def _no_serious_violations(page, selector):
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        failures = serious_violations(axe_scan(page, include=selector))
        assert failures == [], "\n".join(failures)
    page.emulate_media(color_scheme="light")


def test_staff_publish_the_groups_and_a_member_finds_their_own_place(
    page, live_server, grouped, viewport
):
    topic, member, analyst = grouped
    axe_ready(page)
    session_give(page, live_server.url, analyst)
    SHOTS.mkdir(exist_ok=True)

    page.goto(f"/admin/consensus/{topic.pk}/")
    section = page.locator("#opinion-groups")
    expect(section.get_by_role("heading", name="投票から見えるグループ", level=2)).to_be_visible()
    expect(section.get_by_role("img", name="投票による参加者の位置")).to_be_visible()
    expect(section.get_by_role("table", name="グループと人数、中心の位置")).to_be_visible()
    expect(section.get_by_text("すべてのグループに共通する意見")).to_be_visible()
    expect(section.locator(".chart-highlight")).to_have_count(0)
    _no_serious_violations(page, "#opinion-groups")
    section.screenshot(path=SHOTS / f"groups-staff-{viewport}.png")

    with page.expect_navigation():
        section.get_by_role("button", name="参加者に公開する").click()
    expect(
        page.get_by_text("投票から見えるグループを意見交換のページに公開しました。")
    ).to_be_visible()
    expect(
        page.locator("#opinion-groups").get_by_role("button", name="公開をやめる")
    ).to_be_visible()

    page.context.clear_cookies()
    page.goto(topic.url)
    public = page.locator("#opinion-groups")
    expect(public.get_by_role("heading", name="投票から見えるグループ")).to_be_visible()
    expect(public.get_by_role("img", name="投票による参加者の位置")).to_be_visible()
    expect(public.locator(".chart-highlight")).to_have_count(0)

    session_give(page, live_server.url, member)
    page.goto(topic.url)
    public = page.locator("#opinion-groups")
    expect(public.get_by_text("あなたはグループBです。")).to_be_visible()
    expect(public.locator(".chart-highlight")).to_have_count(1)
    _no_serious_violations(page, "#opinion-groups")
    public.screenshot(path=SHOTS / f"groups-topic-{viewport}.png")
    page.emulate_media(color_scheme="dark")
    public.get_by_role("img").screenshot(path=SHOTS / f"groups-chart-dark-{viewport}.png")
    if viewport == "phone":
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, "the topic page scrolls sideways on a phone"
