"""Issue 22: a member of staff checks people in on a phone (390×844) — one found by name, one
by the QR code of their personal page (the scanner's result handed to its handler, as the
camera would), a walk-in added — and reads the counts."""

import pytest
from playwright.sync_api import expect

from tests.e2e.journeys import assert_fits

pytestmark = pytest.mark.e2e


@pytest.fixture
def day(live_server, transactional_db, django_db_serialized_rollback):
    """An event with a question, two registered people, and a member of Event staff (who may
    edit the events under an event index from its creation)."""
    from tests.factories import (
        EventIndexPageFactory,
        EventPageFactory,
        HomePageFactory,
        RegistrationFactory,
        StaffUserFactory,
    )

    index = EventIndexPageFactory(parent=HomePageFactory())
    event = EventPageFactory(parent=index, title="マイナンバーカード申請説明会")
    event.questions = [
        ("single_choice", {"text": "手話通訳", "choices": ["必要", "不要"], "required": False})
    ]
    event.save()
    hanako = RegistrationFactory(
        event=event,
        name="受付 花子",
        answers={event.questions[0].id: {"question": "手話通訳", "value": "必要", "text": "必要"}},
    )
    ichiro = RegistrationFactory(event=event, name="申込 一郎")
    staff = StaffUserFactory(groups=["Event staff"])  # who edit the events under every index
    return event, hanako, ichiro, staff


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_staff_check_people_in_on_a_phone(page, signed_in, day, viewport, console_errors):
    from events.notices import registration_full_url

    event, hanako, ichiro, staff = day
    signed_in(staff)
    page.goto(f"/admin/events/{event.pk}/check-in/")
    assert_fits(page, viewport, console_errors, "the check-in screen")

    # By name: search, see their needs, check in.
    page.get_by_role("searchbox").fill("花子")
    with page.expect_navigation():
        page.get_by_role("search").get_by_role("button").click()
    card = page.locator(f"#registration-{hanako.pk}")
    expect(card).to_contain_text("手話通訳")
    with page.expect_navigation():
        card.get_by_role("button", name="受付する").click()
    expect(page.locator(".messages")).to_contain_text("受付しました：受付 花子")
    expect(page.locator(f"#registration-{hanako.pk}")).to_contain_text("受付済み（")

    # By QR code: what the camera read goes to the scanner's handler, which sends it.
    with page.expect_navigation():
        page.evaluate("url => window.eventCheckin.handleScan(url)", registration_full_url(ichiro))
    expect(page.locator(".messages")).to_contain_text("受付しました：申込 一郎")

    # The same code again: already checked in, with the time.
    with page.expect_navigation():
        page.evaluate("url => window.eventCheckin.handleScan(url)", registration_full_url(ichiro))
    expect(page.locator(".messages")).to_contain_text("受付済み（")

    # A walk-in.
    page.get_by_text("当日参加者を追加").click()
    page.locator(".event-checkin__walk-in input[name=name]").fill("飛び込み 太郎")
    page.locator(".event-checkin__walk-in select[name=stakeholder_type]").select_option("business")
    with page.expect_navigation():
        page.get_by_role("button", name="追加して受付する").click()
    expect(page.locator(".messages")).to_contain_text("飛び込み 太郎")

    counts = page.locator(".event-staff__counts")
    expect(counts.locator("div", has_text="受付済み").locator("dd")).to_have_text("3")
    expect(counts.locator("div", has_text="当日参加").locator("dd")).to_have_text("1")
    expect(page.locator(".event-checkin__attendance tfoot")).to_contain_text("3")
    assert_fits(page, viewport, console_errors, "after the walk-in")
