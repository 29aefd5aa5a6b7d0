"""The home page's 近日開催のイベント (core.home_sections; registered in events.apps)."""

from core.home_sections import HomeSection

from .. import selectors


def upcoming_events_section(request, *, home):
    """The next events below `home`, each with the seats left over all its time slots
    (`seats_left`, None for no limit), or None when none is coming: then the home page has no
    such section. Two queries (and Wagtail's one for view restrictions), however many events."""
    events = selectors.home_event_list(home=home)
    if not events:
        return None
    seats = selectors.seats_left_in_all(events=events)
    for event in events:
        event.seats_left = seats[event.pk]
    return HomeSection("events/includes/home_events.html", {"events": events})
