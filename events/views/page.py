"""What an event page shows beyond its fields (EventPage.get_context): whether and how people
can register, the seats left, the related pages and the schema.org `Event` for JSON-LD.

The page is served from the anonymous page cache to visitors who are not signed in, so nothing
here depends on such a visitor; a member sees their own registration."""

from django.conf import settings
from wagtail.models import Site

from core.japan import japan_zone

from .. import selectors
from ..forms import RegistrationForm
from ..models.pages import EventStatus


def event_page_context(request, event, *, form=None):
    """`registration_state` ("open", "not_yet", "closed", "postponed", "cancelled"),
    `registration` (the signed-in member's, or None), `registration_form` (bound with what was
    typed when given), `seats_left` ({slot id: seats left or None}), `event_seats_left` (an
    event without time slots: its seats left, None for no limit), `slots` (the time slots with
    theirs), `related_articles` and `structured_data`."""
    user = getattr(request, "user", None)
    member = user if user is not None and user.is_authenticated else None
    seats_left = selectors.seats_left(event=event)
    if form is None:
        easy = event.reading_for(request).easy
        form = RegistrationForm(event=event, member=member, seats_left=seats_left, easy=easy)
    return {
        "registration_state": selectors.registration_state(event),
        "registration": selectors.member_registration(event=event, member=member),
        "registration_form": form,
        "seats_left": seats_left,
        "event_seats_left": None if event.slot_list else seats_left.get(""),
        "slots": [
            {"id": slot_id, "starts_at": starts, "ends_at": ends, "left": seats_left.get(slot_id)}
            for slot_id, starts, ends, _capacity in event.slot_list
        ],
        "related_articles": selectors.related_articles(event=event),
        "structured_data": structured_data(request, event),
    }


_EVENT_STATUS = {
    EventStatus.SCHEDULED: "https://schema.org/EventScheduled",
    EventStatus.POSTPONED: "https://schema.org/EventPostponed",
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
}


def structured_data(request, event):
    """schema.org `Event`: when (Japan time, +09:00), its status, where (a Place, a
    VirtualLocation, or both) and who organises it."""
    site = Site.find_for_request(request)
    site_name = (site and site.site_name) or settings.WAGTAIL_SITE_NAME
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.search_description or event.lead,
        "url": event.get_full_url(request),
        "startDate": _iso(event.starts_at, all_day=event.all_day),
        "endDate": _iso(event.ends_at, all_day=event.all_day),
        "eventStatus": _EVENT_STATUS[event.status],
        "eventAttendanceMode": _attendance_mode(event),
        "organizer": {"@type": "Organization", "name": event.organiser or site_name},
    }
    locations = _locations(request, event)
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    return data


def _iso(moment, *, all_day):
    local = moment.astimezone(japan_zone())
    return local.date().isoformat() if all_day else local.isoformat()


def _attendance_mode(event):
    online, offline = bool(event.online_url), bool(event.venue_name or event.venue_address)
    if online and offline:
        return "https://schema.org/MixedEventAttendanceMode"
    if online:
        return "https://schema.org/OnlineEventAttendanceMode"
    return "https://schema.org/OfflineEventAttendanceMode"


def _locations(request, event):
    """The venue as a Place and the online meeting as a VirtualLocation whose URL is the event
    page: the meeting's own URL is for registered people only."""
    locations = []
    if event.venue_name or event.venue_address:
        place = {"@type": "Place", "name": event.venue_name or event.venue_address}
        if event.venue_address:
            place["address"] = {
                "@type": "PostalAddress",
                "streetAddress": event.venue_address,
                "addressCountry": "JP",
            }
        locations.append(place)
    if event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.get_full_url(request)})
    return locations
