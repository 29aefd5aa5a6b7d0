"""A newcomer on a phone (and on a desktop) signs up, verifies the e-mail and sets up a profile.

Home page → ユーザー登録 in the header → e-mail and password → 「メールアドレスを確認してください」
→ the link in the mail (read from django.core.mail.outbox: the live server runs in this process
and tests use the locmem backend) → 確認 → signed in on 「プロフィールを設定」 → nickname,
自治体職員, 北海道, a municipality, 'show my stakeholder type' → saved → My page → the public
profile, which shows the nickname and the stakeholder type but never the e-mail address → an
article, where the new member's first comment appears under the nickname (journey 1 of issue 10).

Headings and messages the issue names are asserted in Japanese as written here; labels and
buttons are looked up in the compiled catalogue (`ja`, which fails on a string left in English),
so rewording a translation in locale/ja/LC_MESSAGES/django.po does not break the test.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.journeys import assert_fits, ja

pytestmark = pytest.mark.e2e

EMAIL = "sapporo.tanaka@example.jp"
PASSWORD = "kitaguni-no-yuki-2026"
NICKNAME = "北の窓口係"
MUNICIPALITY = "ニセコ町"
FIRST_COMMENT = "窓口で電子申請の使い方を案内しています"
# allauth writes an absolute link (the live server's host) today; a relative one works as well.
CONFIRMATION_LINK = re.compile(r"(?:https?://[^/\s]+)?(/(?:en/)?accounts/confirm-email/[^\s/]+/)")


def label(message):
    """A label that starts with `message`: required fields add 「（必須）」."""
    return re.compile(rf"^\s*{re.escape(ja(message))}")


@pytest.fixture
def home(live_server, transactional_db, django_db_serialized_rollback):
    from tests.factories import HomePageFactory

    return HomePageFactory(lead="地域のみなさんと行政をつなぐ寄り合いの場です。")


@pytest.fixture
def article(home):
    from tests.factories import ArticleIndexPageFactory, ArticlePageFactory

    index = ArticleIndexPageFactory(parent=home)
    return ArticlePageFactory(parent=index, title="最初の一歩は電子申請", slug="first-step")


def follow(page, link):
    """Click `link` and return the status of the page it leads to."""
    with page.expect_navigation() as navigation:
        link.click()
    return navigation.value.status


def path_of(page):
    return urlsplit(page.url).path


def confirmation_path(message):
    found = CONFIRMATION_LINK.search(message.body)
    assert found, f"no confirmation link in the mail:\n{message.body}"
    return found.group(1)


def test_newcomer_signs_up_verifies_sets_up_a_public_profile_and_comments(
    page, home, article, viewport, console_errors, screenshot
):
    from community.models import StakeholderType, User

    # 1. The home page: a visitor sees ユーザー登録 in the header.
    response = page.goto("/")
    assert response is not None and response.status == 200
    header = page.locator("header.site-header")
    sign_up = header.get_by_role("link", name="ユーザー登録", exact=True)
    expect(sign_up).to_be_visible()
    screenshot("signup-1-home")
    assert_fits(page, viewport, console_errors, "home")

    # 2. The sign-up form: e-mail and password twice, labelled in Japanese.
    assert follow(page, sign_up) == 200
    assert path_of(page) == "/accounts/signup/"
    expect(page).to_have_title(re.compile(r"^ユーザー登録 \|"))
    expect(page.get_by_role("heading", level=1)).to_have_text("ユーザー登録")
    expect(sign_up).to_have_attribute("aria-current", "page")
    page.get_by_label(label("Email")).fill(EMAIL)  # allauth's label: 「Eメール」
    page.get_by_label(re.compile(r"^パスワード\s*（必須）")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^パスワード \(再入力\)")).fill(PASSWORD)
    screenshot("signup-2-form")
    assert_fits(page, viewport, console_errors, "sign-up form")
    main = page.get_by_role("main")
    assert follow(page, main.get_by_role("button", name="ユーザー登録", exact=True)) == 200

    # 3. 「メールアドレスを確認してください」, and one mail to the address just given.
    assert path_of(page) == "/accounts/confirm-email/"
    expect(page.get_by_role("heading", level=1)).to_have_text("メールアドレスを確認してください")
    expect(page.get_by_role("status")).to_have_text(f"確認メールを {EMAIL} へ送信しました。")
    expect(page.locator("details.account-menu")).to_have_count(0)  # not signed in yet
    screenshot("signup-3-verification-sent")
    assert_fits(page, viewport, console_errors, "verification sent")
    assert len(mail.outbox) == 1, [message.subject for message in mail.outbox]
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    assert message.subject == "[寄り合い] メールアドレスを確認してください"
    link = confirmation_path(message)

    # 4. The link in the mail asks to confirm (allauth does not confirm on GET).
    response = page.goto(link)
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("メールアドレスの確認")
    expect(page.get_by_role("main")).to_contain_text(
        f"{EMAIL} があなたのメールアドレスであることを確認してください。"
    )
    expect(page.get_by_role("main")).not_to_contain_text("会員")  # no made-up name (issue 19)
    screenshot("signup-4-confirm")
    assert_fits(page, viewport, console_errors, "confirm e-mail")
    assert follow(page, page.get_by_role("main").get_by_role("button", name="確認")) == 200

    # 5. Signed in, on the 「プロフィールを設定」 step.
    assert path_of(page) == "/accounts/profile/welcome/"
    expect(page.get_by_role("heading", level=1)).to_have_text("プロフィールを設定")
    expect(page.get_by_role("status")).to_contain_text(f"{EMAIL} を確認しました。")
    expect(page.get_by_role("status")).to_contain_text(f"{EMAIL} でログインしました。")
    expect(page.locator("details.account-menu")).to_have_count(1)
    # Until a nickname is chosen, the member's own header names them by their address.
    expect(page.locator(".account-menu__name")).to_have_text(EMAIL)
    expect(page.locator("body")).not_to_contain_text("会員")
    expect(page.get_by_role("link", name="ユーザー登録", exact=True)).to_have_count(0)
    screenshot("signup-5-welcome")
    assert_fits(page, viewport, console_errors, "welcome step")

    form = page.locator("main form")
    form.get_by_label(label("Nickname")).fill(NICKNAME)
    form.get_by_role("radio", name="自治体職員", exact=True).check()
    form.get_by_label(ja("Prefecture"), exact=True).select_option(label="北海道")
    form.get_by_label(ja("Not in the list? Type your municipality or region")).fill(MUNICIPALITY)
    show_type = form.get_by_role(
        "checkbox", name=ja("Show my stakeholder type on my public profile")
    )
    show_type.check()
    expect(show_type).to_be_checked()
    show_region = form.get_by_role(
        "checkbox", name=ja("Show my prefecture and municipality on my public profile")
    )
    expect(show_region).not_to_be_checked()
    screenshot("signup-6-profile-filled")
    assert_fits(page, viewport, console_errors, "profile filled in")
    assert follow(page, form.get_by_role("button", name=ja("Save and continue"))) == 200

    # 6. Saved: back on the home page, welcomed, the nickname in the header's account menu.
    assert path_of(page) == "/"
    expect(page.get_by_role("status")).to_contain_text(ja("Welcome! Your profile has been saved."))
    account_menu = page.locator("details.account-menu")
    expect(account_menu.locator("summary")).to_contain_text(NICKNAME)
    expect(page.locator(".profile-nudge")).to_have_count(0)  # nothing left to fill in
    screenshot("signup-7-saved")
    assert_fits(page, viewport, console_errors, "profile saved")

    member = User.objects.get(email=EMAIL)
    assert member.display_name == NICKNAME
    assert member.stakeholder_type == StakeholderType.MUNICIPAL
    assert member.prefecture == "01"
    assert member.stakeholder_type_public and not member.region_public

    # 7. My page → the public profile: the nickname and 自治体職員, never the e-mail address.
    account_menu.locator("summary").click()
    assert follow(page, account_menu.get_by_role("link", name=ja("My page"))) == 200
    assert path_of(page) == "/accounts/profile/"
    public_profile = page.get_by_role("link", name=ja("See your public profile"))
    assert follow(page, public_profile) == 200
    assert path_of(page) == f"/members/{member.pk}/"
    expect(page).to_have_title(re.compile(rf"^{re.escape(NICKNAME)} \|"))
    expect(page.get_by_role("heading", level=1)).to_have_text(NICKNAME)
    attributes = page.locator("main dl.member-attributes")
    expect(attributes.locator("dt")).to_have_text([ja("Stakeholder type")])
    expect(attributes.locator("dd")).to_have_text(["自治体職員"])
    screenshot("signup-8-public-profile")
    assert_fits(page, viewport, console_errors, "public profile")

    html = page.content()
    # allauth made the username from the address (sapporo.tanaka): it must not show either.
    for private in (EMAIL, EMAIL.split("@")[0], member.username):
        assert private not in html, f"the public profile shows {private!r}"
    assert MUNICIPALITY not in html, "the municipality is shown though the member kept it private"

    # 8. An article: the first comment, posted in place, under the nickname and 自治体職員.
    page.goto(article.url)
    form = page.locator("#comment-form")
    form.get_by_role("textbox", name=ja("Comment")).fill(FIRST_COMMENT)
    form.get_by_role("button", name=ja("Post comment")).click()
    expect(page.locator(".comment__notice")).to_have_text(ja("Your comment has been posted."))
    posted = page.locator(".comment", has_text=FIRST_COMMENT)
    expect(posted.locator(".comment__header").first).to_contain_text(NICKNAME)
    expect(posted.locator(".comment__header").first).to_contain_text("自治体職員")
    screenshot("signup-9-first-comment")
    assert_fits(page, viewport, console_errors, "first comment")
    assert member.comments.get().body_source == FIRST_COMMENT
