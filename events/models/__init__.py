"""Events' models: the pages staff publish (pages.py), the people who register
(registrations.py), the follow-ups staff send after an event (follow_ups.py) and what calendar
apps were last given of it (calendar.py)."""

from .calendar import EventCalendarVersion
from .follow_ups import FollowUpInvitation
from .pages import EventIndexPage, EventKind, EventPage, EventPageRelatedArticle, EventPageTag
from .registrations import EventSeats, Registration, RegistrationStatus

__all__ = [
    "EventCalendarVersion",
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
