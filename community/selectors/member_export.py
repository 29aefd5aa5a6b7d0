"""The data export of a member (APPI disclosure): everything the site keeps about them, as
JSON-ready data.

Community assembles the export because the download is the member's own screen here; apps
above community (which community must not import) add what they keep about a member with
`member_export_section_register`, from their AppConfig.ready(), as each app names its own
background tasks for core.
"""

from allauth.account.models import EmailAddress
from django.apps import apps
from django.utils import timezone

from ..models import (
    Comment,
    Follow,
    Like,
    ModerationAction,
    Notification,
    OpinionVote,
    Report,
    TopicProposal,
)

EXPORT_FORMAT_VERSION = 1

# {section name: function(member) → JSON-ready data}, added by the apps above community.
EXPORT_SECTIONS = {}


def member_export_section_register(name, section):
    """Add `section(member)` under `name` to every member's data export."""
    EXPORT_SECTIONS[name] = section


def member_data_export(*, member):
    """Everything the site keeps about `member`, as JSON-ready data (APPI disclosure): the
    sections of community, then those registered by the apps above it (such as
    `survey_responses`)."""
    return {
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "account": _account_export(member),
        "profile": _profile_export(member),
        "email_addresses": _email_addresses_export(member),
        "social_accounts": _social_accounts_export(member),
        "comments": _comments_export(member),
        "reactions": _reactions_export(member),
        "notifications": _notifications_export(member),
        "moderation": _moderation_export(member),
        "opinions": _opinions_export(member),
        "reports": _reports_export(member),
        **{name: section(member) for name, section in EXPORT_SECTIONS.items()},
    }


def _isoformat(value):
    return value.isoformat() if value else None


def _account_export(member):
    return {
        "id": member.pk,
        "username": member.username,
        "email": member.email,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "date_joined": _isoformat(member.date_joined),
        "last_login": _isoformat(member.last_login),
    }


def _profile_export(member):
    return {
        "display_name": member.display_name,
        "avatar": member.avatar.url if member.avatar else None,
        "bio": member.bio,
        "stakeholder_type": member.stakeholder_type,
        "stakeholder_type_public": member.stakeholder_type_public,
        "prefecture_code": member.prefecture,
        "prefecture": str(member.get_prefecture_display()) if member.prefecture else "",
        "region": member.region.name if member.region_id else "",
        "region_name_typed": member.region_name,
        "region_public": member.region_public,
        "verified_as": member.verified_as,
        "verified_at": _isoformat(member.verified_at),
    }


def _comments_export(member):
    """The member's comments with every text they had (a deleted one keeps its text only in
    `earlier_texts`, see docs/decisions/0004-comment-deletion.md)."""
    comments = (
        Comment.objects.filter(author=member)
        .select_related("page")
        .prefetch_related("revisions")
        .order_by("created_at", "pk")
    )
    return [
        {
            "id": comment.pk,
            "page": comment.page.title,
            "reply_to": comment.in_reply_to_id or comment.parent_id,
            "created_at": _isoformat(comment.created_at),
            "edited_at": _isoformat(comment.edited_at),
            "status": comment.status,
            "stance": comment.stance,
            "text": comment.body_source,
            "earlier_texts": [revision.body_source for revision in comment.revisions.all()],
        }
        for comment in comments
    ]


def _opinions_export(member):
    """The member's votes on opinions (with the profile kept on each) and their proposals for
    opinion exchanges. Their opinions themselves are among `comments` (with their stance)."""
    votes = (
        OpinionVote.objects.filter(member=member)
        .select_related("opinion__page", "region")
        .order_by("created_at", "pk")
    )
    proposals = TopicProposal.objects.filter(proposer=member).order_by("created_at", "pk")
    return {
        "votes": [
            {
                "opinion": vote.opinion_id,
                "topic": vote.opinion.page.title,
                "vote": vote.choice,
                "stakeholder_type": vote.stakeholder_type,
                "prefecture_code": vote.prefecture,
                "region": vote.region.name if vote.region_id else "",
                "voted_at": _isoformat(vote.created_at),
                "changed_at": _isoformat(vote.updated_at),
            }
            for vote in votes
        ],
        "proposals": [
            {
                "title": proposal.title,
                "question": proposal.question,
                "background": proposal.background,
                "status": proposal.status,
                "proposed_at": _isoformat(proposal.created_at),
                "decided_at": _isoformat(proposal.decided_at),
                "reason_for_declining": proposal.decline_reason,
            }
            for proposal in proposals
        ],
    }


def _reactions_export(member):
    likes = Like.objects.filter(member=member).select_related("page").order_by("created_at", "pk")
    return [
        {
            "liked": "comment" if like.comment_id else "page",
            "comment": like.comment_id,
            "page": like.page.title if like.page_id else None,
            "created_at": _isoformat(like.created_at),
        }
        for like in likes
    ]


def _reports_export(member):
    """The comments the member reported (通報), with the reason and details they gave."""
    reports = Report.objects.filter(reporter=member).order_by("created_at", "pk")
    return [
        {
            "comment": report.comment_id,
            "reason": report.reason,
            "details": report.text,
            "reported_at": _isoformat(report.created_at),
            "resolved_at": _isoformat(report.resolved_at),
        }
        for report in reports
    ]


def _notifications_export(member):
    """The member's e-mail preference, the pages they follow and their notifications."""
    notifications = (
        Notification.objects.filter(recipient=member)  # also those no longer shown
        .select_related("actor", "comment__page", "moderation_action", "topic", "proposal")
        .order_by("created_at", "pk")
    )
    return {
        "email": member.notification_email,
        "following": [
            {"page": follow.page.title, "since": _isoformat(follow.created_at)}
            for follow in Follow.objects.filter(member=member).select_related("page")
        ],
        "received": [
            {
                "kind": notification.kind,
                "message": str(notification.message),
                "comment": notification.comment_id,
                "created_at": _isoformat(notification.created_at),
                "updated_at": _isoformat(notification.updated_at),
                "read_at": _isoformat(notification.read_at),
                "emailed_at": _isoformat(notification.emailed_at),
            }
            for notification in notifications
        ],
    }


def _moderation_export(member):
    """Moderators' decisions about the member and their comments, and their suspensions
    (without naming the moderators)."""
    return {
        "decisions": [
            {
                "action": action.kind,
                "comment": action.comment_id,
                "subject": action.subject,
                "reason": action.reason,
                "at": _isoformat(action.created_at),
            }
            for action in ModerationAction.objects.filter(member=member).order_by(
                "created_at", "pk"
            )
        ],
        "suspensions": [
            {
                "from": _isoformat(suspension.starts_at),
                "until": _isoformat(suspension.ends_at),
                "lifted_at": _isoformat(suspension.lifted_at),
                "reason": suspension.reason,
            }
            for suspension in member.suspensions.order_by("starts_at", "pk")
        ],
    }


def _email_addresses_export(member):
    return [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=member).order_by("pk")
    ]


def _social_accounts_export(member):
    if not apps.is_installed("allauth.socialaccount"):
        return []
    from allauth.socialaccount.models import SocialAccount

    return [
        {
            "provider": account.provider,
            "date_joined": _isoformat(account.date_joined),
            "last_login": _isoformat(account.last_login),
        }
        for account in SocialAccount.objects.filter(user=member).order_by("pk")
    ]
