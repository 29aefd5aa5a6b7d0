"""Opinion exchanges (意見交換): votes on opinions, closing a topic with its conclusion, and
members' proposals for topics that moderators accept or decline.

Refusals a member can act on raise CommentError (community.services.posting), keyed by form
field where they concern one.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.page_cache import page_cache_purge_all_on_commit, page_cache_purge_on_commit
from core.ratelimit import rate_limit_wait
from core.sanitising import plain_text_clean, plain_text_to_html
from core.slugs import romanised_slug, unique_slug

from .. import tasks
from ..consensus.generation import consensus_changed
from ..consensus.groups.schedule import opinion_groups_vote_recorded
from ..models import (
    Comment,
    CommentStatus,
    OpinionVote,
    ProposalStatus,
    TopicClosure,
    TopicIndexPage,
    TopicPage,
    TopicProposal,
    VoteChoice,
)
from ..models.topics import QUESTION_MAX_LENGTH, RESERVED_TOPIC_SLUGS
from .discussions import MODERATE_PERMISSION
from .moderation import _moderator_check, _reason_required
from .posting import CommentError, _member_may_post_check, _wait_error, vote_wait_message

VOTE_COUNTERS = {
    VoteChoice.AGREE: "agree_count",
    VoteChoice.DISAGREE: "disagree_count",
    VoteChoice.PASS: "pass_count",
}
CONCLUSION_MAX_LENGTH = 5000
PROPOSAL_TITLE_MAX_LENGTH = 100
PROPOSAL_BACKGROUND_MAX_LENGTH = 2000
PROPOSALS_PENDING_MAX = 3


# --- Votes ------------------------------------------------------------------------------------


def opinion_vote(*, member, opinion, choice, ip_address=None):
    """Record `member`'s vote (a VoteChoice value) on `opinion`, or change the one they cast.

    One vote per member and opinion; never on one's own opinion; only while the topic takes
    opinions. The opinion's counts move in the same transaction. Returns the OpinionVote.
    """
    _member_may_post_check(member)
    if choice not in VoteChoice.values:
        raise CommentError(_("Choose agree, disagree or pass."), code="choice")
    topic = _opinion_topic(opinion)
    if not topic.accepts_opinions():
        raise CommentError(
            _("This opinion exchange has ended: votes can no longer be cast or changed."),
            code="closed",
        )
    if opinion.author_id == member.pk:
        raise CommentError(_("You cannot vote on your own opinion."), code="own_opinion")
    if ip_address and (wait := rate_limit_wait(scope="vote", ip_address=ip_address)):
        raise _wait_error(seconds=wait, message=vote_wait_message)
    profile = {
        "stakeholder_type": member.stakeholder_type,
        "prefecture": member.prefecture,
        "region_id": member.region_id,
    }
    with transaction.atomic():
        vote, previous = _vote_locked(member=member, opinion=opinion, choice=choice, **profile)
        if previous == choice:
            return vote
        OpinionVote.objects.filter(pk=vote.pk).update(
            choice=choice, updated_at=timezone.now(), **profile
        )
        counts = {VOTE_COUNTERS[choice]: F(VOTE_COUNTERS[choice]) + 1}
        if previous:
            counts[VOTE_COUNTERS[previous]] = F(VOTE_COUNTERS[previous]) - 1
        Comment.objects.filter(pk=opinion.pk).update(**counts, changed_at=timezone.now())
        consensus_changed(topic_ids=[opinion.page_id])  # UPDATEs: no signal tells the report
        page_cache_purge_on_commit(page_id=opinion.page_id)  # the topic shows the counts
        transaction.on_commit(lambda: opinion_groups_vote_recorded(topic_id=opinion.page_id))
    vote.refresh_from_db()
    return vote


def _vote_locked(*, member, opinion, choice, **profile):
    """The member's vote on `opinion`, locked, and the choice it held before ("" when new)."""
    vote = OpinionVote.objects.select_for_update().filter(opinion=opinion, member=member).first()
    if vote is not None:
        return vote, vote.choice
    try:
        with transaction.atomic():
            vote = OpinionVote.objects.create(
                opinion=opinion, member=member, choice=choice, **profile
            )
    except IntegrityError:
        # A parallel request cast the member's first vote: change that one.
        vote = OpinionVote.objects.select_for_update().get(opinion=opinion, member=member)
        return vote, vote.choice
    return vote, ""


def _opinion_topic(opinion):
    """The live topic `opinion` was posted on; CommentError when it is not a published opinion
    there."""
    topic = TopicPage.objects.live().filter(pk=opinion.page_id).first()
    if topic is None or opinion.depth != 1 or opinion.status != CommentStatus.PUBLISHED:
        raise CommentError(_("This opinion can no longer be voted on."), code="unavailable")
    return topic


# --- Closing a topic --------------------------------------------------------------------------


def topic_closable_by(user, *, topic):
    """Moderators and those who may publish the topic close it."""
    if user is None or not user.is_active:
        return False
    return user.has_perm(MODERATE_PERMISSION) or topic.permissions_for_user(user).can_publish()


def topic_close(*, topic, actor, conclusion):
    """Close `topic` with `conclusion` (plain text; pinned on top of the page): from now on it
    takes no opinions, replies or votes. Everyone who took part hears of it. Returns the
    TopicClosure."""
    if not topic_closable_by(actor, topic=topic):
        raise PermissionDenied(_("Only moderators and the topic's publishers can close it."))
    source = plain_text_clean(conclusion or "").strip()
    if not source:
        raise CommentError({"conclusion": _("Write the conclusion before closing.")})
    if len(source) > CONCLUSION_MAX_LENGTH:
        raise CommentError(
            {
                "conclusion": _("The conclusion can be at most %(limit)s characters.")
                % {"limit": f"{CONCLUSION_MAX_LENGTH:,}"}
            }
        )
    with transaction.atomic():
        try:
            with transaction.atomic():
                closure = TopicClosure.objects.create(
                    topic=topic,
                    conclusion=source,
                    conclusion_html=plain_text_to_html(source),
                    closed_by=actor,
                )
        except IntegrityError:
            raise CommentError(
                _("This opinion exchange is already closed."), code="closed"
            ) from None
        # Closed, the opinions show their vote counts to everyone.
        Comment.objects.filter(page_id=topic.pk, depth=1, status=CommentStatus.PUBLISHED).update(
            changed_at=closure.closed_at
        )
        transaction.on_commit(lambda: tasks.topic_closed_notify.enqueue(topic_id=topic.pk))
        # Closed is shown on the topic, the articles it lists and the home page's open topics.
        page_cache_purge_all_on_commit()
    topic.__dict__["closure_or_none"] = closure
    return closure


# --- Proposals --------------------------------------------------------------------------------


def topic_propose(*, member, title, question, background="", ip_address=None):
    """A member proposes a topic; moderators decide. Returns the pending TopicProposal."""
    _member_may_post_check(member)
    fields = {
        "title": _proposal_text(title, field="title", limit=PROPOSAL_TITLE_MAX_LENGTH),
        "question": _proposal_text(question, field="question", limit=QUESTION_MAX_LENGTH),
        "background": _proposal_text(
            background, field="background", limit=PROPOSAL_BACKGROUND_MAX_LENGTH, required=False
        ),
    }
    if ip_address and (wait := rate_limit_wait(scope="proposal", ip_address=ip_address)):
        raise CommentError(
            _("Too many proposals from your connection. Please try again in %(hours)s hours.")
            % {"hours": max(1, round(wait / 3600))},
            code="rate_limited",
        )
    pending = TopicProposal.objects.filter(proposer=member, status=ProposalStatus.PENDING)
    if pending.count() >= PROPOSALS_PENDING_MAX:
        raise CommentError(
            _(
                "You have %(count)s proposals waiting for a decision. Please wait for them "
                "before proposing another."
            )
            % {"count": PROPOSALS_PENDING_MAX},
            code="too_many_pending",
        )
    return TopicProposal.objects.create(proposer=member, **fields)


def _proposal_text(value, *, field, limit, required=True):
    text = plain_text_clean(value or "").strip()
    if required and not text:
        raise CommentError({field: _("This field is required.")}, code="required")
    if len(text) > limit:
        raise CommentError(
            {
                field: _("At most %(limit)s characters; this has %(count)s.")
                % {"limit": f"{limit:,}", "count": f"{len(text):,}"}
            },
            code="too_long",
        )
    return text


def proposal_accept(*, proposal, moderator):
    """Accept `proposal`: it becomes a draft topic under 意見交換 for editors to finish and
    publish, and the proposer is told. Returns the draft TopicPage."""
    _moderator_check(moderator)
    index = TopicIndexPage.objects.first()
    if index is None:
        raise CommentError(_("Create the 意見交換 page first: topics are made under it."))
    with transaction.atomic():
        proposal = _proposal_pending_locked(proposal)
        topic = TopicPage(
            title=proposal.title,
            slug=_topic_slug(proposal.title),
            question=proposal.question,
            background=plain_text_to_html(proposal.background) if proposal.background else "",
            live=False,
            owner=moderator,
        )
        index.add_child(instance=topic)
        topic.save_revision(user=moderator, log_action=True)
        _proposal_decide(proposal, moderator, status=ProposalStatus.ACCEPTED, topic=topic)
    return topic


def proposal_decline(*, proposal, moderator, reason):
    """Decline `proposal` with a reason the proposer reads. Returns the proposal."""
    _moderator_check(moderator)
    reason = _reason_required(reason)
    with transaction.atomic():
        proposal = _proposal_pending_locked(proposal)
        _proposal_decide(proposal, moderator, status=ProposalStatus.DECLINED, decline_reason=reason)
    return proposal


def _proposal_pending_locked(proposal):
    proposal = TopicProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.PENDING:
        raise CommentError(_("Someone has already decided on this proposal."), code="decided")
    return proposal


def _proposal_decide(proposal, moderator, **changes):
    for name, value in changes.items():
        setattr(proposal, name, value)
    proposal.decided_by = moderator
    proposal.decided_at = timezone.now()
    proposal.save()
    transaction.on_commit(lambda: tasks.proposal_decided_notify.enqueue(proposal_id=proposal.pk))


def _topic_slug(title):
    """A free short slug for a topic titled `title` (its romanised words, as every page's:
    core.page_slugs), never one of the index page's own addresses."""
    slug = unique_slug(TopicPage, romanised_slug(title), fallback="topic")
    if slug in RESERVED_TOPIC_SLUGS:
        slug = unique_slug(TopicPage, f"{slug}-topic", fallback="topic")
    return slug
