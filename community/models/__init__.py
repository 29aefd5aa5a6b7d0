"""Community models: members and regions (members.py), discussions on pages (comments.py)."""

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
)
from .members import AVATAR_EXTENSIONS, Region, StakeholderType, User, Verification

__all__ = [
    "AVATAR_EXTENSIONS",
    "Comment",
    "CommentRevision",
    "CommentStatus",
    "DiscussionMode",
    "DiscussionSettings",
    "Like",
    "PageDiscussion",
    "Region",
    "Report",
    "ReportReason",
    "StakeholderType",
    "User",
    "Verification",
]
