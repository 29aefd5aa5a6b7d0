"""Events' models: the pages staff publish (pages.py) and the people who register
(registrations.py)."""

from .pages import EventIndexPage, EventKind, EventPage, EventPageRelatedArticle, EventPageTag
from .registrations import EventSeats, Registration, RegistrationStatus

__all__ = [
    "EventIndexPage",
    "EventKind",
    "EventPage",
    "EventPageRelatedArticle",
    "EventPageTag",
    "EventSeats",
    "Registration",
    "RegistrationStatus",
]
