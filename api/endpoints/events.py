"""/api/v1/events/: live, public events (events.selectors.public_event_list) with what their
pages show: when, where, status and its note, the seats left, whether registration is open, and
the iCalendar file. Never a registration, a person, a check-in, a follow-up or the online
meeting's URL (registered people get it on their own page)."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router

from core.plain_text import plain_text_from_html
from events.models.pages import EventStatus
from events.selectors import (
    public_event_list,
    registration_state,
    seats_left,
    seats_left_in_all,
)

from ..paging import PageQuery, keyset_page, page_schema
from ..schema import OutSchema
from .articles import TagOut

router = Router(tags=[gettext_noop("Events")])


class EventVenueOut(OutSchema):
    name: str
    address: str
    map_url: str
    access_notes: str
    accessibility: str


class EventRegionOut(OutSchema):
    name: str
    prefecture: str = Field(description=gettext_noop("JIS prefecture code (01–47)."))
    code: str = Field(description=gettext_noop("Local government code, when it has one."))


class EventSlotOut(OutSchema):
    starts_at: datetime
    ends_at: datetime
    seats_left: int | None = Field(description=gettext_noop("Null: no limit."))


class EventOut(OutSchema):
    id: int
    title: str
    url: str = Field(description=gettext_noop("The event's page on this site."))
    kind: str = Field(description=gettext_noop('"briefing", "workshop", "desk" or "online".'))
    lead: str
    starts_at: datetime
    ends_at: datetime
    all_day: bool = Field(description=gettext_noop("Shown as dates only, without times."))
    status: str = Field(description=gettext_noop('"scheduled", "postponed" or "cancelled".'))
    status_note: str = Field(
        description=gettext_noop("The note on a postponement or cancellation.")
    )
    venue: EventVenueOut | None
    online: bool = Field(
        description=gettext_noop(
            "Held online: the meeting's URL is only for registered people, never here."
        )
    )
    region: EventRegionOut | None = Field(description=gettext_noop("The municipality."))
    organiser: str
    audience: str = Field(description=gettext_noop("Who it is for."))
    fee_note: str
    contact: str
    tags: list[TagOut]
    seats_left: int | None = Field(
        description=gettext_noop(
            "Seats left over all time slots, while it is scheduled and not over; null "
            "otherwise or when there is no limit."
        )
    )
    registration: str = Field(
        description=gettext_noop(
            'Registration now: "open", "not_yet", "closed", "postponed" or "cancelled".'
        )
    )
    registration_opens_at: datetime | None
    ical_url: str = Field(description=gettext_noop("The event as an iCalendar file."))
    first_published_at: datetime
    last_published_at: datetime = Field(
        description=gettext_noop("When it was last published: the order of the list.")
    )


class EventDetailOut(EventOut):
    body_html: str = Field(description=gettext_noop("The body as the page shows it, in HTML."))
    body_text: str = Field(description=gettext_noop("The body as plain text."))
    slots: list[EventSlotOut] = Field(
        description=gettext_noop("A consultation desk's time slots, with their seats left.")
    )


def event_out(request, event, *, left):
    """The API's fields of `event` (from public_event_list); `left` is its seats left over all
    time slots (events.selectors.seats_left_in_all)."""
    url = event.get_full_url(request)
    return {
        "id": event.pk,
        "title": event.title,
        "url": url,
        "kind": event.kind,
        "lead": event.lead,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "all_day": event.all_day,
        "status": event.status,
        # As the page: the note stands beside a postponement or cancellation only.
        "status_note": "" if event.status == EventStatus.SCHEDULED else event.status_note,
        "venue": _venue_out(event),
        "online": bool(event.online_url),
        "region": event.region,
        "organiser": event.organiser,
        "audience": event.audience,
        "fee_note": event.fee_note,
        "contact": event.contact,
        "tags": list(event.tags.all()),
        "seats_left": left if event.status == EventStatus.SCHEDULED and not event.is_past else None,
        "registration": registration_state(event),
        "registration_opens_at": event.registration_opens_at,
        "ical_url": url + event.reverse_subpage("calendar"),
        "first_published_at": event.first_published_at,
        "last_published_at": event.last_published_at,
    }


def _venue_out(event):
    if not (event.venue_name or event.venue_address):
        return None
    return {
        "name": event.venue_name,
        "address": event.venue_address,
        "map_url": event.map_url,
        "access_notes": event.access_notes,
        "accessibility": event.accessibility,
    }


@router.get(
    "/events/",
    response=page_schema(EventOut),
    summary=gettext_noop("Published events"),
    description=gettext_noop(
        "Past and upcoming, in the order they were last published, oldest first; follow "
        "`next` to read them all. The seats left and the registration state change with "
        "registrations and time, without a new publication: each answer gives them as they are now."
    ),
)
def events(request, query: Query[PageQuery]):
    page = keyset_page(request, public_event_list(), query, changed_field="last_published_at")
    left = seats_left_in_all(events=page["results"])
    page["results"] = [event_out(request, event, left=left[event.pk]) for event in page["results"]]
    return page


@router.get(
    "/events/{int:event_id}/",
    response=EventDetailOut,
    summary=gettext_noop("One published event, with its body and time slots"),
)
def event(request, event_id: int):
    event = get_object_or_404(public_event_list(), pk=event_id)
    left = seats_left(event=event)
    body_html = str(event.body)
    return {
        **event_out(request, event, left=seats_left_in_all(events=[event])[event.pk]),
        "body_html": body_html,
        "body_text": plain_text_from_html(body_html),
        "slots": [
            {"starts_at": starts, "ends_at": ends, "seats_left": left.get(slot_id)}
            for slot_id, starts, ends, _capacity in event.slot_list
        ],
    }
