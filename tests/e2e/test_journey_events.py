"""Events (issue 22), on a phone and a desktop: a resident without an account registers, the
confirmation e-mail arrives (read from django.core.mail.outbox: the live server runs in this
process and tests use the locmem backend), its link opens a page with a button (a mail scanner
must not confirm by opening it), and the resident sees 申込済み with a QR code; when the event
is cancelled, their page says so prominently.

Messages the issue names are asserted in Japanese as written here; labels and buttons are looked
up in the compiled catalogue (`ja`)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.journeys import assert_fits, ja

pytestmark = pytest.mark.e2e

EMAIL = "higashikawa.resident@example.jp"
NAME = "東川 さくら"
CONFIRM_LINK = re.compile(r"(?:https?://[^/\s]+)?(/events/[^\s]+/r/[^\s/]+/confirm/)")


@pytest.fixture
def event(live_server, transactional_db, django_db_serialized_rollback):
    from tests.factories import EventIndexPageFactory, EventPageFactory, HomePageFactory

    home = HomePageFactory()
    index = EventIndexPageFactory(parent=home)
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=5)
    return EventPageFactory(
        parent=index,
        title="マイナンバーカード出張申請窓口",
        slug="mynumber-desk",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        capacity=20,
        accessibility="1階の会議室です。段差はありません。",
    )


def confirm_path():
    [message] = mail.outbox
    assert message.to == [EMAIL]
    found = CONFIRM_LINK.search(message.body)
    assert found, f"no confirmation link in the mail:\n{message.body}"
    return found.group(1)


def test_a_resident_without_an_account_registers_confirms_and_sees_the_qr_code(
    page, event, viewport, console_errors
):
    from events.models import Registration, RegistrationStatus

    # 1. The event page: when, where, seats left, and a form that needs no account.
    response = page.goto(event.url)
    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_have_text(event.title)
    expect(page.get_by_text("残り20席")).to_be_visible()
    assert_fits(page, viewport, console_errors, "event page")

    # 2. Name and e-mail address, then 申し込む: 「確認メールを送りました」.
    page.get_by_label(re.compile(rf"^\s*{re.escape(ja('Name', context='registration'))}")).fill(
        NAME
    )
    page.get_by_label(re.compile(r"^\s*メールアドレス")).fill(EMAIL)
    with page.expect_navigation():
        page.get_by_role("button", name=ja("Register", context="event")).click()
    expect(page.get_by_text("確認メールを送りました", exact=False)).to_be_visible()
    assert Registration.objects.get().status == RegistrationStatus.PENDING

    # 3. The link in the mail shows a button; opening it confirms nothing.
    page.goto(confirm_path())
    assert Registration.objects.get().status == RegistrationStatus.PENDING
    assert_fits(page, viewport, console_errors, "confirm page")
    with page.expect_navigation():
        page.get_by_role("button", name=ja("Confirm my registration")).click()

    # 4. The personal page: 申込済み and the QR code to show at reception.
    expect(page.locator(".registration__status")).to_have_text("申込済み")
    qr = page.locator(".registration__qr svg")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box and box["width"] >= 150, "the QR code is big enough to scan from a phone"
    assert_fits(page, viewport, console_errors, "personal page")
    assert Registration.objects.get().status == RegistrationStatus.REGISTERED


def test_a_registrant_sees_that_the_event_is_cancelled(page, event, viewport, console_errors):
    from events.models.pages import EventStatus
    from events.services import registration_create
    from tests.factories import MemberFactory

    registration, _ = registration_create(event=event, member=MemberFactory())
    event.status = EventStatus.CANCELLED
    event.status_note = "台風の接近に伴い、中止いたします。"
    event.save_revision().publish()

    page.goto(f"{event.url}r/{registration.token}/")

    banner = page.locator(".event-status")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("このイベントは中止になりました。")
    expect(banner).to_contain_text("台風の接近に伴い、中止いたします。")
    assert_fits(page, viewport, console_errors, "cancelled event, personal page")
    page.goto(event.url)
    expect(page.locator(".event-status")).to_contain_text("このイベントは中止になりました。")
    expect(page.locator('input[name="email"]')).to_have_count(0)

    # The list and the month calendar show it too, and fit a phone.
    index = event.get_parent()
    page.goto(index.url)
    expect(page.locator(".event-card--cancelled")).to_contain_text(event.title)
    assert_fits(page, viewport, console_errors, "event list")
    month = timezone.localtime(event.starts_at).strftime("%Y-%m")
    page.goto(f"{index.url}calendar/?month={month}")
    expect(page.locator("table.event-month")).to_contain_text(event.title)
    assert_fits(page, viewport, console_errors, "month calendar")
