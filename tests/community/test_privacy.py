"""Privacy (APPI): downloading one's data, deleting one's account, the privacy policy page."""

import json
import re
from uuid import uuid4

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.urls import reverse

from articles.demo.site import demo_site_build
from articles.models import InformationPage
from community.models import User
from community.selectors.member_export import member_data_export
from community.services.comments import comment_delete, comment_edit
from community.services.likes import like_toggle
from community.services.members import member_delete
from tests.factories import (
    CommentFactory,
    MemberFactory,
    StaffUserFactory,
    TOTPAuthenticatorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # the factories' password
DELETE_URL = "/en/accounts/delete/"


@pytest.fixture
def member(client):
    member = MemberFactory(
        display_name="棚田の守り人",
        email="tanada@example.jp",
        first_name="一郎",
        region__name="遠野市",
        prefecture="03",
        region__prefecture="03",
    )
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    EmailAddress.objects.create(user=member, email="old@example.jp", verified=False, primary=False)
    client.force_login(member)
    return member


# --- Data download --------------------------------------------------------------------------


def test_the_download_is_a_utf8_json_attachment(client, member):
    response = client.get("/accounts/data/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="yoriai-data-')
    assert response["Cache-Control"] == "no-store"
    assert "棚田の守り人" in response.content.decode("utf-8")  # not \\u-escaped


def test_the_download_holds_profile_account_and_addresses(client, member):
    data = json.loads(client.get("/accounts/data/").content)

    assert data["format_version"] == 1
    assert data["account"]["email"] == "tanada@example.jp"
    assert data["account"]["first_name"] == "一郎"
    assert data["account"]["date_joined"]
    assert data["profile"]["display_name"] == "棚田の守り人"
    assert data["profile"]["prefecture"] == "岩手県"
    assert data["profile"]["region"] == "遠野市"
    assert data["profile"]["stakeholder_type"] == "resident"
    assert data["profile"]["region_public"] is False
    assert data["email_addresses"] == [
        {"email": "tanada@example.jp", "verified": True, "primary": True},
        {"email": "old@example.jp", "verified": False, "primary": False},
    ]


def test_a_new_members_download_has_its_sections_empty(member):
    data = member_data_export(member=member)

    for section in (
        "comments",
        "reactions",
        "reports",
        "survey_responses",
        "survey_drafts",
        "social_accounts",
    ):
        assert data[section] == []
    assert data["opinions"] == {"votes": [], "proposals": []}


def test_the_download_holds_the_members_named_survey_answers_but_no_anonymous_ones(client, member):
    from surveys.services import draft_save, response_submit
    from tests.surveys.respondent import items, question, survey_create

    named = survey_create(
        question("single_choice", "q1", "窓口を使ったことは", choices=items(("a", "ある"))),
        question("rating", "q2", "満足度", scale="5"),
        question("long_text", "q3", "ご意見", required=False),
        title="窓口アンケート",
    )
    anonymous = survey_create(
        question("long_text", "q1", "匿名のご意見"), title="匿名アンケート", anonymous=True
    )
    answers = {"q1": {"choices": ["a"], "other": ""}, "q2": 4, "q3": "土曜も開けてほしい"}
    response_submit(survey=named, respondent=member, answers=answers, submission_token=uuid4())
    response_submit(
        survey=anonymous, respondent=member, answers={"q1": "秘密"}, submission_token=uuid4()
    )
    draft_save(survey=named, draft=None, member=member, data={"q3": "書きかけ"}, step=1)
    draft_save(survey=anonymous, draft=None, member=member, data={"q1": "匿名の書きかけ"}, step=0)

    data = json.loads(client.get("/accounts/data/").content)

    [response] = data["survey_responses"]
    assert response["survey"] == "窓口アンケート" and response["submitted_at"]
    assert [
        (answer["question"], answer["choice"], answer["number"], answer["text"])
        for answer in response["answers"]
    ] == [
        ("窓口を使ったことは", "ある", None, ""),
        ("満足度", "", "4", ""),
        ("ご意見", "", None, "土曜も開けてほしい"),
    ]
    [draft] = data["survey_drafts"]
    assert (draft["survey"], draft["answers_so_far"]) == ("窓口アンケート", {"q3": "書きかけ"})
    assert "秘密" not in json.dumps(data, ensure_ascii=False)
    assert "匿名" not in json.dumps(data, ensure_ascii=False)


def test_the_download_holds_the_members_reports(member):
    from community.services.reports import comment_report

    comment = CommentFactory()
    comment_report(comment=comment, reporter=member, reason="spam", text="同じ宣伝の繰り返し")

    [report] = member_data_export(member=member)["reports"]

    assert (report["comment"], report["reason"], report["details"]) == (
        comment.pk,
        "spam",
        "同じ宣伝の繰り返し",
    )


def test_the_download_holds_the_members_votes_proposals_and_stances(member, home_page):
    from community.services.topics import opinion_vote, topic_propose
    from tests.factories import OpinionFactory, TopicIndexPageFactory, TopicPageFactory

    member.stakeholder_type, member.prefecture = "business", "13"
    member.save()
    topic = TopicPageFactory(parent=TopicIndexPageFactory(parent=home_page), title="窓口の未来")
    opinion = OpinionFactory(page=topic)
    OpinionFactory(page=topic, author=member, stance="disagree")
    opinion_vote(member=member, opinion=opinion, choice="pass")
    topic_propose(member=member, title="子育て", question="オンラインで完結すべき？")

    data = member_data_export(member=member)

    [vote] = data["opinions"]["votes"]
    assert (vote["opinion"], vote["topic"], vote["vote"]) == (opinion.pk, "窓口の未来", "pass")
    assert (vote["stakeholder_type"], vote["prefecture_code"]) == ("business", "13")
    [proposal] = data["opinions"]["proposals"]
    assert (proposal["title"], proposal["status"]) == ("子育て", "pending")
    assert [comment["stance"] for comment in data["comments"]] == ["disagree"]


def test_the_download_holds_moderators_decisions_and_suspensions_about_the_member(member):
    from community.services.moderation import comment_hide, member_suspend

    moderator = StaffUserFactory(groups=["Moderators"])
    comment_hide(comment=CommentFactory(author=member), moderator=moderator, reason="宣伝のため")
    member_suspend(member=member, moderator=moderator, reason="繰り返しの宣伝")

    moderation = member_data_export(member=member)["moderation"]

    assert [(d["action"], d["reason"]) for d in moderation["decisions"]] == [
        ("hide", "宣伝のため"),
        ("suspend", "繰り返しの宣伝"),
    ]
    assert [s["reason"] for s in moderation["suspensions"]] == ["繰り返しの宣伝"]
    assert "moderator" not in str(moderation)


def test_the_download_holds_the_members_comments_and_likes(member):
    comment = CommentFactory(author=member, body_source="最初の文")
    comment_edit(comment=comment, editor=member, body="直した文")
    deleted = CommentFactory(author=member, body_source="消した文", page=comment.page)
    comment_delete(comment=deleted, actor=member)
    like_toggle(member=member, page=comment.page)
    CommentFactory(page=comment.page, body_source="他人の文")

    data = member_data_export(member=member)

    assert [(c["text"], c["earlier_texts"]) for c in data["comments"]] == [
        ("直した文", ["最初の文"]),
        ("", ["消した文"]),
    ]
    assert [(r["liked"], r["page"]) for r in data["reactions"]] == [("page", comment.page.title)]


def test_the_download_holds_nothing_of_other_members(client, member):
    other = MemberFactory(display_name="となりの人", email="tonari@example.jp")
    EmailAddress.objects.create(user=other, email=other.email)

    body = client.get("/accounts/data/").content.decode()

    assert "tonari@example.jp" not in body
    assert "となりの人" not in body


def test_the_profile_page_links_to_download_and_delete(client, member):
    html = client.get("/accounts/profile/").content.decode()

    assert 'href="/accounts/data/"' in html
    assert 'href="/accounts/delete/"' in html


# --- Deleting an account --------------------------------------------------------------------


def delete_confirmed(client, data=None, password=PASSWORD):
    """Submit the 退会 form, then re-authenticate with `password` where allauth sends the
    member; the final response, redirects followed."""
    asked = client.post(DELETE_URL, {"confirm": "on"} if data is None else data)
    assert asked.status_code == 302, "re-authentication is asked for first"
    return client.post(asked["Location"], {"password": password}, follow=True)


def test_the_delete_page_explains_what_goes_and_what_stays(client, member):
    html = client.get(DELETE_URL).content.decode()

    assert "What is removed" in html
    assert "What stays" in html
    assert "Deleted user" in html
    assert "anonymous answers" in html
    assert "I understand that my account cannot be restored." in html
    assert "you will be asked to confirm that it is you" in html
    assert 'type="password"' not in html


def test_confirming_asks_to_reauthenticate_before_deleting(client, member):
    response = client.post(DELETE_URL, {"confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/reauthenticate/?next=%2Fen%2Faccounts%2Fdelete%2F"
    assert User.objects.filter(pk=member.pk).exists()


def test_a_wrong_password_deletes_nothing(client, member):
    response = delete_confirmed(client, password="wrong")

    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert User.objects.filter(pk=member.pk).exists()


def test_the_box_must_be_ticked(client, member):
    response = delete_confirmed(client, data={})

    assert response.context["form"].errors["confirm"] == [
        "Tick the box to confirm that you want to leave."
    ]
    assert User.objects.filter(pk=member.pk).exists()


def test_get_never_deletes(client, member):
    client.get(DELETE_URL + "?password=x&confirm=on")

    assert User.objects.filter(pk=member.pk).exists()


def test_deleting_removes_login_profile_addresses_and_sessions(client, member, home_page):
    TOTPAuthenticatorFactory(user=member)
    pk = member.pk

    response = delete_confirmed(client)

    assert response.redirect_chain[-1] == ("/en/", 302)
    assert "Your account has been deleted." in response.content.decode()
    assert not User.objects.filter(pk=pk).exists()
    assert not EmailAddress.objects.filter(user_id=pk).exists()
    assert not Authenticator.objects.filter(user_id=pk).exists()
    assert not any(s.get_decoded().get("_auth_user_id") == str(pk) for s in Session.objects.all())
    assert not response.wsgi_request.user.is_authenticated
    assert client.get(f"/members/{pk}/").status_code == 404


def test_a_deleted_member_cannot_log_in_again(client, member):
    delete_confirmed(client)

    response = client.post(
        reverse("account_login"), {"login": "tanada@example.jp", "password": PASSWORD}
    )

    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert not client.login(username=member.username, password=PASSWORD)


def test_a_member_without_a_password_confirms_with_a_mailed_code(client, mailoutbox):
    member = UserFactory(email="line-user@example.jp")
    member.set_unusable_password()
    member.save()
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    client.force_login(member)

    asked = client.post(DELETE_URL, {"confirm": "on"})
    confirm_page = client.post(asked["Location"], {"recipient": member.email}, follow=True)
    code = re.search(
        r"^\s*([A-Z0-9]{4}-?[A-Z0-9]{4})\s*$", mailoutbox[-1].body, re.MULTILINE
    ).group(1)
    response = client.post(confirm_page.redirect_chain[-1][0], {"code": code})

    assert asked["Location"].startswith("/en/accounts/reauthenticate/code/")
    assert mailoutbox[-1].to == ["line-user@example.jp"]
    assert response.status_code == 302
    assert not User.objects.filter(pk=member.pk).exists()


def test_other_members_are_untouched(client, member):
    other = StaffUserFactory(groups=["Moderators"])

    delete_confirmed(client)

    assert User.objects.filter(pk=other.pk).exists()


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
def test_staff_are_told_a_superuser_removes_their_account(client, staff):
    user = StaffUserFactory(**staff)
    client.force_login(user)

    page = client.get(DELETE_URL)
    posted = client.post(DELETE_URL, {"confirm": "on"})

    html = page.content.decode()
    assert page.status_code == posted.status_code == 403
    assert "What is removed" in html
    assert "Staff accounts cannot be deleted here: a superuser removes them in the admin." in html
    assert 'name="confirm"' not in html
    assert User.objects.filter(pk=user.pk).exists()


# --- Privacy policy page --------------------------------------------------------------------


@pytest.fixture
def privacy_page(home_page):
    page = InformationPage(
        title="プライバシーポリシー",
        slug="privacy",
        lead="個人情報を大切に扱います。",
        body=[("heading", {"text": "取得する情報", "level": "h2"})],
        show_in_menus=True,
    )
    home_page.add_child(instance=page)
    return page


def test_the_privacy_policy_renders(client, privacy_page):
    response = client.get("/privacy/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in html and "プライバシーポリシー</h1>" in html
    assert "個人情報を大切に扱います。" in html
    assert "取得する情報" in html


def test_the_footer_links_information_pages_shown_in_menus(client, privacy_page):
    hidden = InformationPage(title="利用規約", slug="terms", show_in_menus=False)
    privacy_page.get_parent().add_child(instance=hidden)

    html = client.get("/privacy/").content.decode()
    footer = html[html.index('class="site-footer"') :]

    assert '<a href="/privacy/">プライバシーポリシー</a>' in footer
    assert "利用規約" not in footer


def test_information_pages_live_under_the_home_page_only(home_page):
    from articles.models import HomePage

    assert InformationPage.allowed_parent_page_models() == [HomePage]
    assert InformationPage.allowed_subpage_models() == []


def test_the_demo_seeds_a_privacy_policy_linked_in_the_footer(db, client):
    site = demo_site_build()

    html = client.get(site.privacy.url).content.decode()

    assert site.privacy.title == "プライバシーポリシー"
    assert site.privacy.show_in_menus
    assert "データのダウンロード" in html
    assert "退会したユーザー" in html
    assert demo_site_build().privacy.pk == site.privacy.pk  # idempotent


def test_after_leaving_the_members_comments_stay_as_a_deleted_user(client, article_index):
    leaving = MemberFactory(display_name="みどり", email_verified=True)
    comment = CommentFactory(author=leaving, page__parent=article_index)
    CommentFactory(parent=comment, body_source="同感です")

    member_delete(member=leaving)

    html = client.get(comment.page.url).content.decode()
    assert "退会したユーザー" in html
    assert comment.body_html in html
    assert "同感です" in html
    assert "みどり" not in html
