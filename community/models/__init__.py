"""Community models: members and regions (members.py), discussions on pages (comments.py),
moderation (moderation.py), notifications and follows (notifications.py)."""

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
from .notifications import Follow, Notification, NotificationEmail, NotificationKind

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
