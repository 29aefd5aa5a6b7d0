"""Community models: members and regions (members.py), discussions on pages (comments.py),
opinion exchanges (topics.py) and the opinion groups found from their votes
(opinion_groups.py), moderation (moderation.py), notifications and follows
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
from .notifications import (
    Follow,
    Notification,
    NotificationChannel,
    NotificationEmail,
    NotificationKind,
    NotificationOptOut,
)
from .opinion_groups import OpinionGroupPosition, OpinionGroupRun
from .topics import (
    ConsensusGeneration,
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
    "ConsensusGeneration",
    "DiscussionMode",
    "DiscussionSettings",
    "Follow",
    "Like",
    "ModerationAction",
    "ModerationActionKind",
    "Notification",
    "NotificationChannel",
    "NotificationEmail",
    "NotificationKind",
    "NotificationOptOut",
    "OpinionGroupPosition",
    "OpinionGroupRun",
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
