"""Outreach's part of the notification settings (outreach.views.push): a browser subscribing
(JSON from static/js/push.js), removing a device, the quiet hours, the section on the settings
page, and the service worker at /push-sw.js."""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse

from outreach.models import PushSubscription, QuietHours
from tests.factories import MemberFactory

pytestmark = pytest.mark.usefixtures("vapid")

SUBSCRIBE = reverse("outreach:push_subscribe")
SETTINGS = reverse("community:notification_settings")
QUIET_HOURS = reverse("outreach:quiet_hours_save")
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


@pytest.fixture
def member(db):
    return MemberFactory(email_verified=True)


@pytest.fixture
def browser(push_service):
    return push_service.subscription()


def member_client(member, *, csrf=False):
    """A client signed in as `member`; with `csrf`, CSRF is checked as for a browser."""
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(member)
    return client


def post_json(client, data, **headers):
    body = data if isinstance(data, str | bytes) else json.dumps(data)
    return client.post(SUBSCRIBE, body, content_type="application/json", headers=headers)


def remove_url(subscription):
    return reverse("outreach:push_unsubscribe", args=[subscription.pk])


def subscription_of(member, browser):
    return PushSubscription.objects.create(
        member=member,
        endpoint=browser.endpoint,
        p256dh=browser.p256dh,
        auth=browser.as_json()["keys"]["auth"],
        device="Chrome（Android）",
    )


# --- Subscribing ------------------------------------------------------------------------------


def test_a_member_subscribes_a_browser_with_the_csrf_token_in_a_header(member, browser):
    client = member_client(member, csrf=True)
    token = client.get(SETTINGS).context["csrf_token"]

    response = post_json(
        client, browser.as_json(), **{"X-CSRFToken": str(token), "User-Agent": ANDROID_CHROME}
    )

    assert response.status_code == 201
    assert response.json()["message"] == "Chrome（Android）で通知を受け取れるようになりました。"
    [subscription] = PushSubscription.objects.filter(member=member)
    assert subscription.endpoint == browser.endpoint
    assert subscription.p256dh == browser.p256dh
    assert subscription.device == "Chrome（Android）"


def test_subscribing_without_the_csrf_token_is_refused(member, browser):
    response = post_json(member_client(member, csrf=True), browser.as_json())

    assert response.status_code == 403
    assert not PushSubscription.objects.exists()


def test_a_browser_subscribing_again_is_updated_and_moves_to_the_member_signed_in(member, browser):
    before = subscription_of(MemberFactory(), browser)
    other_keys = browser.as_json() | {"keys": {**browser.as_json()["keys"], "auth": "A" * 22}}

    response = post_json(member_client(member), other_keys, **{"User-Agent": ANDROID_CHROME})

    assert response.status_code == 201
    [after] = PushSubscription.objects.all()
    assert after.pk == before.pk and after.member == member and after.auth == "A" * 22


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ("{not json", "ブラウザから届いた内容を読み取れませんでした。"),
        ("[1, 2]", "通知の送り先を利用できません。"),
        ({"endpoint": None}, "通知の送り先を利用できません。"),
        ({"endpoint": "http://push.example.com/x"}, "通知の送り先を利用できません。"),
        ({"endpoint": "https://10.0.0.8/x"}, "通知の送り先を利用できません。"),
        ({"endpoint": "ftp://push.example.com/x"}, "通知の送り先を利用できません。"),
        ({"keys": {"p256dh": "not*base64"}}, "通知用の鍵を利用できません。"),
        ({"keys": {"p256dh": "BA" + "A" * 85}}, "通知用の鍵を利用できません。"),  # not on P-256
        ({"keys": {"auth": "QUJD"}}, "通知用の鍵を利用できません。"),  # 3 bytes, not 16
        ("x" * 5000, "ブラウザから届いた内容を読み取れませんでした。"),
    ],
)
def test_what_a_browser_cannot_subscribe_with_is_refused_in_japanese(member, browser, data, error):
    if isinstance(data, dict):
        good = browser.as_json()
        data = {**good, **data, "keys": {**good["keys"], **data.get("keys", {})}}

    response = post_json(member_client(member), data)

    assert response.status_code == 400
    assert error in response.json()["error"]
    assert not PushSubscription.objects.exists()


def test_an_address_on_this_machine_is_refused_unless_local_endpoints_are_allowed(
    member, browser, settings
):
    settings.WEBPUSH_LOCAL_ENDPOINTS = False

    response = post_json(member_client(member), browser.as_json())

    assert response.status_code == 400
    assert not PushSubscription.objects.exists()


def test_a_push_service_address_on_https_is_accepted(member, browser, settings):
    settings.WEBPUSH_LOCAL_ENDPOINTS = False
    data = browser.as_json() | {"endpoint": "https://fcm.googleapis.com/fcm/send/abc:def"}

    response = post_json(member_client(member), data)

    assert response.status_code == 201


def test_subscribing_is_rate_limited(member, push_service, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "push_subscribe": (2, 3600)}
    client = member_client(member)

    answers = [post_json(client, push_service.subscription().as_json()) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [201, 201, 429]
    assert "しばらく待ってから" in answers[2].json()["error"]
    assert PushSubscription.objects.count() == 2


def test_subscribing_while_the_site_has_no_vapid_keys_is_not_found(member, browser, settings):
    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""

    assert post_json(member_client(member), browser.as_json()).status_code == 404


# --- Who may do what --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["push_subscribe", "quiet_hours_save", "push_unsubscribe"])
def test_an_anonymous_visitor_is_sent_to_sign_in(client, member, browser, name):
    args = [subscription_of(member, browser).pk] if name == "push_unsubscribe" else []
    url = reverse(f"outreach:{name}", args=args)

    response = client.post(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert PushSubscription.objects.count() == len(args)


@pytest.mark.parametrize("name", ["push_subscribe", "quiet_hours_save"])
def test_the_changes_take_posts_only(member, name):
    assert member_client(member).get(reverse(f"outreach:{name}")).status_code == 405


def test_a_member_removes_a_device_of_theirs(member, browser):
    subscription = subscription_of(member, browser)

    response = member_client(member).post(remove_url(subscription), follow=True)

    assert not PushSubscription.objects.exists()
    assert response.redirect_chain[-1][0] == f"{SETTINGS}#browser-notifications"
    assert "Chrome（Android）の通知を解除しました。" in response.content.decode()


def test_a_member_cannot_remove_another_members_device(member, browser):
    subscription = subscription_of(MemberFactory(), browser)

    response = member_client(member).post(remove_url(subscription))

    assert response.status_code == 404
    assert PushSubscription.objects.filter(pk=subscription.pk).exists()


def test_removing_a_device_needs_the_csrf_token(member, browser):
    subscription = subscription_of(member, browser)

    response = member_client(member, csrf=True).post(remove_url(subscription))

    assert response.status_code == 403
    assert PushSubscription.objects.exists()


# --- Quiet hours ------------------------------------------------------------------------------


def test_a_member_sets_quiet_hours(member):
    data = {"quiet-active": "on", "quiet-starts": "22:30", "quiet-ends": "07:00"}

    response = member_client(member).post(QUIET_HOURS, data, follow=True)

    hours = QuietHours.objects.get(member=member)
    assert (hours.active, hours.starts, hours.ends) == (
        True,
        datetime.time(22, 30),
        datetime.time(7, 0),
    )
    assert "通知を控える時間帯を保存しました。" in response.content.decode()


def test_a_member_turns_quiet_hours_off(member):
    QuietHours.objects.create(member=member)

    member_client(member).post(QUIET_HOURS, {"quiet-starts": "21:00", "quiet-ends": "08:00"})

    assert QuietHours.objects.get(member=member).active is False


def test_quiet_hours_that_are_not_times_are_refused(member):
    data = {"quiet-active": "on", "quiet-starts": "夜", "quiet-ends": "08:00"}

    response = member_client(member).post(QUIET_HOURS, data, follow=True)

    assert not QuietHours.objects.exists()
    assert "時刻で入力してください" in response.content.decode()


# --- The settings page ------------------------------------------------------------------------


def test_the_settings_page_lists_the_members_own_devices_and_quiet_hours(member, push_service):
    subscription_of(member, push_service.subscription())
    subscription_of(MemberFactory(), push_service.subscription())

    html = member_client(member).get(SETTINGS).content.decode()

    assert "ブラウザ通知" in html and "通知を受け取る" in html
    assert html.count("この端末を解除：") == 1
    assert "ブラウザ通知にはJavaScriptが必要です。" in html
    assert 'name="quiet-starts" value="21:00"' in html
    assert 'data-public-key="' + push_service.vapid_public_key + '"' in html
    assert 'data-worker-url="/push-sw.js"' in html


def test_the_settings_page_has_no_browser_notifications_without_vapid_keys(member, settings):
    settings.WEBPUSH_VAPID_PUBLIC_KEY = ""

    html = member_client(member).get(SETTINGS).content.decode()

    assert "data-push-settings" not in html


def test_the_service_worker_is_served_from_the_root_for_the_whole_site(client):
    response = client.get("/push-sw.js")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert "max-age=300" in response["Cache-Control"]
    assert b'addEventListener("push"' in response.content
