"""The routes of an event index (EventIndexPage's @path routes call these): the list (upcoming,
or past) with its filters, the month calendar, and the iCalendar feeds calendar apps subscribe
to."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect

from articles.selectors import tag_get
from core.japan import japan_today
from core.pagination import paginate

from .. import selectors
from ..forms import EventFilterForm, month_parse
from ..ics import CALENDAR_CONTENT_TYPE, event_calendar

PER_PAGE = 12


def event_list(request, *, index, past=False):
    """The events under `index`, upcoming (or `past`), filtered by the query string's kind,
    municipality and month."""
    form = EventFilterForm(request.GET or None, regions=selectors.event_regions(index=index))
    events = selectors.event_list(index=index, past=past, **form.filters())
    context = {
        "past": past,
        "filter_form": form,
        "filtered": bool(form.filters()),
        "events": paginate(events, request.GET.get("page"), per_page=PER_PAGE),
        "calendar_feed_url": request.build_absolute_uri(index.url + index.reverse_subpage("feed")),
    }
    return index.render(request, context_overrides=context)


def event_month(request, *, index):
    """The month calendar (`?month=2026-12`; this month without it): a table of the weeks
    with each day's events, and links to the months before and after."""
    try:
        month = month_parse(request.GET.get("month", ""), required=False)
    except ValidationError:  # a month typed by hand: this month instead
        month = None
    month = month or japan_today().replace(day=1)
    previous_month = (month - timedelta(days=1)).replace(day=1)
    next_month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    context = {
        "month": month,
        "weeks": selectors.month_weeks(index=index, month=month),
        "previous_month": previous_month,
        "next_month": next_month,
        "today": japan_today(),
    }
    return index.render(request, template="events/event_month.html", context_overrides=context)


def event_feed(request, *, index, tag=None):
    """The iCalendar feed of the events under `index` (with `tag`, those tagged so)."""
    found = None
    if tag is not None:
        found = tag_get(slug=tag)
        if found.slug != tag:
            return redirect(index.url + index.reverse_subpage("feed_tag", args=[found.slug]))
    name = index.title if found is None else f"{index.title} #{found.name}"
    content = event_calendar(
        selectors.event_feed_list(index=index, tag=found),
        name=name,
        url_of=lambda event: event.get_full_url(request),
    )
    response = HttpResponse(content, content_type=CALENDAR_CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    return response
