"""iCalendar (RFC 5545) for events: one event's VEVENT (the file attached to a confirmation, and
the page's 「カレンダーに追加」), and a calendar of many (the feeds calendar apps subscribe to).
Built with the `icalendar` package; times in UTC, all-day events as dates."""

from datetime import UTC, timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from core.japan import japan_date

from .models.calendar import calendar_sequence
from .models.pages import EventStatus

PRODUCT_ID = "-//Yoriai//Events//JA"
CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


def event_calendar(events, *, name, url_of):
    """A VCALENDAR of `events` (EventPages) named `name`; `url_of(event)` is each event's full
    address. Returns the bytes of the file."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        calendar.add_component(event_component(event, url=url_of(event)))
    return calendar.to_ical()


def event_component(event, *, url):
    """The VEVENT of `event`, linking to `url`. Never the online meeting's URL: that opens on
    the registered person's page shortly before the start (EventPage.online_url_open)."""
    component = Event()
    component.add("uid", f"event-{event.pk}@{_host(url)}")
    component.add("dtstamp", timezone.now())
    # Grows when a publish changes the times or status: calendar apps then replace their copy.
    component.add("sequence", calendar_sequence(event))
    if event.all_day:
        start = japan_date(event.starts_at)
        end = japan_date(event.ends_at) + timedelta(days=1)
        component.add("dtstart", start)
        component.add("dtend", end)
    else:
        # In UTC whatever zone the value carries (a page just saved holds Japan time).
        component.add("dtstart", event.starts_at.astimezone(UTC))
        component.add("dtend", event.ends_at.astimezone(UTC))
    component.add("summary", event.title)
    component.add("description", _description(event, url=url))
    location = " ".join(part for part in (event.venue_name, event.venue_address) if part)
    if location:
        component.add("location", location)
    component.add("url", url)
    component.add("status", _STATUS[event.status])
    if event.last_published_at:
        component.add("last-modified", event.last_published_at)
    return component


_STATUS = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.POSTPONED: "TENTATIVE",
    EventStatus.CANCELLED: "CANCELLED",
}


def _description(event, *, url):
    parts = [event.lead, url]
    if event.status_note and event.status != EventStatus.SCHEDULED:
        parts.insert(0, event.status_note)
    return "\n\n".join(part for part in parts if part)


def _host(url):
    return url.split("//", 1)[-1].split("/", 1)[0] or "yoriai"


def registration_calendar_file(registration, *, url):
    """The calendar file attached to a registration's e-mails: its event, linking to the
    person's own page (`url`), where the online URL opens before the start."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event_component(registration.event, url=url))
    return calendar.to_ical()
