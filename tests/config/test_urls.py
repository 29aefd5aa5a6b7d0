"""Staff have one way in: allauth's login (rate-limited, MFA), never Wagtail's own form."""

import pytest


@pytest.mark.django_db
def test_wagtails_login_page_sends_staff_to_the_site_login(client):
    response = client.get("/admin/login/?next=/admin/pages/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/pages/"


@pytest.mark.django_db
def test_a_password_posted_to_wagtails_login_is_never_checked(client):
    response = client.post("/admin/login/", {"username": "editor", "password": "guess"})

    assert response.status_code in (302, 405)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_wagtails_password_reset_is_switched_off(client):
    assert client.get("/admin/password_reset/").status_code == 404
