"""Two-factor authentication: optional for members, required for staff before the admin."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.totp.internal.auth import yield_hotp_counters_from_time as counters
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.translation import gettext

from tests.factories import StaffUserFactory, TOTPAuthenticatorFactory, UserFactory

PASSWORD = "correct horse battery staple"  # the factories' password
STAFF_MESSAGE = (
    "Staff must use two-factor authentication. Set up an authenticator app "
    "to continue to the admin."
)


def _code(secret):
    return format_hotp_value(hotp_value(secret, next(counters())))


def _verified(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def staff_without_mfa(db):
    return _verified(StaffUserFactory(groups=["Editors"], mfa=False))


def _log_in(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def test_staff_without_an_authenticator_are_sent_from_the_admin_to_set_one_up(
    client, staff_without_mfa
):
    client.force_login(staff_without_mfa)

    response = client.get("/admin/pages/")

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == [gettext(STAFF_MESSAGE)]


def test_after_logging_in_staff_confirm_their_password_then_see_the_qr_code(
    client, staff_without_mfa
):
    _log_in(client, staff_without_mfa)

    asked = client.get("/admin/", follow=True)
    confirmed = client.post(
        reverse("account_reauthenticate"),
        {"password": PASSWORD, "next": reverse("mfa_activate_totp")},
        follow=True,
    )

    assert reverse("account_reauthenticate") in asked.redirect_chain[-1][0]
    assert gettext(STAFF_MESSAGE) in asked.content.decode()
    html = confirmed.content.decode()
    assert confirmed.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    assert "認証アプリを有効化する" in html
    assert 'class="account-qr"' in html


def test_staff_who_activate_an_authenticator_reach_the_admin(client, staff_without_mfa):
    _log_in(client, staff_without_mfa)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]

    activated = client.post(reverse("mfa_activate_totp"), {"code": _code(secret)})
    response = client.get("/admin/")

    assert activated["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=staff_without_mfa, type="totp").exists()
    assert response.status_code == 200


def test_staff_with_an_authenticator_reach_the_admin(client, db):
    client.force_login(StaffUserFactory(groups=["Moderators"]))

    response = client.get("/admin/")

    assert response.status_code == 200


def test_staff_with_an_authenticator_give_a_code_when_logging_in(client, db):
    staff = _verified(StaffUserFactory(groups=["Editors"], mfa=False))
    authenticator = TOTPAuthenticatorFactory(user=staff)

    first = _log_in(client, staff)
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    right = client.post(
        reverse("mfa_authenticate"), {"code": _code("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")}
    )

    assert authenticator.user == staff
    assert first["Location"] == reverse("mfa_authenticate")
    assert wrong.status_code == 200
    assert right.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_members_are_never_asked_for_two_factor_authentication(client, db):
    member = _verified(UserFactory())

    logged_in = _log_in(client, member)
    admin = client.get("/admin/")

    assert logged_in.status_code == 302
    assert logged_in["Location"] != reverse("mfa_authenticate")
    assert "2fa" not in admin["Location"]
    assert "login" in admin["Location"]  # Wagtail's own refusal, not an MFA demand


def test_members_may_set_up_two_factor_authentication(client, db):
    client.force_login(_verified(UserFactory()))

    response = client.get(reverse("mfa_index"))

    assert response.status_code == 200
    assert "認証アプリ" in response.content.decode()


def test_without_staff_mfa_required_staff_reach_the_admin_directly(
    client, staff_without_mfa, settings
):
    settings.STAFF_MFA_REQUIRED = False
    client.force_login(staff_without_mfa)

    response = client.get("/admin/")

    assert response.status_code == 200


def test_wagtails_own_login_form_sends_staff_to_allauths(client, db):
    response = client.get("/admin/login/?next=/admin/pages/")

    assert response.status_code in (301, 302)
    assert response["Location"] == f"{reverse('account_login')}?next=/admin/pages/"


def test_only_superusers_see_the_social_login_settings(client, db):
    client.force_login(StaffUserFactory(groups=["Editors"]))

    response = client.get(reverse("social_apps:index"))

    assert response.status_code in (302, 403)
