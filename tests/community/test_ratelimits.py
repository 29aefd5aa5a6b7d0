"""Rate limits on logging in, signing up and password resets, keyed on the real client."""

import pytest
from allauth.core.internal.ratelimit import get_ip
from django.core import mail
from django.urls import reverse

from community.ratelimit import client_ip
from tests.factories import UserFactory

TOO_MANY_FAILURES = "ログイン失敗が連続しています。時間が経ってからやり直してください。"
TOO_MANY_REQUESTS = "短時間に多くのリクエストがありました。数分待ってから、もう一度お試しください。"


def _fail_login(client, email, **extra):
    return client.post(
        reverse("account_login"), {"login": email, "password": "wrong-password"}, **extra
    )


def test_the_sixth_failed_login_for_an_address_is_refused_in_japanese(client, db):
    member = UserFactory(email="hanako@example.jp")
    for _ in range(5):
        assert TOO_MANY_FAILURES not in _fail_login(client, member.email).content.decode()

    response = _fail_login(client, member.email)

    assert response.status_code == 200
    assert TOO_MANY_FAILURES in response.content.decode()


def test_too_many_logins_from_one_address_get_the_japanese_429_page(client, db, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login": "2/m/ip"}
    for _ in range(2):
        _fail_login(client, "someone@example.jp")

    response = _fail_login(client, "someone@example.jp")

    assert response.status_code == 429
    assert "429.html" in [t.name for t in response.templates]
    assert '<html lang="ja">' in response.content.decode()
    assert 'class="site-header"' in response.content.decode()


@pytest.mark.parametrize(
    ("action", "url_name", "data"),
    [
        ("signup", "account_signup", {"email": "a@example.jp", "password1": "x"}),
        ("reset_password", "account_reset_password", {"email": "a@example.jp"}),
    ],
)
def test_sign_up_and_password_reset_are_limited(client, db, settings, action, url_name, data):
    settings.ACCOUNT_RATE_LIMITS = {action: "1/m/ip"}
    client.post(reverse(url_name), data)

    response = client.post(reverse(url_name), data)

    assert response.status_code == 429


@pytest.mark.parametrize("registered", [True, False], ids=["member", "unknown address"])
def test_the_fourth_password_reset_for_an_address_within_an_hour_sends_nothing(
    client, db, registered
):
    if registered:
        UserFactory(email="hanako@example.jp")
    for _ in range(3):
        client.post(reverse("account_reset_password"), {"email": "hanako@example.jp"})
    mails_sent = len(mail.outbox)

    response = client.post(reverse("account_reset_password"), {"email": "Hanako@Example.jp"})

    assert mails_sent == 3  # a reset link, or "no such account" under enumeration prevention
    assert response.status_code == 429
    assert TOO_MANY_REQUESTS in response.content.decode()
    assert len(mail.outbox) == 3


def test_limits_are_configured_for_every_account_action(settings):
    configured = set(settings.ACCOUNT_RATE_LIMITS)

    assert {
        "login",
        "login_failed",
        "signup",
        "reset_password",
        "reset_password_from_key",
        "confirm_email",
        "manage_email",
        "change_password",
    } <= configured


def test_behind_a_trusted_proxy_each_client_has_its_own_budget(client, db, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {"login": "1/m/ip"}
    proxy = {"REMOTE_ADDR": "10.0.0.2"}

    first = _fail_login(client, "a@example.jp", HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    other = _fail_login(client, "a@example.jp", HTTP_X_FORWARDED_FOR="203.0.113.6", **proxy)
    again = _fail_login(client, "a@example.jp", HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)

    assert first.status_code == 200
    assert other.status_code == 200
    assert again.status_code == 429


def test_without_trusted_proxies_a_forged_header_is_ignored(rf, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", HTTP_X_FORWARDED_FOR="198.51.100.9", REMOTE_ADDR="203.0.113.5")

    assert client_ip(request) == "203.0.113.5"


@pytest.mark.parametrize(
    ("proxy_settings", "headers"),
    [
        ({"ALLAUTH_TRUSTED_PROXY_COUNT": 1}, {"HTTP_X_FORWARDED_FOR": "198.51.100.9, 203.0.113.5"}),
        (
            {"ALLAUTH_TRUSTED_CLIENT_IP_HEADER": "CF-Connecting-IP"},
            {"HTTP_CF_CONNECTING_IP": "203.0.113.5"},
        ),
    ],
)
def test_the_site_and_allauth_agree_on_the_client_address(rf, settings, proxy_settings, headers):
    for name, value in proxy_settings.items():
        setattr(settings, name, value)
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", **headers)

    assert client_ip(request) == get_ip(request) == "203.0.113.5"
