"""Community models: members and regions (members.py), discussions on pages (comments.py),
moderation (moderation.py)."""

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
)
from .members import AVATAR_EXTENSIONS, Region, StakeholderType, User, Verification
from .moderation import BlockedWord, ModerationAction, ModerationActionKind, Suspension

__all__ = [
    "AVATAR_EXTENSIONS",
    "BlockedWord",
    "Comment",
    "CommentRevision",
    "CommentStatus",
    "DiscussionMode",
    "DiscussionSettings",
    "Like",
    "ModerationAction",
    "ModerationActionKind",
    "PageDiscussion",
    "Region",
    "Report",
    "ReportReason",
    "ReviewReason",
    "StakeholderType",
    "Suspension",
    "User",
    "Verification",
]
