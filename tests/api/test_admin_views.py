"""「APIキー」 in the Wagtail admin (api.admin_views): every URL refused to people without the
permissions, the Analysts (api 0002) and superusers let in; issuing shows the key once and
nowhere else (list, revocation page, session, cookies, logs); revoking after a confirmation,
CSRF-checked; times in Japan time; nothing edits or deletes a key."""

import logging
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import NoReverseMatch, reverse
from wagtail.users.models import UserProfile

from api.keys import api_key_find, api_key_issue, key_digest
from api.models import ApiKey
from tests.factories import StaffUserFactory, log_in_as

pytestmark = pytest.mark.django_db

INDEX = reverse("api_keys:index")
ISSUE = reverse("api_keys:issue")
NAME = "オープンデータ研究会"


@pytest.fixture
def api_key():
    return api_key_issue(name="既存のキー")[0]


@pytest.fixture
def analyst(client):
    user = StaffUserFactory(groups=["Analysts"])
    client.force_login(user)
    return user


def _urls(api_key):
    revoke = reverse("api_keys:revoke", args=[api_key.pk])
    return [("get", INDEX), ("get", ISSUE), ("post", ISSUE), ("get", revoke), ("post", revoke)]


@pytest.mark.parametrize(
    "role", ["anonymous", "member", "Editors", "Moderators", "Responders", "Event staff"]
)
def test_nobody_without_the_permissions_reaches_a_screen(client, api_key, role):
    log_in_as(client, role)

    for method, url in _urls(api_key):
        response = getattr(client, method)(url, {"name": "侵入"})
        if role in ("anonymous", "member"):  # Wagtail sends them to sign in, showing nothing
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("account_login")), url
        else:
            assert response.status_code == 403, url
    assert list(ApiKey.objects.values_list("name", "revoked_at")) == [("既存のキー", None)]


@pytest.mark.parametrize("role", ["Analysts", "superuser"])
def test_analysts_and_superusers_reach_every_screen(client, api_key, role):
    log_in_as(client, role)

    assert client.get(INDEX).status_code == 200
    assert client.get(ISSUE).status_code == 200
    assert client.get(reverse("api_keys:revoke", args=[api_key.pk])).status_code == 200


@pytest.mark.parametrize(
    ("role", "shown"),
    [("Analysts", True), ("superuser", True), ("Editors", False), ("Moderators", False)],
)
def test_the_menu_offers_api_keys_only_to_those_who_may_see_them(client, role, shown):
    log_in_as(client, role)

    assert (f'"{INDEX}"' in client.get("/admin/").content.decode()) is shown


def test_the_analysts_group_holds_the_three_permissions():
    granted = Group.objects.get(name="Analysts").permissions.filter(content_type__app_label="api")

    assert set(granted.values_list("codename", flat=True)) == {
        "view_apikey",
        "add_apikey",
        "change_apikey",
    }
    assert not Permission.objects.filter(
        group__name__in=["Editors", "Moderators", "Responders"], content_type__app_label="api"
    ).exists()


def issue(client, name):
    """Send the issue form as a browser does: with the token the form was given."""
    token = client.get(ISSUE).context["issue_token"]
    return client.post(ISSUE, {"name": name, "issue_token": token})


def test_issuing_shows_the_key_once_with_how_to_send_it(client, analyst):
    response = issue(client, f"  {NAME} ")

    api_key = ApiKey.objects.get()
    raw_key = response.context["raw_key"]
    page = response.content.decode()
    assert response.status_code == 200
    assert raw_key in page and "X-API-Key" in page
    assert "二度と表示されません" in page
    assert "no-store" in response["Cache-Control"]
    assert (api_key.name, api_key.created_by) == (NAME, analyst)
    assert api_key.digest == key_digest(raw_key)
    assert api_key_find(raw_key) == api_key


def test_the_key_is_nowhere_after_the_page_that_issued_it(client, analyst, caplog):
    caplog.set_level(logging.DEBUG)
    issued = issue(client, NAME)
    raw_key = issued.context["raw_key"]
    api_key = ApiKey.objects.get()

    pages = [
        client.get(INDEX),
        client.get(reverse("api_keys:revoke", args=[api_key.pk])),
        client.post(reverse("api_keys:revoke", args=[api_key.pk]), follow=True),
    ]

    assert all(raw_key not in page.content.decode() for page in pages)
    assert f"{api_key.prefix}…" in pages[0].content.decode()
    assert raw_key not in str(list(ApiKey.objects.values()))
    assert raw_key not in str(SessionStore(client.session.session_key).load())
    assert all(raw_key not in morsel.value for morsel in client.cookies.values())
    assert raw_key not in caplog.text
    assert all(raw_key not in str(record.args) for record in caplog.records)


def test_sending_the_form_again_issues_no_second_key(client, analyst):
    token = client.get(ISSUE).context["issue_token"]
    client.post(ISSUE, {"name": NAME, "issue_token": token})

    again = client.post(ISSUE, {"name": NAME, "issue_token": token}, follow=True)

    assert ApiKey.objects.count() == 1
    assert "raw_key" not in again.context
    assert "このフォームからはすでにキーを発行しました。一覧にあります。" in again.content.decode()


def test_a_key_needs_a_name(client, analyst):
    response = client.post(ISSUE, {"name": "  "})

    assert response.status_code == 200
    assert "raw_key" not in response.context
    assert response.context["form"].errors["name"]
    assert not ApiKey.objects.exists()


def test_the_list_shows_each_key_its_issuer_last_use_and_state(client, analyst):
    used = api_key_issue(name="使ったキー", created_by=analyst)[0]
    ApiKey.objects.filter(pk=used.pk).update(last_used_at=datetime(2026, 12, 1, 1, 30, tzinfo=UTC))
    revoked = api_key_issue(name="取り消したキー")[0]
    client.post(reverse("api_keys:revoke", args=[revoked.pk]), follow=True)
    unused = api_key_issue(name="新しいキー")[0]

    page = client.get(INDEX).content.decode()

    assert page.index("新しいキー") < page.index("取り消したキー") < page.index("使ったキー")
    assert f"<code>{used.prefix}…</code>" in page and analyst.email in page
    assert "2026/12/01 10:30" in page  # 01:30 UTC in Japan time
    rows = page.split("<tbody>")[1].split("</tr>")
    assert ["未使用" in row for row in rows[:3]] == [True, True, False]
    assert ["有効" in row for row in rows[:3]] == [True, False, True]
    assert ["取り消し済み" in row for row in rows[:3]] == [False, True, False]
    assert reverse("api_keys:revoke", args=[unused.pk]) in page
    assert reverse("api_keys:revoke", args=[revoked.pk]) not in page


def test_times_are_in_japan_time_whatever_zone_staff_chose(client, analyst):
    profile = UserProfile.get_for_user(analyst)
    profile.current_time_zone = "Europe/London"
    profile.save()
    api_key = api_key_issue(name="キー")[0]
    ApiKey.objects.filter(pk=api_key.pk).update(created_at=datetime(2026, 12, 1, 23, 0, tzinfo=UTC))

    assert "2026/12/02 08:00" in client.get(INDEX).content.decode()


def test_revoking_asks_first_then_refuses_the_key(client, analyst):
    api_key, raw_key = api_key_issue(name=NAME)
    url = reverse("api_keys:revoke", args=[api_key.pk])

    confirmation = client.get(url).content.decode()
    assert NAME in confirmation and "元には戻せません" in confirmation
    assert api_key_find(raw_key) == api_key

    response = client.post(url, follow=True)

    assert response.redirect_chain == [(INDEX, 302)]
    assert f"APIキー「{NAME}」を取り消しました。" in response.content.decode()
    assert api_key_find(raw_key) is None
    assert ApiKey.objects.get().revoked_at is not None  # kept for the record
    again = client.get(url, follow=True)
    assert "このAPIキーはすでに取り消されています。" in again.content.decode()


def test_revoking_needs_the_csrf_token(api_key):
    client = Client(enforce_csrf_checks=True)
    client.force_login(StaffUserFactory(groups=["Analysts"]))

    response = client.post(reverse("api_keys:revoke", args=[api_key.pk]))

    assert response.status_code == 403
    api_key.refresh_from_db()
    assert api_key.is_active


def test_nothing_edits_or_deletes_a_key(client, analyst, api_key):
    for name in ("edit", "delete"):
        with pytest.raises(NoReverseMatch):
            reverse(f"api_keys:{name}", args=[api_key.pk])
        assert client.post(f"{INDEX}{api_key.pk}/{name}/").status_code == 404
    assert client.get(f"{INDEX}{10**30}/revoke/").status_code == 404  # too large for the table
    assert client.get(f"{INDEX}{api_key.pk + 1}/revoke/").status_code == 404
    assert ApiKey.objects.get() == api_key
