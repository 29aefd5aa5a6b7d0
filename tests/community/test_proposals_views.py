"""Topic proposals as members and moderators see them: the form at /topics/propose/, the
member's list at /topics/my-proposals/, the moderators' queue in the admin (意見交換の提案) with
採用 and 見送り, and the notification and e-mail the member gets either way."""

import json
import re

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from community.models import (
    Notification,
    NotificationEmail,
    NotificationKind,
    ProposalStatus,
    TopicPage,
    TopicProposal,
)
from community.services.notification_emails import notification_digest_send
from community.services.notifications import proposal_decided_notify
from community.services.topics import proposal_decline
from tests.factories import (
    MemberFactory,
    StaffUserFactory,
    established_member,
    log_in_as,
)

pytestmark = pytest.mark.django_db

PROPOSE_URL = "/topics/propose/"
LIST_URL = "/topics/my-proposals/"
FORM = {
    "title": "空き家の活用",
    "question": "空き家を移住者向けのお試し住宅にすべきでしょうか。",
    "background": "町内の空き家が増えています。\n活用の方法を話し合いたいです。",
}


@pytest.fixture
def member(client, topic_index):
    member = established_member(display_name="空き家を考える人")
    client.force_login(member)
    return member


def _proposal(member, **kwargs):
    fields = {"title": "バス路線の見直し", "question": "路線バスを予約制にすべきでしょうか。"}
    return TopicProposal.objects.create(proposer=member, **{**fields, **kwargs})


def _text(response):
    return re.sub(r"\s+", " ", response.content.decode())


# --- Proposing ----------------------------------------------------------------------------------


def test_anonymous_visitors_are_asked_to_sign_in_to_propose(client, topic_index):
    for url in (PROPOSE_URL, LIST_URL):
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        assert f"next={url}" in response["Location"].replace("%2F", "/")


def test_a_member_sees_the_proposal_form_in_japanese(client, member):
    response = client.get(PROPOSE_URL)

    html = _text(response)
    assert response.status_code == 200
    assert '<h1 class="page-title">意見交換のテーマを提案する</h1>' in html
    assert "モデレーターがすべての提案を読みます" in html
    for name in ("title", "question", "background"):
        assert f'name="{name}"' in html
    assert "提案を送る" in html


def test_the_same_form_is_complete_in_english(client, member):
    response = client.get(f"/en{PROPOSE_URL}")

    html = _text(response)
    assert response.status_code == 200
    assert "Propose a topic for an opinion exchange" in html
    assert "Question to put to the region" in html
    assert "Send the proposal" in html


def test_a_proposal_is_sent_and_the_member_is_thanked_and_sees_it_waiting(client, member):
    response = client.post(PROPOSE_URL, FORM, follow=True)

    assert response.redirect_chain == [(LIST_URL, 302)]
    proposal = TopicProposal.objects.get()
    assert (proposal.proposer, proposal.title, proposal.status) == (
        member,
        "空き家の活用",
        ProposalStatus.PENDING,
    )
    assert proposal.background == FORM["background"]
    html = _text(response)
    assert "ご提案ありがとうございます。モデレーターが判断し、結果をお知らせします。" in html
    assert "空き家の活用" in html
    assert "判断待ち" in html


def test_a_refused_proposal_keeps_the_text_and_says_why_at_the_field(client, member):
    response = client.post(PROPOSE_URL, {**FORM, "title": "   "})

    html = _text(response)
    assert response.status_code == 400
    assert not TopicProposal.objects.exists()
    assert "空き家を移住者向けのお試し住宅にすべきでしょうか。" in html
    assert "町内の空き家が増えています。" in html
    field = response.context["form"]["title"]
    assert field.errors == ["この項目は必須です"]
    assert "タイトル：この項目は必須です" in html


def test_a_member_with_three_proposals_waiting_is_told_to_wait(client, member):
    """A wait, said as a notice: no 「入力内容を確認してください」, no エラー in the title."""
    for n in range(3):
        _proposal(member, title=f"提案{n}")

    response = client.post(PROPOSE_URL, FORM)

    assert response.status_code == 429
    assert re.search(
        r'notice--warning" role="status"><p>判断待ちの提案が3件あります', _text(response)
    )
    assert "入力内容を確認してください" not in _text(response)
    assert "<title>エラー" not in _text(response)
    assert TopicProposal.objects.count() == 3
    assert 'value="空き家の活用"' in _text(response)


def test_an_unverified_member_is_told_before_and_refused_when_posting(client, topic_index):
    client.force_login(MemberFactory())

    notice = _text(client.get(PROPOSE_URL))
    response = client.post(PROPOSE_URL, FORM)

    message = "投稿する前に、メールアドレスの確認を済ませてください。"
    assert message in notice
    assert response.status_code == 400
    assert message in _text(response)
    assert 'value="空き家の活用"' in _text(response)
    assert not TopicProposal.objects.exists()


def test_the_form_needs_its_csrf_token(topic_index):
    client = Client(enforce_csrf_checks=True)
    client.force_login(established_member())

    assert client.post(PROPOSE_URL, FORM).status_code == 403
    assert not TopicProposal.objects.exists()


def test_the_member_lists_only_their_own_proposals_with_decisions(client, member, moderator):
    waiting = _proposal(member, title="バス路線の見直し")
    declined = _proposal(member, title="商店街の駐車場")
    proposal_decline(proposal=declined, moderator=moderator, reason="既に別の意見交換があります。")
    _proposal(MemberFactory(), title="他の人の提案")

    response = client.get(LIST_URL)

    html = _text(response)
    assert response.status_code == 200
    assert "提案した意見交換" in html
    assert f'id="proposal-{waiting.pk}"' in html
    assert f'id="proposal-{declined.pk}"' in html
    assert "見送り" in html
    assert "既に別の意見交換があります。" in html
    assert "他の人の提案" not in html


def test_the_topic_index_links_to_the_form(rf, topic_index):
    html = render_to_string(
        "community/includes/propose_link.html", {"page": topic_index}, request=rf.get("/topics/")
    )

    assert 'href="/topics/propose/"' in html
    assert "意見交換のテーマを提案する" in html


# --- The moderators' screens --------------------------------------------------------------------


def _admin_urls(proposal):
    return {
        "get": [
            reverse("topic_proposals:queue"),
            reverse("topic_proposals:detail", args=[proposal.pk]),
        ],
        "post": [
            reverse("topic_proposals:accept", args=[proposal.pk]),
            reverse("topic_proposals:decline", args=[proposal.pk]),
        ],
    }


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("member", 302), ("Editors", 403), ("Analysts", 403)],
)
def test_only_moderators_reach_the_proposal_screens(client, topic_index, role, status):
    proposal = _proposal(MemberFactory())
    log_in_as(client, role)
    urls = _admin_urls(proposal)

    for url in urls["get"] + urls["post"]:
        method = client.get if url in urls["get"] else client.post
        response = method(url, {"reason": "理由"})
        assert response.status_code == status, url
        if status == 302:
            assert response["Location"].startswith(reverse("account_login")), url
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING
    assert not TopicPage.objects.exists()


@pytest.mark.parametrize("role", ["Moderators", "superuser"])
def test_moderators_and_superusers_open_the_proposal_screens(client, topic_index, role):
    proposal = _proposal(MemberFactory())
    log_in_as(client, role)

    for url in _admin_urls(proposal)["get"]:
        assert client.get(url).status_code == 200, url


def test_the_menu_item_is_under_moderation_for_moderators_only(client, topic_index, moderator):
    client.force_login(moderator)
    html = _text(client.get(reverse("wagtailadmin_home")))
    client.force_login(StaffUserFactory(groups=["Editors"]))
    editor_html = _text(client.get(reverse("wagtailadmin_home")))

    assert json.dumps("意見交換の提案")[1:-1] in html  # in the sidebar's JSON
    assert reverse("topic_proposals:queue") in html
    assert reverse("topic_proposals:queue") not in editor_html


def test_the_queue_shows_waiting_proposals_oldest_first_and_filters(client, topic_index, moderator):
    member = MemberFactory(display_name="提案する人")
    first = _proposal(member, title="最初の提案")
    second = _proposal(member, title="次の提案")
    decided = _proposal(member, title="判断済みの提案")
    proposal_decline(proposal=decided, moderator=moderator, reason="重複")
    client.force_login(moderator)

    response = client.get(reverse("topic_proposals:queue"))
    declined = client.get(reverse("topic_proposals:queue"), {"status": "declined"})
    everything = client.get(reverse("topic_proposals:queue"), {"status": "all"})

    html = _text(response)
    assert list(response.context["proposals"]) == [first, second]
    assert html.index("最初の提案") < html.index("次の提案")
    assert "判断済みの提案" not in html
    assert "判断待ちの提案が2件あります。" in html
    assert "提案する人" in html
    assert list(declined.context["proposals"]) == [decided]
    assert set(everything.context["proposals"]) == {first, second, decided}


def test_a_proposal_screen_shows_the_text_proposer_date_and_both_actions(
    client, topic_index, moderator
):
    proposal = _proposal(
        MemberFactory(display_name="駅前の住民"),
        background="駅前の<b>駐輪場</b>が足りません。\n朝は特に混みます。",
    )
    client.force_login(moderator)

    html = _text(client.get(reverse("topic_proposals:detail", args=[proposal.pk])))

    assert "バス路線の見直し" in html
    assert "路線バスを予約制にすべきでしょうか。" in html
    assert "駅前の&lt;b&gt;駐輪場&lt;/b&gt;が足りません。<br>朝は特に混みます。" in html
    assert "駅前の住民" in html
    assert "採用して下書きのテーマにする" in html
    assert "見送る" in html
    assert "理由（会員に表示されます）" in html


def test_accepting_makes_a_draft_topic_and_tells_the_member(
    client, topic_index, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    member = established_member(display_name="提案者")
    proposal = _proposal(member)
    client.force_login(moderator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("topic_proposals:accept", args=[proposal.pk]), follow=True)

    topic = TopicPage.objects.get()
    assert not topic.live
    assert (topic.title, topic.question) == ("バス路線の見直し", proposal.question)
    # Moderators may not edit pages: they stay on the proposal, which names the draft.
    assert response.redirect_chain == [(reverse("topic_proposals:detail", args=[proposal.pk]), 302)]
    html = _text(response)
    assert "採用しました。「バス路線の見直し」は下書きのテーマになりました。" in html
    assert "採用して下書きのテーマにする" not in html
    notification = Notification.objects.get(recipient=member)
    assert notification.kind == NotificationKind.PROPOSAL_DECIDED
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [member.email]
    assert "提案いただいたテーマ「バス路線の見直し」が採用されました" in mail.subject
    assert f"http://localhost/topics/my-proposals/#proposal-{proposal.pk}" in mail.body
    assert "/accounts/notifications/unsubscribe/" in mail.body

    client.force_login(member)
    listing = _text(client.get(reverse("community:notification_list")))
    opened = client.post(reverse("community:notification_open", args=[notification.pk]))
    assert "提案いただいたテーマ「バス路線の見直し」が採用されました" in listing
    assert opened["Location"] == f"{LIST_URL}#proposal-{proposal.pk}"
    mine = _text(client.get(LIST_URL))
    assert "採用" in mine
    assert "スタッフが意見交換を準備し、公開します" in mine


def test_a_superuser_accepting_goes_on_to_edit_the_draft(client, topic_index):
    proposal = _proposal(MemberFactory())
    client.force_login(StaffUserFactory(is_superuser=True))

    response = client.post(reverse("topic_proposals:accept", args=[proposal.pk]))

    topic = TopicPage.objects.get()
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[topic.pk])
    edit = _text(client.get(response["Location"]))
    assert "内容を整えて、準備ができたら公開してください。" in edit


def test_declining_needs_a_reason_which_the_member_reads(
    client, topic_index, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    member = established_member()
    proposal = _proposal(member)
    client.force_login(moderator)
    url = reverse("topic_proposals:decline", args=[proposal.pk])

    refused = client.post(url, {"reason": "  "})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "同じテーマの意見交換が進行中です。"}, follow=True)

    assert refused.status_code == 400
    assert "理由を入力してください。会員に表示されます。" in _text(refused)
    assert response.redirect_chain == [(reverse("topic_proposals:queue"), 302)]
    assert "会員に理由を伝えました" in _text(response)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECLINED
    assert proposal.decided_by == moderator
    assert len(mailoutbox) == 1
    assert "見送り" in mailoutbox[0].subject
    assert "同じテーマの意見交換が進行中です。" in mailoutbox[0].body

    client.force_login(member)
    notification = Notification.objects.get(recipient=member)
    listing = _text(client.get(reverse("community:notification_list")))
    opened = client.post(reverse("community:notification_open", args=[notification.pk]))
    assert "同じテーマの意見交換が進行中です。" in listing
    assert opened["Location"] == f"{LIST_URL}#proposal-{proposal.pk}"


def test_a_decided_proposal_cannot_be_decided_again(client, topic_index, moderator):
    proposal = _proposal(MemberFactory())
    proposal_decline(proposal=proposal, moderator=moderator, reason="重複")
    client.force_login(moderator)

    response = client.post(reverse("topic_proposals:accept", args=[proposal.pk]), follow=True)

    assert "この提案はすでに判断されています。" in _text(response)
    assert not TopicPage.objects.exists()
    assert "採用して下書きのテーマにする" not in _text(response)


def test_the_daily_digest_lists_the_decision_with_its_reason(
    client, topic_index, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    member = established_member(notification_email=NotificationEmail.DAILY)
    proposal = _proposal(member)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_decline(proposal=proposal, moderator=moderator, reason="対象の地域が広すぎます。")
    assert mailoutbox == []  # not at once: in the digest

    assert notification_digest_send(recipient_id=member.pk) == 1

    body = mailoutbox[0].body
    assert "提案いただいたテーマ「バス路線の見直し」は見送りとなりました。" in body
    assert "対象の地域が広すぎます。" in body
    assert f"http://localhost/topics/my-proposals/#proposal-{proposal.pk}" in body


def test_the_decision_reads_in_english_too(client, member, moderator):
    proposal = _proposal(member)
    proposal_decline(proposal=proposal, moderator=moderator, reason="重複")
    proposal.refresh_from_db()
    proposal_decided_notify(proposal=proposal)

    listing = _text(client.get("/en/accounts/notifications/"))
    mine = _text(client.get(f"/en{LIST_URL}"))

    assert "Your topic proposal “バス路線の見直し” was not taken up." in listing
    assert "Topics you have proposed" in mine
    assert "Declined" in mine and "Reason for declining:" in mine
