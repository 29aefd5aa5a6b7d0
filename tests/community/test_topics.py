"""Opinion exchanges: opinions with a stance, votes and their rules, closing a topic with a
conclusion, and members' topic proposals (the services; pages and reports are tested beside
their views)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from community.models import (
    Comment,
    Notification,
    NotificationKind,
    OpinionVote,
    ProposalStatus,
    Stance,
    TopicPage,
    TopicProposal,
)
from community.services.comments import comment_create, comment_edit
from community.services.likes import like_toggle
from community.services.notifications import topic_closed_notify
from community.services.posting import CommentError
from community.services.topics import (
    opinion_vote,
    proposal_accept,
    proposal_decline,
    topic_close,
    topic_propose,
)
from tests.factories import (
    CommentFactory,
    OpinionFactory,
    StaffUserFactory,
    TopicPageFactory,
    established_member,
)


@pytest.fixture
def topic(topic_index):
    return TopicPageFactory(parent=topic_index)


def _counts(opinion):
    opinion.refresh_from_db()
    return opinion.agree_count, opinion.disagree_count, opinion.pass_count


def _message(error):
    return " ".join(error.value.messages)


# --- Opinions ---------------------------------------------------------------------------------


def test_an_opinion_on_a_topic_that_asks_for_a_stance_needs_one(topic):
    member = established_member()

    with pytest.raises(CommentError) as error:
        comment_create(author=member, page=topic, body="支所にも広げるべきです。")
    assert _message(error) == "賛成・中立・反対のどれかを選んでください。"

    opinion = comment_create(
        author=member, page=topic, body="支所にも広げるべきです。", stance=Stance.AGREE
    )
    assert opinion.stance == "agree"


def test_replies_and_comments_on_articles_have_no_stance(topic, article_index):
    opinion = OpinionFactory(page=topic)
    reply = comment_create(
        author=established_member(), page=topic, body="同感です。", parent=opinion, stance="agree"
    )
    assert reply.stance == ""

    topic.asks_stance = False
    topic.save()
    free = comment_create(
        author=established_member(), page=topic, body="賛否はまだ決めていません。"
    )
    assert free.stance == ""


def test_a_topic_outside_its_period_takes_no_opinions(topic):
    topic.ends_at = timezone.now() - timedelta(minutes=1)
    topic.save()

    with pytest.raises(CommentError) as error:
        comment_create(author=established_member(), page=topic, body="遅れました。", stance="agree")
    assert _message(error) == "この意見交換は現在、意見を受け付けていません。"


# --- Votes ------------------------------------------------------------------------------------


def test_a_member_votes_once_and_can_change_their_vote(topic):
    opinion = OpinionFactory(page=topic)
    member = established_member(stakeholder_type="business", prefecture="13")

    opinion_vote(member=member, opinion=opinion, choice="agree")
    assert _counts(opinion) == (1, 0, 0)
    opinion_vote(member=member, opinion=opinion, choice="agree")
    assert _counts(opinion) == (1, 0, 0)
    vote = opinion_vote(member=member, opinion=opinion, choice="pass")

    assert _counts(opinion) == (0, 0, 1)
    assert OpinionVote.objects.filter(opinion=opinion).count() == 1
    assert (vote.choice, vote.stakeholder_type, vote.prefecture) == ("pass", "business", "13")


def test_a_vote_keeps_the_profile_the_member_had_when_voting(topic):
    opinion = OpinionFactory(page=topic)
    member = established_member(stakeholder_type="resident")
    opinion_vote(member=member, opinion=opinion, choice="agree")

    member.stakeholder_type = "municipal"
    member.save()

    assert OpinionVote.objects.get(member=member).stakeholder_type == "resident"


def test_a_member_who_closes_their_account_leaves_the_counts_as_they_were(topic):
    from community.services.members import member_delete

    opinion = OpinionFactory(page=topic)
    member = established_member(stakeholder_type="business")
    opinion_vote(member=member, opinion=opinion, choice="agree")

    member_delete(member=member)

    assert _counts(opinion) == (1, 0, 0)
    vote = OpinionVote.objects.get(opinion=opinion)
    assert (vote.member_id, vote.choice, vote.stakeholder_type) == (None, "agree", "business")


def test_an_opinion_members_have_voted_on_can_no_longer_be_edited(topic):
    opinion = OpinionFactory(page=topic)
    opinion_vote(member=established_member(), opinion=opinion, choice="disagree")
    opinion.refresh_from_db()

    with pytest.raises(CommentError) as error:
        comment_edit(comment=opinion, editor=opinion.author, body="正反対の意見に書き換え")

    assert _message(error) == "この意見には投票が集まっているため、編集できません。"


def test_nobody_votes_on_their_own_opinion(topic):
    opinion = OpinionFactory(page=topic)

    with pytest.raises(CommentError) as error:
        opinion_vote(member=opinion.author, opinion=opinion, choice="agree")

    assert _message(error) == "自分の意見には投票できません。"
    assert _counts(opinion) == (0, 0, 0)


def test_only_published_opinions_take_votes(topic, article_index):
    member = established_member()
    reply = CommentFactory(parent=OpinionFactory(page=topic))
    hidden = OpinionFactory(page=topic, status="hidden")
    article_comment = CommentFactory(page__parent=article_index)

    for target in (reply, hidden, article_comment):
        with pytest.raises(CommentError) as error:
            opinion_vote(member=member, opinion=target, choice="agree")
        assert _message(error) == "この意見には投票できなくなりました。"


def test_an_unknown_choice_is_refused(topic):
    with pytest.raises(CommentError) as error:
        opinion_vote(member=established_member(), opinion=OpinionFactory(page=topic), choice="yes")
    assert _message(error) == "賛成・反対・パスのどれかを選んでください。"


def test_members_who_may_not_post_may_not_vote(topic):
    from tests.factories import MemberFactory

    unverified = MemberFactory()

    with pytest.raises(CommentError) as error:
        opinion_vote(member=unverified, opinion=OpinionFactory(page=topic), choice="agree")
    assert _message(error) == "投稿する前に、メールアドレスの確認を済ませてください。"


# --- Closing ----------------------------------------------------------------------------------


def test_closing_pins_the_conclusion_and_makes_the_topic_read_only(topic, moderator):
    opinion = OpinionFactory(page=topic)
    voter = established_member()
    opinion_vote(member=voter, opinion=opinion, choice="agree")

    closure = topic_close(
        topic=topic, actor=moderator, conclusion="支所への展開を<b>検討</b>します。"
    )

    assert closure.conclusion_html == "支所への展開を&lt;b&gt;検討&lt;/b&gt;します。"
    topic = TopicPage.objects.get(pk=topic.pk)
    assert topic.is_closed and not topic.accepts_opinions()
    refusals = [
        lambda: comment_create(author=voter, page=topic, body="まだ言いたい。", stance="agree"),
        lambda: comment_create(author=voter, page=topic, body="返信です。", parent=opinion),
        lambda: opinion_vote(member=voter, opinion=opinion, choice="disagree"),
        lambda: like_toggle(member=voter, comment=opinion),
    ]
    for refused in refusals:
        with pytest.raises(CommentError):
            refused()
    assert _counts(opinion) == (1, 0, 0)


def test_closing_tells_everyone_who_took_part_once(
    topic, moderator, django_capture_on_commit_callbacks
):
    opinion = OpinionFactory(page=topic)
    replier = established_member()
    CommentFactory(parent=opinion, author=replier)
    voter = established_member()
    opinion_vote(member=voter, opinion=opinion, choice="disagree")
    bystander = established_member()

    with django_capture_on_commit_callbacks(execute=True):
        topic_close(topic=topic, actor=moderator, conclusion="まとめです。")
    notify_again = topic_closed_notify(topic=TopicPage.objects.get(pk=topic.pk))

    assert notify_again == []
    told = set(
        Notification.objects.filter(kind=NotificationKind.TOPIC_CLOSED, topic=topic).values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {opinion.author_id, replier.pk, voter.pk}
    assert bystander.pk not in told


def test_a_topic_is_closed_once_by_staff_with_a_conclusion(topic, moderator):
    with pytest.raises(CommentError) as error:
        topic_close(topic=topic, actor=moderator, conclusion="   ")
    assert _message(error) == "終了する前にまとめを書いてください。"
    with pytest.raises(PermissionDenied):
        topic_close(topic=topic, actor=established_member(), conclusion="まとめ")
    with pytest.raises(PermissionDenied):
        topic_close(topic=topic, actor=StaffUserFactory(groups=["Analysts"]), conclusion="まとめ")

    topic_close(topic=topic, actor=moderator, conclusion="まとめ")
    with pytest.raises(CommentError) as error:
        topic_close(topic=topic, actor=moderator, conclusion="二度目")
    assert _message(error) == "この意見交換はすでに終了しています。"


def test_editors_who_may_publish_the_topic_close_it(topic):
    editor = StaffUserFactory(groups=["Editors"])

    closure = topic_close(topic=topic, actor=editor, conclusion="まとめ")

    assert closure.closed_by == editor


# --- Proposals --------------------------------------------------------------------------------


def test_a_member_proposes_and_a_moderator_accepts_into_a_draft_topic(
    topic_index, moderator, django_capture_on_commit_callbacks
):
    member = established_member()
    proposal = topic_propose(
        member=member,
        title="子育て支援の窓口",
        question="オンラインで完結させるべきですか。",
        background="保育園の申請で\n何度も窓口に行きました。",
    )

    with django_capture_on_commit_callbacks(execute=True):
        topic = proposal_accept(proposal=proposal, moderator=moderator)

    assert topic.get_parent().pk == topic_index.pk and not topic.live
    assert topic.slug == "kosodate-shien-madoguchi"  # short, romanised (core.page_slugs)
    assert (topic.title, topic.question) == (
        "子育て支援の窓口",
        "オンラインで完結させるべきですか。",
    )
    assert topic.background == "保育園の申請で<br>\n何度も窓口に行きました。"
    proposal.refresh_from_db()
    assert (proposal.status, proposal.topic_id, proposal.decided_by) == (
        ProposalStatus.ACCEPTED,
        topic.pk,
        moderator,
    )
    notice = Notification.objects.get(recipient=member)
    assert (notice.kind, notice.proposal) == (NotificationKind.PROPOSAL_DECIDED, proposal)


def test_a_declined_proposal_gives_its_reason_and_is_decided_once(
    topic_index, moderator, django_capture_on_commit_callbacks
):
    member = established_member()
    proposal = topic_propose(member=member, title="題", question="問い")

    with pytest.raises(CommentError) as error:
        proposal_decline(proposal=proposal, moderator=moderator, reason="")
    assert _message(error) == "理由を入力してください。会員に表示されます。"
    with django_capture_on_commit_callbacks(execute=True):
        proposal_decline(proposal=proposal, moderator=moderator, reason="既存の話題と重なります。")

    proposal.refresh_from_db()
    assert (proposal.status, proposal.decline_reason) == ("declined", "既存の話題と重なります。")
    assert Notification.objects.filter(recipient=member, proposal=proposal).count() == 1
    with pytest.raises(CommentError) as error:
        proposal_accept(proposal=proposal, moderator=moderator)
    assert _message(error) == "この提案はすでに判断されています。"


def test_only_moderators_decide_on_proposals(topic_index):
    proposal = topic_propose(member=established_member(), title="題", question="問い")

    for staff in (StaffUserFactory(groups=["Editors"]), StaffUserFactory(groups=["Analysts"])):
        with pytest.raises(PermissionDenied):
            proposal_accept(proposal=proposal, moderator=staff)
    assert TopicProposal.objects.get().status == "pending"


def test_a_proposal_needs_a_title_and_question_within_their_limits(db):
    member = established_member()

    with pytest.raises(CommentError) as error:
        topic_propose(member=member, title=" ", question="問い")
    assert error.value.message_dict == {"title": ["この項目は必須です"]}
    with pytest.raises(CommentError) as error:
        topic_propose(member=member, title="題", question="問" * 201)
    assert error.value.message_dict == {
        "question": ["200文字以内で入力してください（今は201文字です）。"]
    }


def test_a_member_has_at_most_three_proposals_waiting(db):
    member = established_member()
    for n in range(3):
        topic_propose(member=member, title=f"題{n}", question="問い")

    with pytest.raises(CommentError) as error:
        topic_propose(member=member, title="四つ目", question="問い")
    assert _message(error) == "判断待ちの提案が3件あります。結果が出てから次を提案してください。"
    assert Comment.objects.count() == 0


def test_a_topic_never_takes_an_address_of_the_index_page(topic_index, moderator):
    from django.core.exceptions import ValidationError

    proposal = topic_propose(member=established_member(), title="Propose", question="問い")
    topic = proposal_accept(proposal=proposal, moderator=moderator)

    assert topic.slug == "propose-topic"
    topic.slug = "my-proposals"
    with pytest.raises(ValidationError) as error:
        topic.full_clean()
    assert error.value.message_dict["slug"] == [
        "このアドレスは「意見交換」のページ自体が使っています。別のアドレスにしてください。"
    ]


def test_an_ended_topic_takes_no_likes_and_no_edits(topic):
    opinion = OpinionFactory(page=topic)
    topic.ends_at = timezone.now() - timedelta(minutes=1)
    topic.save()

    for refused in (
        lambda: like_toggle(member=established_member(), comment=opinion),
        lambda: comment_edit(comment=opinion, editor=opinion.author, body="書き直し"),
    ):
        with pytest.raises(CommentError) as error:
            refused()
        assert _message(error) == "この意見交換は現在、意見を受け付けていません。"
    opinion.refresh_from_db()
    assert (opinion.like_count, opinion.body_source.startswith("電子申請")) == (0, True)
