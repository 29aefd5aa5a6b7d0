"""Rate limits on logging in, signing up and password resets, keyed on the real client."""

import pytest
from django.core import mail
from django.urls import reverse

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


def test_failed_logins_count_whichever_host_name_the_site_was_reached_by(client, db):
    member = UserFactory(email="hanako@example.jp")
    for host in ["localhost", "127.0.0.1", "localhost", "127.0.0.1", "testserver"]:
        assert (
            TOO_MANY_FAILURES
            not in _fail_login(client, member.email, HTTP_HOST=host).content.decode()
        )

    response = _fail_login(client, member.email, HTTP_HOST="localhost")

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


@pytest.mark.parametrize(
    ("url_name", "data", "budget"),
    [
        ("account_email", {"action_add": "", "email": "not-an-address"}, 10),
        ("account_change_password", {"oldpassword": "wrong-password"}, 5),
    ],
)
def test_a_member_changing_their_account_is_refused_past_the_minute_budget(
    client, db, url_name, data, budget
):
    client.force_login(UserFactory())
    allowed = [client.post(reverse(url_name), data).status_code for _ in range(budget)]

    response = client.post(reverse(url_name), data)

    assert 429 not in allowed
    assert response.status_code == 429
    assert TOO_MANY_REQUESTS in response.content.decode()


def test_the_twenty_first_sign_up_from_one_address_within_a_minute_is_refused(client, db):
    data = {"email": "not-an-address", "password1": "x", "password2": "x"}
    allowed = [client.post(reverse("account_signup"), data).status_code for _ in range(20)]

    response = client.post(reverse("account_signup"), data)

    assert 429 not in allowed
    assert response.status_code == 429


def test_logging_in_again_unverified_does_not_mail_another_link_at_once(client, db):
    UserFactory(email="saburo@example.jp", password="kumamoto-no-sora-2026")
    credentials = {"login": "saburo@example.jp", "password": "kumamoto-no-sora-2026"}

    client.post(reverse("account_login"), credentials)
    client.post(reverse("account_login"), credentials)

    assert len(mail.outbox) == 1


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


def _contact_message(contact_page):
    fields = {field.label: field.clean_name for field in contact_page.form_fields.all()}
    return {
        fields["お名前"]: "山田 花子",
        fields["メールアドレス"]: "hanako@example.jp",
        fields["お問い合わせ内容"]: "電子申請の導入について相談したいです。",
    }


@pytest.mark.parametrize(
    ("proxy_settings", "header", "client_a", "client_b"),
    [
        (
            {"ALLAUTH_TRUSTED_PROXY_COUNT": 1},
            "HTTP_X_FORWARDED_FOR",
            "198.51.100.{n}, 203.0.113.5",  # the left part is the client's to forge
            "198.51.100.{n}, 203.0.113.6",
        ),
        (
            {"ALLAUTH_TRUSTED_CLIENT_IP_HEADER": "CF-Connecting-IP"},
            "HTTP_CF_CONNECTING_IP",
            "203.0.113.5",
            "203.0.113.6",
        ),
    ],
)
def test_behind_a_trusted_proxy_the_contact_form_counts_each_forwarded_client(
    client, contact_page, settings, proxy_settings, header, client_a, client_b
):
    for name, value in proxy_settings.items():
        setattr(settings, name, value)
    message = _contact_message(contact_page)

    def post_as(address, n):
        return client.post(
            contact_page.url, message, REMOTE_ADDR="10.0.0.2", **{header: address.format(n=n)}
        )

    allowed = [post_as(client_a, n).status_code for n in range(5)]
    refused = post_as(client_a, 5)
    other = post_as(client_b, 6)

    assert allowed == [200] * 5
    assert refused.status_code == 429
    assert other.status_code == 200


def test_without_trusted_proxies_a_forged_header_buys_no_fresh_contact_budget(
    client, contact_page, settings
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    message = _contact_message(contact_page)
    for n in range(5):
        client.post(contact_page.url, message, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")

    response = client.post(contact_page.url, message, HTTP_X_FORWARDED_FOR="198.51.100.99")

    assert response.status_code == 429
