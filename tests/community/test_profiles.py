"""Profiles as members see them: マイページ, the sign-up step, public member pages, nudges."""

from io import BytesIO

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from community.adapters import AccountAdapter
from community.models import CommentStatus, Verification
from tests.factories import (
    ArticlePageFactory,
    CommentFactory,
    MemberFactory,
    RegionFactory,
    StaffUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PROFILE_URL = "/accounts/profile/"
WELCOME_URL = "/accounts/profile/welcome/"
# Messages are asserted in English (their msgids); the Japanese come from the catalog.
EDIT = "/en/accounts/profile/"


def picture_bytes(*, kind="JPEG", size=(400, 300)):
    buffer = BytesIO()
    Image.new("RGB", size, (10, 90, 140)).save(buffer, format=kind)
    return buffer.getvalue()


def form_data(**changes):
    return {
        "display_name": "まちの声",
        "bio": "",
        "stakeholder_type": "",
        "prefecture": "",
        "region": "",
        "region_name": "",
        **changes,
    }


@pytest.fixture
def member(client):
    member = UserFactory(email_verified=True)
    client.force_login(member)
    return member


IMPERSONATION = (
    "Your nickname must not suggest that you speak for Yoriai or its staff, or carry a badge "
    "(such as 公式, 運営, admin or ✓). Choose another name."
)
IMPERSONATING_NAMES = [
    "✓ 自治体職員",
    "田中✔",
    "認証済み 事業者",
    "退会したユーザー",
    "札幌市公式",
    "寄り合い運営",
    "寄り合い 事務局",
    "寄り合いの人",
    "YoRiAi Fan",
    "ｙｏｒｉａｉ",  # full width, folded by NFKC
    "SiteAdmin",
    "ＳＴＡＦＦ 田中",
]


def errors_of(response, field):
    return response.context["form"].errors.get(field, [])


# --- URLs and access ------------------------------------------------------------------------


def test_url_names():
    assert reverse("community:profile_edit") == PROFILE_URL
    assert reverse("community:profile_welcome") == WELCOME_URL
    assert reverse("community:member_detail", args=[7]) == "/members/7/"
    assert reverse("community:data_export") == "/accounts/data/"
    assert reverse("community:account_delete") == "/accounts/delete/"


@pytest.mark.parametrize("url", [PROFILE_URL, WELCOME_URL, "/accounts/data/", "/accounts/delete/"])
def test_own_pages_need_a_login(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_profile_page_shows_the_current_profile(client, member):
    region = RegionFactory(prefecture="01", name="帯広市")
    member.display_name, member.prefecture, member.region = "十勝の農家", "01", region
    member.save()

    response = client.get(EDIT)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="十勝の農家"' in html
    assert f'<option value="{region.pk}" selected data-prefecture="01">帯広市</option>' in html
    assert '<optgroup label="Hokkaido">' in html
    assert 'data-region-for="prefecture"' in html


def test_saving_the_profile(client, member):
    region = RegionFactory(prefecture="13", name="千代田区")

    response = client.post(
        EDIT,
        form_data(
            display_name="ちよだ住民",
            bio="区の子育て支援に関心があります。",
            stakeholder_type="resident",
            stakeholder_type_public="on",
            prefecture="13",
            region=str(region.pk),
        ),
        follow=True,
    )

    assert response.redirect_chain == [(EDIT, 302)]
    assert "Your profile has been saved." in response.content.decode()
    member.refresh_from_db()
    assert member.display_name == "ちよだ住民"
    assert member.region == region
    assert member.stakeholder_type_public is True
    assert member.region_public is False


@pytest.mark.parametrize("url", [EDIT, "/en/accounts/profile/welcome/"])
def test_the_21st_save_within_ten_minutes_is_refused_and_input_kept(client, member, url):
    for number in range(20):
        assert client.post(url, form_data(display_name=f"保存{number}")).status_code == 302

    response = client.post(url, form_data(display_name="二十一回目", bio="消えない自己紹介"))

    html = response.content.decode()
    assert response.status_code == 429
    assert (
        "You have saved your profile many times in a short while. "
        "Please wait a few minutes and try again."
    ) in html
    assert 'value="二十一回目"' in html
    assert "消えない自己紹介" in html
    member.refresh_from_db()
    assert member.display_name == "保存19"


# --- Field validation (exact messages, typed input kept) ------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Enter a nickname (1 to 30 characters)."),
        ("\u3000 ", "Enter a nickname (1 to 30 characters)."),
        ("あ" * 31, "Use 30 characters or fewer for your nickname (it has 31)."),
        (
            "taro@example.jp",
            "Your nickname looks like an e-mail address. Choose a name that does not reveal it.",
        ),
        (
            "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ",
            "Your nickname looks like an e-mail address. Choose a name that does not reveal it.",
        ),
        ("https://spam.example", "Your nickname must not be a web address."),
        ("www.shop-taro", "Your nickname must not be a web address."),
        ("taro-shop.jp", "Your nickname must not be a web address."),
        ("bit.ly/abc", "Your nickname must not be a web address."),
        ("example.tokyo", "Your nickname must not be a web address."),
        ("まちの店.ｓｈｏｐ", "Your nickname must not be a web address."),
        *[(name, IMPERSONATION) for name in IMPERSONATING_NAMES],
    ],
)
def test_nickname_validation(client, member, name, message):
    response = client.post(EDIT, form_data(display_name=name, bio="消えない自己紹介"))

    assert response.status_code == 200
    assert errors_of(response, "display_name") == [message]
    assert "消えない自己紹介" in response.content.decode()


@pytest.mark.parametrize("name", ["Ver.2 のまちづくり", "3.14 好き", "No.1 ファン", "まちの声"])
def test_nicknames_with_dots_that_are_not_addresses_are_accepted(client, member, name):
    response = client.post(EDIT, form_data(display_name=name))

    assert response.status_code == 302


def test_a_nickname_of_thirty_full_width_characters_is_accepted(client, member):
    response = client.post(EDIT, form_data(display_name="ア" * 30))

    assert response.status_code == 302


def test_a_half_width_katakana_nickname_is_stored_nfkc(client, member):
    client.post(EDIT, form_data(display_name="ﾏﾁﾉｺｴ"))

    member.refresh_from_db()
    assert member.display_name == "マチノコエ"


def test_bio_longer_than_300_characters(client, member):
    response = client.post(EDIT, form_data(bio="あ" * 301))

    assert errors_of(response, "bio") == ["Keep your bio to 300 characters or fewer (it has 301)."]
    assert "あ" * 301 in response.content.decode()


def test_bio_is_plain_text_on_the_public_page(client, member):
    client.post(EDIT, form_data(bio="<b>太字</b>\n二行目"))

    response = client.get(f"/en/members/{member.pk}/")

    html = response.content.decode()
    assert "&lt;b&gt;太字&lt;/b&gt;<br>二行目" in html


BIDI_CHARACTERS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_text_spoofing_characters_are_removed_from_every_typed_profile_field(client, member):
    """「まちの\u202e声」 would show on the public page as 「まちの」 and a reversed rest."""
    client.post(
        EDIT,
        form_data(
            display_name="まちの\u202e声",
            bio="棚田を\u2067守る\u2069会\u202d",
            prefecture="03",
            region_name="遠野\u202b市",
            region_public="on",
        ),
    )

    member.refresh_from_db()
    assert (member.display_name, member.bio, member.region_name) == (
        "まちの声",
        "棚田を守る会",
        "遠野市",
    )
    html = client.get(f"/members/{member.pk}/").content.decode()
    assert "まちの声" in html and "棚田を守る会" in html and "遠野市" in html
    assert not any(character in html for character in BIDI_CHARACTERS)


def test_unknown_stakeholder_type_and_prefecture_are_refused(client, member):
    response = client.post(EDIT, form_data(stakeholder_type="mayor", prefecture="48"))

    assert errors_of(response, "stakeholder_type") == ["Choose one of the options listed."]
    assert errors_of(response, "prefecture") == ["Choose a prefecture from the list."]


def test_unknown_region_is_refused(client, member):
    response = client.post(EDIT, form_data(prefecture="01", region="999999"))

    assert errors_of(response, "region") == ["Choose a municipality from the list."]


def test_region_from_another_prefecture_is_refused_and_input_kept(client, member):
    sapporo = RegionFactory(prefecture="01", name="札幌市")

    response = client.post(
        EDIT,
        form_data(display_name="残る名前", prefecture="13", region=str(sapporo.pk)),
    )

    assert response.status_code == 200
    assert errors_of(response, "region") == [
        "札幌市 is not in the prefecture you chose. Choose a municipality in that prefecture, "
        "or type its name below."
    ]
    html = response.content.decode()
    assert 'value="残る名前"' in html
    assert '<option value="13" selected>' in html
    member.refresh_from_db()
    assert member.display_name == ""


def test_a_typed_region_is_kept_when_not_listed(client, member):
    client.post(EDIT, form_data(prefecture="32", region_name="海士町"))

    member.refresh_from_db()
    assert (member.prefecture, member.region, member.region_name) == ("32", None, "海士町")


def test_typed_region_longer_than_100_characters(client, member):
    response = client.post(EDIT, form_data(prefecture="32", region_name="町" * 101))

    assert errors_of(response, "region_name") == [
        "Use 100 characters or fewer for the municipality or region (it has 101)."
    ]


# --- Avatar ---------------------------------------------------------------------------------


def test_avatar_upload_is_resized_to_256_square(client, member):
    upload = SimpleUploadedFile("me.webp", picture_bytes(kind="WEBP", size=(900, 1600)))

    response = client.post(EDIT, {**form_data(), "avatar": upload})

    assert response.status_code == 302
    member.refresh_from_db()
    with member.avatar.open("rb") as stored, Image.open(stored) as picture:
        assert picture.size == (256, 256)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("me.gif", b"GIF89a", "Choose a JPEG, PNG or WebP picture."),
        ("me.svg", b"<svg/>", "Choose a JPEG, PNG or WebP picture."),
        (
            "me.jpg",
            b"this is not a picture",
            "This file could not be read as a picture. Choose a JPEG, PNG or WebP image.",
        ),
    ],
)
def test_avatar_type_is_checked(client, member, name, content, message):
    response = client.post(EDIT, {**form_data(), "avatar": SimpleUploadedFile(name, content)})

    assert errors_of(response, "avatar") == [message]


def test_a_gif_renamed_to_jpg_is_refused(client, member):
    buffer = BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="GIF")

    response = client.post(
        EDIT, {**form_data(), "avatar": SimpleUploadedFile("me.jpg", buffer.getvalue())}
    )

    assert errors_of(response, "avatar") == ["Choose a JPEG, PNG or WebP picture."]


def test_avatar_over_2_mb_is_refused(client, member):
    big = SimpleUploadedFile("me.png", picture_bytes(kind="PNG") + b"\0" * (2 * 1024 * 1024))

    response = client.post(EDIT, {**form_data(), "avatar": big})

    (message,) = errors_of(response, "avatar")
    assert message.startswith("This picture is 2.0\xa0MB. Choose one of 2 MB or less.")


def huge_one_bit_png(side=6300):
    """A few KB on disk, ~40 million pixels once decoded: a decompression bomb."""
    buffer = BytesIO()
    Image.new("1", (side, side)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def test_a_picture_with_too_many_pixels_is_refused_and_nothing_saved(client, member):
    content = huge_one_bit_png()
    assert len(content) < 10_000

    response = client.post(
        EDIT,
        {**form_data(display_name="残る名前"), "avatar": SimpleUploadedFile("me.png", content)},
    )

    assert response.status_code == 200
    assert errors_of(response, "avatar") == [
        "This picture is too large to process (6300 × 6300 pixels)."
    ]
    assert 'value="残る名前"' in response.content.decode()
    member.refresh_from_db()
    assert not member.avatar
    assert member.display_name == ""


def test_a_kept_form_asks_to_choose_the_picture_again(client, member):
    upload = SimpleUploadedFile("me.jpg", picture_bytes())

    response = client.post(EDIT, {**form_data(display_name=""), "avatar": upload})

    assert "Please choose it again." in response.content.decode()


def test_removing_the_avatar(client, member):
    client.post(EDIT, {**form_data(), "avatar": SimpleUploadedFile("a.jpg", picture_bytes())})

    client.post(EDIT, form_data(avatar_remove="on"))

    member.refresh_from_db()
    assert not member.avatar


NICKNAME_TAKEN = "Another member uses this nickname. Choose a different one."


@pytest.mark.parametrize(
    "taken, typed",
    [
        ("まちの声", "まちの声"),
        ("Tanaka Taro", "tanaka  TARO"),
        ("Tanaka", "Ｔａｎａｋａ"),  # full width, folded by NFKC
        ("マチノコエ", "ﾏﾁﾉｺｴ"),  # half-width katakana
    ],
)
def test_a_nickname_another_member_uses_is_refused_on_the_field(client, member, taken, typed):
    MemberFactory(display_name=taken)

    response = client.post(EDIT, form_data(display_name=typed, bio="消えない自己紹介"))

    assert response.status_code == 200
    assert errors_of(response, "display_name") == [NICKNAME_TAKEN]
    assert "消えない自己紹介" in response.content.decode()
    member.refresh_from_db()
    assert member.display_name != taken


def test_the_welcome_step_refuses_a_nickname_in_use_in_japanese(client, member):
    MemberFactory(display_name="まちの声")

    response = client.post(WELCOME_URL, form_data(display_name="まちの声"))

    assert response.status_code == 200
    assert errors_of(response, "display_name") == [
        "このニックネームは他の会員が使っています。別のニックネームにしてください。"
    ]


def test_a_nickname_of_a_deactivated_member_or_ones_own_is_accepted(client, member):
    MemberFactory(display_name="まちの声", is_active=False)
    member.display_name = "棚田の守り人"
    member.save()

    assert client.post(EDIT, form_data(display_name="まちの声")).status_code == 302
    assert client.post(EDIT, form_data(display_name="まちの声", bio="追記")).status_code == 302


# --- Sign-up step and nudges ----------------------------------------------------------------


def test_the_welcome_step_can_be_skipped_and_saved(client, member):
    response = client.get(WELCOME_URL + "?next=/articles/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<a class="button" href="/articles/">' in html

    response = client.post(WELCOME_URL, form_data(display_name="はじめまして", next="/articles/"))

    assert response["Location"] == "/articles/"
    member.refresh_from_db()
    assert member.display_name == "はじめまして"


@pytest.mark.parametrize("wanted", ["https://evil.example/", "//evil.example", "foo"])
def test_the_welcome_step_ignores_a_next_that_is_not_a_local_path(client, member, wanted):
    # `next=foo` was taken for a URL pattern name: a 500 after the profile was saved.
    response = client.post(WELCOME_URL, form_data(display_name="はじめまして", next=wanted))

    assert response.status_code == 302
    assert response["Location"] == "/"
    member.refresh_from_db()
    assert member.display_name == "はじめまして"


def test_allauth_sends_newcomers_to_the_welcome_step(rf, member):
    request = rf.get("/")
    request.user = member

    assert AccountAdapter().get_signup_redirect_url(request) == WELCOME_URL


def test_signing_up_lands_on_the_welcome_step(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"

    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.jp",
            "password1": "yoriai-2026-pass",
            "password2": "yoriai-2026-pass",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == WELCOME_URL


def test_first_login_lands_on_the_welcome_step_later_ones_do_not(client):
    member = UserFactory(email="first@example.jp", password="yoriai-2026-pass")
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    credentials = {"login": "first@example.jp", "password": "yoriai-2026-pass"}

    first = client.post(reverse("account_login"), credentials)
    client.logout()
    second = client.post(reverse("account_login"), credentials)

    assert first["Location"] == WELCOME_URL
    assert second["Location"] == "/"


@pytest.mark.parametrize(
    "staff", [{"groups": ["Editors"]}, {"is_superuser": True}], ids=["editor", "superuser"]
)
def test_staff_skip_the_welcome_step_and_go_to_the_admin_or_next(client, staff):
    StaffUserFactory(
        email="kouhou@example.jp",
        password="yoriai-2026-pass",
        mfa=False,
        email_verified=True,
        **staff,
    )
    credentials = {"login": "kouhou@example.jp", "password": "yoriai-2026-pass"}

    first = client.post(reverse("account_login"), credentials)
    client.logout()
    with_next = client.post(reverse("account_login") + "?next=/articles/", credentials)

    assert first["Location"] == "/admin/"
    assert with_next["Location"] == "/articles/"


def test_a_next_given_at_sign_up_is_carried_through_the_welcome_step(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"

    signed_up = client.post(
        reverse("account_signup") + "?next=/articles/",
        {
            "email": "new@example.jp",
            "password1": "yoriai-2026-pass",
            "password2": "yoriai-2026-pass",
        },
    )
    welcome = client.get(signed_up["Location"])
    saved = client.post(WELCOME_URL, form_data(display_name="はじめまして", next="/articles/"))

    assert signed_up["Location"] == WELCOME_URL + "?next=%2Farticles%2F"
    assert '<a class="button" href="/articles/">' in welcome.content.decode()
    assert saved["Location"] == "/articles/"


def test_a_next_kept_through_e_mail_confirmation_reaches_the_welcome_step(client, mailoutbox):
    client.post(
        reverse("account_signup") + "?next=/articles/",
        {
            "email": "mail@example.jp",
            "password1": "yoriai-2026-pass",
            "password2": "yoriai-2026-pass",
        },
    )
    link = next(word for word in mailoutbox[-1].body.split() if "/accounts/confirm-email/" in word)

    response = client.post(link.split("testserver", 1)[-1])

    assert response["Location"] == WELCOME_URL + "?next=%2Farticles%2F"


def test_profile_page_lists_what_is_missing(client, member):
    response = client.get(EDIT)

    html = response.content.decode()
    assert "Your profile is not complete:" in html
    for label in ("nickname", "stakeholder type", "prefecture"):
        assert f"<span>{label}</span>" in html


def test_header_nudge_on_other_pages_for_incomplete_profiles_only(client, member):
    incomplete = client.get(f"/en/members/{member.pk}/").content.decode()
    client.force_login(MemberFactory())
    complete = client.get(f"/en/members/{member.pk}/").content.decode()

    assert 'class="profile-nudge"' in incomplete
    assert 'class="profile-nudge"' not in complete


# --- Public profile -------------------------------------------------------------------------


@pytest.fixture
def private_member(db):
    return MemberFactory(
        display_name="しまの先生",
        first_name="花子",
        last_name="山田",
        email="hanako.yamada@example.jp",
        username="hanako-yamada",
        stakeholder_type="municipal",
        verified_as=Verification.MUNICIPAL,
        region__name="函館市",
        email_verified=True,
    )


def test_public_page_never_shows_email_username_or_real_name(client, private_member):
    client.force_login(StaffUserFactory(groups=["Moderators"]))

    html = client.get(f"/en/members/{private_member.pk}/").content.decode()

    assert "しまの先生" in html
    for secret in ("hanako.yamada", "hanako-yamada", "花子", "山田"):
        assert secret not in html


def test_anonymous_visitors_see_only_public_attributes(client, private_member):
    response = client.get(f"/en/members/{private_member.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Verified municipal employee" in html
    assert "Municipal employee</dd>" not in html
    assert "函館市" not in html


@pytest.mark.parametrize("viewer", ["anonymous", "member"])
def test_public_attributes_are_shown_when_made_public(client, private_member, viewer):
    private_member.stakeholder_type_public = private_member.region_public = True
    private_member.save()
    if viewer == "member":
        client.force_login(MemberFactory())

    html = client.get(f"/en/members/{private_member.pk}/").content.decode()

    assert "Municipal employee</dd>" in html
    assert "Hokkaido 函館市</dd>" in html
    assert "shown to staff only" not in html


@pytest.mark.parametrize("group", ["Editors", "Moderators", "Analysts"])
def test_staff_always_see_attributes_labelled_staff_only(client, private_member, group):
    client.force_login(StaffUserFactory(groups=[group]))

    html = client.get(f"/en/members/{private_member.pk}/").content.decode()

    assert "Municipal employee <span" in html
    assert "Hokkaido 函館市 <span" in html
    assert html.count("(not public: shown to staff only)") == 2


def test_a_member_does_not_see_private_attributes_of_others(client, private_member):
    client.force_login(MemberFactory())

    html = client.get(f"/en/members/{private_member.pk}/").content.decode()

    assert "函館市" not in html


def test_the_owner_is_told_this_is_the_public_view(client, private_member):
    client.force_login(private_member)

    html = client.get(f"/en/members/{private_member.pk}/").content.decode()

    assert "This is how others see your profile." in html
    assert "函館市" not in html


def test_initials_avatar_without_a_picture(client, private_member):
    html = client.get(f"/en/members/{private_member.pk}/").content.decode()

    assert "avatar--initials avatar--colour-" in html
    assert ">し</span>" in html


def test_activity_section_has_an_honest_empty_state(client, private_member):
    html = client.get(f"/en/members/{private_member.pk}/?page=3").content.decode()

    assert "しまの先生 has not posted any comments or opinions yet." in html


def test_the_profile_lists_the_members_published_comments_newest_first(
    client, article_index, private_member
):
    article = ArticlePageFactory(parent=article_index, title="電子申請のはじめかた")
    draft = ArticlePageFactory(parent=article_index, title="下書きの記事", live=False)
    older = CommentFactory(page=article, author=private_member, body_source="最初の意見です")
    newer = CommentFactory(
        page=article, author=private_member, body_source="<b>次の</b>意見 https://example.jp/a"
    )
    CommentFactory(page=article, author=private_member, status=CommentStatus.HIDDEN)
    CommentFactory(page=draft, author=private_member, body_source="下書きへのコメント")

    html = client.get(f"/members/{private_member.pk}/").content.decode()

    newer_link, older_link = (f"/comments/{c.pk}/" for c in (newer, older))  # permalinks
    assert html.index(newer_link) < html.index(older_link)
    assert f'href="{older_link}">電子申請のはじめかた</a>' in html
    assert "&lt;b&gt;次の&lt;/b&gt;意見" in html
    assert 'rel="nofollow ugc noopener">https://example.jp/a</a>' in html
    assert html.count("member-activity__item") == 2
    assert "下書きへのコメント" not in html


def test_inactive_and_unknown_members_are_404(client, private_member):
    private_member.is_active = False
    private_member.save()

    assert client.get(f"/members/{private_member.pk}/").status_code == 404
    assert client.get("/members/999999/").status_code == 404


def test_a_member_without_a_verified_primary_address_has_no_public_page(client):
    unverified = MemberFactory()
    EmailAddress.objects.create(user=unverified, email=unverified.email, primary=True)
    secondary_only = MemberFactory()
    EmailAddress.objects.create(user=secondary_only, email=secondary_only.email, primary=True)
    EmailAddress.objects.create(user=secondary_only, email="b@example.jp", verified=True)

    assert client.get(f"/members/{unverified.pk}/").status_code == 404
    assert client.get(f"/members/{secondary_only.pk}/").status_code == 404


@pytest.mark.parametrize(
    "staff",
    [
        {"groups": ["Editors"]},
        {"groups": ["Moderators"]},
        {"is_superuser": True},
        {"is_staff": True},
    ],
    ids=["editor", "moderator", "superuser", "is_staff"],
)
def test_staff_have_no_public_member_page(client, staff):
    user = StaffUserFactory(display_name="広報担当", email_verified=True, **staff)

    response = client.get(f"/members/{user.pk}/")

    assert response.status_code == 404
    assert "広報担当" not in response.content.decode()


def test_japanese_public_profile(client, private_member):
    response = client.get(f"/members/{private_member.pk}/")

    assert response.status_code == 200
    assert 'lang="ja"' in response.content.decode()


def test_confirming_the_signup_email_lands_on_the_welcome_step(client, mailoutbox):
    client.post(
        reverse("account_signup"),
        {
            "email": "mail@example.jp",
            "password1": "yoriai-2026-pass",
            "password2": "yoriai-2026-pass",
        },
    )
    link = next(word for word in mailoutbox[-1].body.split() if "/accounts/confirm-email/" in word)
    path = link.split("testserver", 1)[-1]

    response = client.post(path)

    assert response.status_code == 302
    assert response["Location"] == WELCOME_URL


def test_my_page_links_to_the_public_profile_only_when_there_is_one(client):
    public = UserFactory(email_verified=True)
    unverified = UserFactory()

    client.force_login(public)
    assert f'href="/members/{public.pk}/"' in client.get("/accounts/profile/").content.decode()
    client.force_login(unverified)
    html = client.get("/accounts/profile/").content.decode()
    assert f'href="/members/{unverified.pk}/"' not in html


def test_a_comment_by_staff_through_a_group_does_not_link_to_a_member_page(client, article_index):
    editor = StaffUserFactory(groups=["Editors"], email_verified=True, display_name="編集部")
    comment = CommentFactory(author=editor, page=ArticlePageFactory(parent=article_index))

    html = client.get(comment.page.url).content.decode()

    assert f'href="/members/{editor.pk}/"' not in html
    assert client.get(f"/members/{editor.pk}/").status_code == 404


def test_a_full_disk_keeps_the_profile_and_says_so_in_japanese(client, member, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", disk_full)
    upload = SimpleUploadedFile("me.jpg", picture_bytes())
    data = {**form_data(), "display_name": "新しい名前", "avatar": upload}

    response = client.post("/accounts/profile/", data)

    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "プロフィール画像を今は保存できなかったため、何も変更していません。"
        "数分後に、画像を選び直してから保存してください。"
    ) in html
    assert 'value="新しい名前"' in html  # what they typed is still in the form
    member.refresh_from_db()
    assert member.display_name != "新しい名前"
    assert not member.avatar
