"""Events' models: the pages staff publish (pages.py), the people who register
(registrations.py) and the follow-ups staff send after an event (follow_ups.py)."""

from .follow_ups import FollowUpInvitation
from .pages import EventIndexPage, EventKind, EventPage, EventPageRelatedArticle, EventPageTag
from .registrations import EventSeats, Registration, RegistrationStatus

__all__ = [
    "EventIndexPage",
    "EventKind",
    "EventPage",
    "EventPageRelatedArticle",
    "EventPageTag",
    "EventSeats",
    "FollowUpInvitation",
    "Registration",
    "RegistrationStatus",
]
