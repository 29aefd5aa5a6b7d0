"""Accounts through allauth: sign up, verify, log in and out, social buttons, the header."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialApp
from django.core import mail
from django.urls import reverse

from community.models import User
from tests.factories import StaffUserFactory, UserFactory

PASSWORD = "kumamoto-no-sora-2026"
VERIFY_FIRST = "メールアドレスを確認してください"


@pytest.fixture
def member(db):
    user = UserFactory(email="hanako@example.jp", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _log_in(client, email, password=PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password, **extra})


def _confirmation_link(message):
    return re.search(r"https?://testserver(/accounts/confirm-email/\S+/)", message.body).group(1)


def test_sign_up_verify_by_the_mailed_link_then_log_in(client, db):
    response = client.post(
        reverse("account_signup"),
        {"email": "Taro@Example.jp", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["taro@example.jp"]
    assert mail.outbox[0].subject.startswith("[寄り合い] ")
    link = _confirmation_link(mail.outbox[0])
    client.logout()
    assert client.get(link).status_code == 200
    client.post(link)
    assert EmailAddress.objects.get(email="taro@example.jp").verified
    response = _log_in(client, "taro@example.jp")
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user.email == "taro@example.jp"


def test_sign_up_asks_only_for_email_and_password_and_makes_up_a_username(client, db):
    form = client.get(reverse("account_signup")).context["form"]

    client.post(
        reverse("account_signup"),
        {"email": "jiro@example.jp", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert set(form.fields) == {"email", "password1", "password2"}
    assert User.objects.get(email="jiro@example.jp").username


def test_an_unverified_member_cannot_log_in_and_is_told_to_verify(client, db):
    UserFactory(email="saburo@example.jp", password=PASSWORD)

    response = _log_in(client, "saburo@example.jp")

    assert response["Location"] == reverse("account_email_verification_sent")
    page = client.get(response["Location"]).content.decode()
    assert VERIFY_FIRST in page
    assert not client.get("/").wsgi_request.user.is_authenticated
    assert mail.outbox[0].to == ["saburo@example.jp"]


def test_a_wrong_password_is_refused_in_japanese(client, member):
    response = _log_in(client, member.email, password="wrong-password")

    assert response.status_code == 200
    assert (
        "入力されたメールアドレスもしくはパスワードが正しくありません。"
        in response.content.decode()
    )


def test_login_form_offers_remember_me(client, db):
    response = client.get(reverse("account_login"))

    html = response.content.decode()
    assert 'name="remember"' in html
    assert "ログインしたままにする" in html


def test_without_remember_me_the_session_ends_with_the_browser(client, member):
    _log_in(client, member.email)

    assert client.session.get_expire_at_browser_close()


def test_with_remember_me_the_session_outlives_the_browser(client, member):
    _log_in(client, member.email, remember="on")

    assert not client.session.get_expire_at_browser_close()


def test_logging_out_needs_a_post(client, member):
    client.force_login(member)

    get = client.get(reverse("account_logout"))
    still_in = client.get("/").wsgi_request.user.is_authenticated
    client.post(reverse("account_logout"))

    assert get.status_code == 200  # a confirmation page, not a logout
    assert still_in
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_password_reset_mails_a_link(client, member):
    response = client.post(reverse("account_reset_password"), {"email": member.email})

    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_changing_the_email_address_sends_a_verification_to_the_new_one(client, member):
    client.force_login(member)

    client.post(reverse("account_email"), {"action_add": "", "email": "hanako@example.com"})

    assert EmailAddress.objects.get(email="hanako@example.com").verified is False
    assert mail.outbox[-1].to == ["hanako@example.com"]
    assert User.objects.get(pk=member.pk).email == "hanako@example.jp"  # until verified


def test_mail_to_an_added_address_does_not_carry_the_nickname(client, member):
    member.display_name = "<img src=x onerror=alert(1)>"
    member.save()
    client.force_login(member)

    client.post(reverse("account_email"), {"action_add": "", "email": "someone@example.com"})

    message = mail.outbox[-1]
    assert message.to == ["someone@example.com"]
    assert "onerror" not in message.body
    assert "寄り合いのアカウントにこのメールアドレスが登録されたため" in message.body


def test_account_mail_greets_and_signs_off_in_the_site_name(client, db):
    client.post(
        reverse("account_signup"),
        {"email": "taro@example.jp", "password1": PASSWORD, "password2": PASSWORD},
    )

    body = mail.outbox[0].body
    assert body.startswith("こんにちは、寄り合いです。")
    assert "寄り合いをご利用いただきありがとうございます。" in body
    assert "testserver です" not in body


def test_account_pages_are_japanese_in_the_site_layout(client, member):
    client.force_login(member)

    response = client.get(reverse("account_email"))

    html = response.content.decode()
    assert '<html lang="ja">' in html
    assert 'class="site-header"' in html
    assert 'class="account-nav"' in html
    assert "メールアドレス変更" in html


# --- Social login -------------------------------------------------------------------------


def test_no_social_buttons_without_credentials(client, db, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"google": {}, "line": {}}

    html = client.get(reverse("account_login")).content.decode()

    assert "provider-list" not in html
    assert "/accounts/line/login/" not in html
    assert "/accounts/google/login/" not in html


def test_social_buttons_appear_once_credentials_are_set(client, db, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "google": {"APPS": [{"client_id": "google-id", "secret": "google-secret"}]},
        "line": {"APPS": [{"client_id": "1234567890", "secret": "line-secret"}]},
    }

    html = client.get(reverse("account_login")).content.decode()

    assert 'href="/accounts/line/login/?process=login"' in html
    assert 'href="/accounts/google/login/?process=login"' in html
    assert "provider--line" in html


def test_a_social_app_added_in_the_admin_shows_its_button(client, db, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"google": {}, "line": {}}
    SocialApp.objects.create(provider="line", name="LINE", client_id="1234567890", secret="s")

    html = client.get(reverse("account_login")).content.decode()

    assert 'href="/accounts/line/login/?process=login"' in html
    assert "/accounts/google/login/" not in html


def test_superusers_manage_social_apps_in_the_wagtail_admin(client, db):
    admin = StaffUserFactory(is_superuser=True)
    client.force_login(admin)

    response = client.post(
        reverse("social_apps:add"),
        {"provider": "google", "name": "Google", "client_id": "google-id", "secret": "google-s"},
    )

    assert response.status_code == 302
    assert SocialApp.objects.get().provider == "google"


# --- Header ---------------------------------------------------------------------------------


def test_anonymous_visitors_see_log_in_and_sign_up_in_the_header(client, home_page):
    html = client.get("/").content.decode()

    assert f'href="{reverse("account_login")}?next=/"' in html
    assert f'href="{reverse("account_signup")}"' in html
    assert "account-menu" not in html


def test_members_get_an_account_menu_with_a_logout_form(client, home_page, member):
    member.display_name = "はなこ"
    member.save()
    client.force_login(member)

    html = client.get("/").content.decode()

    assert "はなこ" in html
    assert f'<form action="{reverse("account_logout")}" method="post">' in html
    assert reverse("mfa_index") in html
    assert reverse("wagtailadmin_home") not in html  # members have no admin link


def _messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_confirming_in_the_same_browser_signs_in_on_the_profile_step_without_a_made_up_name(
    client, db
):
    """The newcomer reads their own address, never 「ユーザー 会員10 さん」, and lands signed in
    on 「プロフィールを設定」 with 「… でログインしました。」."""
    email = "saburo@example.jp"
    client.post(
        reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )
    link = _confirmation_link(mail.outbox[0])
    made_up = f"会員{User.objects.get(email=email).pk}"

    confirm_page = client.get(link).content.decode()
    response = client.post(link, follow=True)

    assert f"{email}</a> があなたのメールアドレスであることを確認してください。" in confirm_page
    assert made_up not in confirm_page and "ユーザー " not in confirm_page
    assert response.redirect_chain[-1][0] == reverse("community:profile_welcome")
    assert response.wsgi_request.user.email == email
    messages = _messages_of(response)
    assert f"{email} でログインしました。" in messages
    html = response.content.decode()
    assert made_up not in html and "ユーザー " not in " ".join(messages)
    assert f'<span class="account-menu__name">{email}</span>' in html


def test_confirming_in_another_browser_asks_to_log_in_then_greets_by_address(client, db):
    """allauth signs in on confirmation only in the browser that signed up (the link alone is
    no login); elsewhere the member logs in and still reaches the profile step."""
    email = "shiro@example.jp"
    client.post(
        reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )
    link = _confirmation_link(mail.outbox[0])
    client.logout()

    confirmed = client.post(link)
    response = _log_in(client, email)
    landing = client.get(response["Location"])

    assert confirmed["Location"] == reverse("account_login")
    assert response["Location"] == reverse("community:profile_welcome")
    assert f"{email} でログインしました。" in _messages_of(landing)


def test_a_member_with_a_nickname_is_greeted_by_it(client, member):
    member.display_name = "はなこ"
    member.save()

    response = client.get(_log_in(client, member.email)["Location"])

    assert "はなこ さんとしてログインしました。" in _messages_of(response)
