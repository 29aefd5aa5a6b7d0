"""Community models: members and regions (members.py), discussions on pages (comments.py),
opinion exchanges (topics.py), moderation (moderation.py), notifications and follows
(notifications.py)."""

from .comments import (
    Comment,
    CommentRevision,
    CommentStatus,
    DiscussionMode,
    DiscussionSettings,
    Like,
    PageDiscussion,
    Report,
    ReportReason,
    ReviewReason,
    Stance,
)
from .members import AVATAR_EXTENSIONS, Region, StakeholderType, User, Verification
from .moderation import BlockedWord, ModerationAction, ModerationActionKind, Suspension
from .notifications import Follow, Notification, NotificationEmail, NotificationKind
from .topics import (
    OpinionVote,
    ProposalStatus,
    TopicClosure,
    TopicIndexPage,
    TopicLayout,
    TopicPage,
    TopicPageRelatedArticle,
    TopicProposal,
    VoteChoice,
    VoteCountsShown,
)

__all__ = [
    "AVATAR_EXTENSIONS",
    "BlockedWord",
    "Comment",
    "CommentRevision",
    "CommentStatus",
    "DiscussionMode",
    "DiscussionSettings",
    "Follow",
    "Like",
    "ModerationAction",
    "ModerationActionKind",
    "Notification",
    "NotificationEmail",
    "NotificationKind",
    "OpinionVote",
    "PageDiscussion",
    "ProposalStatus",
    "Region",
    "Report",
    "ReportReason",
    "ReviewReason",
    "StakeholderType",
    "Stance",
    "Suspension",
    "TopicClosure",
    "TopicIndexPage",
    "TopicLayout",
    "TopicPage",
    "TopicPageRelatedArticle",
    "TopicProposal",
    "User",
    "Verification",
    "VoteChoice",
    "VoteCountsShown",
]
