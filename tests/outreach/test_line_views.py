"""The LINE part of the notification settings over HTTP (outreach.line.views,
templates/outreach/): linking from a LINE sign-in, one-time codes, unlinking, who may do what,
and a member's whole way from a code to a linked account through the webhook."""

import datetime
import re

import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from outreach.line import services
from outreach.line.services import CODE_ALPHABET, CODE_LENGTH
from outreach.models import LineAccount, LineLinkCode
from tests.factories import MemberFactory

from .line_api import PROFILE_NAME, line_api_running, text_event, webhook_post

SETTINGS = reverse("community:notification_settings")
LINK = reverse("outreach:line_link_sign_in")
CODE = reverse("outreach:line_link_code_create")
UNLINK = reverse("outreach:line_unlink")
LINE_USER = "U" + "d" * 32


@pytest.fixture
def line_api(settings):
    with line_api_running(settings) as api:
        yield api


@pytest.fixture
def member(db):
    return MemberFactory(email_verified=True, display_name="アリス")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


def _html(response):
    return response.content.decode()


@pytest.mark.parametrize(
    ("url", "method"), [(LINK, "post"), (CODE, "post"), (UNLINK, "get"), (UNLINK, "post")]
)
def test_anonymous_visitors_are_sent_to_sign_in(client, db, line_api, url, method):
    response = getattr(client, method)(url)

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not LineLinkCode.objects.exists()


@pytest.mark.parametrize("url", [LINK, CODE])
def test_linking_and_codes_need_post(member_client, line_api, url):
    assert member_client.get(url).status_code == 405


@pytest.mark.parametrize("url", [LINK, CODE, UNLINK])
def test_every_line_address_is_absent_while_line_is_not_configured(member_client, url):
    assert member_client.post(url).status_code == 404
    assert "LINEで通知を受け取る" not in _html(member_client.get(SETTINGS))


@pytest.mark.parametrize("url", [LINK, CODE, UNLINK])
def test_every_post_needs_the_csrf_token(member, line_api, url):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    services.line_account_link(member=member, line_user_id=LINE_USER)

    assert client.post(url).status_code == 403
    assert LineAccount.objects.filter(member=member).exists()
    assert not LineLinkCode.objects.exists()


def test_the_settings_page_offers_the_friend_add_link_and_a_code(member_client, line_api):
    html = _html(member_client.get(SETTINGS))

    assert '<h2 id="line-heading" class="section__heading">LINE</h2>' in html
    assert 'href="https://line.me/R/ti/p/%40yoriai"' in html and "<svg" in html
    assert "友だち追加" in html and "コードを表示" in html
    assert "LINEで通知を受け取る" not in html  # they do not sign in with LINE


def test_quiet_hours_are_set_in_the_line_part_when_the_site_has_no_browser_notifications(
    member_client, line_api, settings
):
    settings.WEBPUSH_VAPID_PUBLIC_KEY = settings.WEBPUSH_VAPID_PRIVATE_KEY = ""

    html = _html(member_client.get(SETTINGS))

    line_part = html[html.index('id="line-heading"') :]
    assert line_part.count('id="quiet-hours-heading"') == 1 and "通知を控える時間帯" in line_part


def test_quiet_hours_are_shown_once_with_both_channels(member_client, line_api, vapid):
    html = _html(member_client.get(SETTINGS))

    assert html.count('id="quiet-hours-heading"') == 1
    assert html.index('id="quiet-hours-heading"') > html.index('id="browser-notifications"')


def test_a_member_asks_for_a_code_and_sees_it(member_client, member, line_api):
    response = member_client.post(CODE)

    assert response.status_code == 302 and response["Location"] == f"{SETTINGS}#line"
    code = LineLinkCode.objects.get(member=member)
    assert re.fullmatch(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}", code.code)
    assert code.expires_at == pytest.approx(
        timezone.now() + datetime.timedelta(minutes=30), abs=datetime.timedelta(seconds=10)
    )
    html = _html(member_client.get(SETTINGS))
    assert f"<strong>{code.code}</strong>" in html and "1回だけ使えます" in html
    assert "新しいコードを表示" in html


def test_a_new_code_replaces_the_members_earlier_one(member_client, member, line_api):
    member_client.post(CODE)
    first = LineLinkCode.objects.get(member=member).code

    member_client.post(CODE)

    assert list(LineLinkCode.objects.filter(member=member).values_list("code", flat=True)) != [
        first
    ]
    assert LineLinkCode.objects.filter(member=member).count() == 1


def test_an_expired_code_is_not_shown(member_client, member, line_api):
    code = services.line_link_code_create(
        member=member, now=timezone.now() - datetime.timedelta(minutes=31)
    )

    html = _html(member_client.get(SETTINGS))

    assert code.code not in html and "新しいコードを表示" not in html


def test_asking_for_codes_is_rate_limited(member_client, member, line_api):
    for _ in range(10):
        member_client.post(CODE)
    last = LineLinkCode.objects.get(member=member).code

    response = member_client.post(CODE, follow=True)

    assert "コードの表示が多すぎます" in _html(response)
    assert LineLinkCode.objects.get(member=member).code == last


def test_a_member_who_signs_in_with_line_links_it_with_one_button(member_client, member, line_api):
    SocialAccount.objects.create(
        user=member, provider="line", uid=LINE_USER, extra_data={"name": "ありす"}
    )
    assert "LINEで通知を受け取る" in _html(member_client.get(SETTINGS))

    response = member_client.post(LINK, follow=True)

    account = LineAccount.objects.get(member=member)
    assert account.line_user_id == LINE_USER and account.display_name == "ありす"
    assert "LINEと連携しました。" in _html(response) and "連携済み" in _html(response)


def test_linking_a_line_sign_in_that_is_not_there_links_nothing(member_client, member, line_api):
    response = member_client.post(LINK, follow=True)

    assert "LINEでログインしていません" in _html(response)
    assert not LineAccount.objects.exists()


def test_a_linked_member_sees_the_account_and_unlinks_it_after_confirming(
    member_client, member, line_api
):
    services.line_account_link(member=member, line_user_id=LINE_USER, display_name="ありす")
    html = _html(member_client.get(SETTINGS))
    assert "連携済み" in html and "（LINEの名前：ありす）" in html
    assert f'href="{UNLINK}"' in html

    confirm = member_client.get(UNLINK)
    assert confirm.status_code == 200 and "LINEとの連携を解除しますか？" in _html(confirm)
    assert LineAccount.objects.filter(member=member).exists()

    response = member_client.post(UNLINK, follow=True)

    assert not LineAccount.objects.filter(member=member).exists()
    assert "LINEとの連携を解除しました。" in _html(response)


def test_the_unlink_page_of_a_member_with_nothing_linked_leads_back(member_client, line_api):
    assert member_client.get(UNLINK)["Location"] == SETTINGS


def test_another_member_neither_sees_nor_unlinks_a_members_account(client, member, line_api):
    services.line_account_link(member=member, line_user_id=LINE_USER, display_name="ありす")
    code = services.line_link_code_create(member=member)
    client.force_login(MemberFactory())

    html = _html(client.get(SETTINGS))
    client.post(UNLINK)

    assert "ありす" not in html and code.code not in html and "連携済み" not in html
    assert LineAccount.objects.filter(member=member).exists()


def test_a_member_links_line_with_a_code_and_the_settings_page_says_so(
    member_client, member, line_api
):
    member_client.post(CODE)
    html = _html(member_client.get(SETTINGS))
    code = re.search(r'<p class="line-code"><strong>(\w+)</strong>', html).group(1)

    assert webhook_post(Client(), text_event(code, user=LINE_USER)).status_code == 200

    html = _html(member_client.get(SETTINGS))
    assert "連携済み" in html and f"（LINEの名前：{PROFILE_NAME}）" in html
    assert "コードを表示" not in html
    assert line_api.reply_texts() == ["寄り合いのお知らせをLINEで受け取れるようになりました。"]
