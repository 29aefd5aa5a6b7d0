"""Journey: a member turns on browser notifications in Chromium (phone and desktop sizes) and
hears of a reply to their comment in the browser.

Headless Chromium cannot reach a real push service (no internet here), so the page's
`PushManager.prototype.subscribe` is replaced, before any script of the page runs, by one that
returns a subscription on the tests' own push service (tests/outreach/push_service.py) whose
keys the test holds. Everything else is real: the permission is asked only after the press of
「通知を受け取る」, the service worker at /push-sw.js registers, the page posts the subscription,
the server encrypts the reply's notification and signs it with VAPID, the push service checks
and decrypts it; the decrypted message is then handed to the service worker as a push
(DevTools' ServiceWorker.deliverPushMessage), and the notification it shows is read back.
"""

import json
import re
import time
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from tests.e2e.journeys import assert_fits, ja
from tests.e2e.test_staff_japanese import english_in
from tests.outreach.push_service import PushService

pytestmark = pytest.mark.e2e

SUBJECT = "mailto:info@yoriai.example.jp"
SETTINGS = "/accounts/notifications/settings/"
# Product names the device list shows as they are written in Japanese too.
PRODUCT_NAMES = {"Chrome", "Linux", "Android"}

FAKE_SUBSCRIBE = """(subscription) => {
    const fake = {
        endpoint: subscription.endpoint,
        expirationTime: null,
        options: {userVisibleOnly: true},
        getKey: () => null,
        unsubscribe: async () => true,
        toJSON: () => subscription,
    };
    let subscribed = null;
    PushManager.prototype.getSubscription = async function () { return subscribed; };
    PushManager.prototype.subscribe = async function (options) {
        if (!options || !options.userVisibleOnly || !options.applicationServerKey) {
            throw new Error("subscribe() without a visible-only VAPID subscription");
        }
        window.__vapidKeyLength = options.applicationServerKey.byteLength;
        subscribed = fake;
        return fake;
    };
}"""
# Run in the service worker: the notifications it shows.
NOTIFICATIONS_SHOWN = """() => self.registration.getNotifications().then((shown) =>
    shown.map((n) => ({title: n.title, body: n.body, tag: n.tag, data: n.data})))"""
# The page's own part (not the site's header and footer): its text, and the names its
# controls give to screen readers.
MAIN_TEXT = """() => {
    const main = document.querySelector("main");
    const names = Array.from(main.querySelectorAll("[aria-label], [title]"), (element) =>
        [element.getAttribute("aria-label"), element.getAttribute("title")].join("\\n"));
    return [main.innerText, ...names].join("\\n");
}"""


def english_on(page):
    """The lines of the page's own part with English words, product names aside."""
    return [
        line
        for line in english_in(page.evaluate(MAIN_TEXT))
        if set(re.findall(r"[A-Za-z]+", line)) - PRODUCT_NAMES
    ]


@pytest.fixture
def push_service(settings):
    from outreach.management.commands.webpush_keys import vapid_key_pair

    public, private = vapid_key_pair()
    settings.WEBPUSH_VAPID_PUBLIC_KEY, settings.WEBPUSH_VAPID_PRIVATE_KEY = public, private
    settings.WEBPUSH_VAPID_SUBJECT = SUBJECT
    service = PushService(vapid_public_key=public, subject=SUBJECT).start()
    yield service
    service.stop()


@pytest.fixture
def discussion(live_server, transactional_db, django_db_serialized_rollback):
    """An article with a comment by the member of the journey, and a neighbour to reply."""
    from urllib.parse import urlsplit

    from wagtail.models import Site

    from outreach.models import QuietHours
    from tests.factories import (
        ArticleIndexPageFactory,
        ArticlePageFactory,
        CommentFactory,
        HomePageFactory,
        MemberFactory,
    )

    # The links in notifications lead to the live server (the site's address).
    address = urlsplit(live_server.url)
    Site.objects.filter(is_default_site=True).update(hostname=address.hostname, port=address.port)
    index = ArticleIndexPageFactory(parent=HomePageFactory())
    article = ArticlePageFactory(parent=index, title="最初の一歩は電子申請", slug="first-step")
    member = MemberFactory(email_verified=True, display_name="商店街の田中")
    QuietHours.objects.create(member=member, active=False)  # whatever the hour of the test
    return SimpleNamespace(
        article=article,
        member=member,
        comment=CommentFactory(page=article, author=member, body_source="夜も申請したいです"),
        neighbour=MemberFactory(email_verified=True, display_name="港町のやまだ"),
    )


def service_worker_registration(cdp, page, origin):
    """The DevTools id of the service worker registration of `origin`."""
    found = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: found.extend(
            r["registrationId"]
            for r in event["registrations"]
            if r["scopeURL"] == f"{origin}/" and not r["isDeleted"]
        ),
    )
    cdp.send("ServiceWorker.enable")
    deadline = time.monotonic() + 10
    while not found and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert found, "no service worker registration for the site"
    return found[-1]


def test_a_member_turns_on_browser_notifications_and_sees_a_reply_in_the_browser(
    page, signed_in, live_server, push_service, discussion, viewport, console_errors, screenshot
):
    from community.services.comments import comment_create

    browser = push_service.subscription()
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    page.add_init_script(script=f"({FAKE_SUBSCRIBE})({json.dumps(browser.as_json())})")
    signed_in(discussion.member)

    page.goto(SETTINGS)
    section = page.locator("#browser-notifications")
    expect(section.get_by_role("heading", name=ja("Browser notifications"))).to_be_visible()
    expect(section.get_by_text(ja("No device shows your notifications yet."))).to_be_visible()
    # Nothing is asked of the browser, nor registered, before the press.
    assert page.evaluate("() => navigator.serviceWorker.getRegistration('/')") is None
    assert not section.locator("[data-push-nojs]").is_visible()
    screenshot("push-settings")
    assert english_on(page) == []

    with page.expect_navigation():  # the page reloads once the server has the subscription
        section.get_by_role("button", name=ja("Get notifications")).click()

    expect(page.get_by_role("status").first).to_contain_text(
        ja("%(device)s will now show your notifications.") % {"device": "Chrome（Linux）"}
    )
    expect(section.get_by_role("button", name=ja("Remove this device"))).to_have_count(1)
    assert page.evaluate("() => window.__vapidKeyLength") is None  # reloaded since
    registration = page.evaluate(
        "() => navigator.serviceWorker.getRegistration('/').then((r) => r && r.scope)"
    )
    assert registration == f"{live_server.url}/"
    assert english_on(page) == []
    screenshot("push-settings-subscribed")
    assert_fits(page, viewport, console_errors, "browser notifications on")

    # The neighbour replies: the server sends the notification to the push service.
    reply = comment_create(
        author=discussion.neighbour,
        page=discussion.article,
        body="窓口の延長も検討されています",
        parent=discussion.comment,
    )
    [message] = push_service.messages_for(browser)
    assert message["title"] == "寄り合い"
    assert message["body"] == "港町のやまださんがあなたのコメントに返信しました。"
    assert message["url"] == f"{live_server.url}/comments/{reply.pk}/"

    # The browser's push service would hand it to the service worker, which shows it.
    cdp = page.context.new_cdp_session(page)
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": live_server.url,
            "registrationId": service_worker_registration(cdp, page, live_server.url),
            "data": json.dumps(message, ensure_ascii=False),
        },
    )
    [worker] = page.context.service_workers
    shown = []
    deadline = time.monotonic() + 10
    while not shown and time.monotonic() < deadline:
        page.wait_for_timeout(100)
        shown = worker.evaluate(NOTIFICATIONS_SHOWN)
    assert [(n["title"], n["body"], n["tag"]) for n in shown] == [
        ("寄り合い", message["body"], message["tag"])
    ]
    assert shown[0]["data"] == {"url": message["url"]}  # what a click on it opens
    assert console_errors == []


def test_when_the_browser_refuses_notifications_the_member_is_told_what_to_do(
    page, signed_in, live_server, push_service, discussion, viewport, console_errors
):
    from outreach.models import PushSubscription

    browser = push_service.subscription()
    page.add_init_script(script=f"({FAKE_SUBSCRIBE})({json.dumps(browser.as_json())})")
    # The browser's answer when the member blocks the site (or dismisses the question).
    page.add_init_script(script="Notification.requestPermission = async () => 'denied';")
    signed_in(discussion.member)
    page.goto(SETTINGS)

    page.get_by_role("button", name=ja("Get notifications")).click()

    expect(page.locator("[data-push-status]")).to_have_text(
        ja(
            "Notifications are blocked for this site in your browser. Allow them in the "
            "browser’s site settings, then press the button again."
        )
    )
    assert page.evaluate("() => navigator.serviceWorker.getRegistration('/')") is None
    assert not PushSubscription.objects.exists()
    assert_fits(page, viewport, console_errors, "notifications refused")


def test_without_javascript_the_section_says_it_is_needed(
    browser, live_server, push_service, discussion
):
    from tests.e2e.conftest import live_server_requests_wait, session_give

    context = browser.new_context(java_script_enabled=False, locale="ja-JP")
    try:
        page = context.new_page()
        session_give(page, live_server.url, discussion.member)
        page.goto(f"{live_server.url}{SETTINGS}")
        section = page.locator("#browser-notifications")
        needed = ja(
            "Browser notifications need JavaScript, which is off or not working in this browser."
        )
        expect(section.get_by_text(needed)).to_be_visible()
        expect(section.get_by_role("button", name=ja("Get notifications"))).to_be_hidden()
        # The devices and the quiet hours work without it.
        expect(section.get_by_role("button", name=ja("Save quiet hours"))).to_be_visible()
    finally:
        context.close()
        live_server_requests_wait()
