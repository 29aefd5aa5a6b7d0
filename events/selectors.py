"""Reads for the public side of events: the lists and month calendar of an index, the feeds,
the seats left, and a person's registration (by member or by the token of their page).

Lists are one explicit query each (the events with their municipality, header image and tags),
whatever the number of events."""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from core.japan import japan_date, japan_zone

from .models import EventPage, EventPageRelatedArticle, EventSeats, Registration
from .models.pages import EventStatus
from .models.registrations import PENDING_EXPIRES, RegistrationStatus

FEED_RECENT_DAYS = 30  # the feeds keep events this long after they end
HOME_EVENTS = 3  # the home page's 近日開催のイベント


def event_list(*, index, past=False, kind="", region=None, month=None, tag=None):
    """The live, public events under `index`: upcoming (not yet ended) soonest first, or with
    `past` those that ended, latest first; filtered by `kind`, `region`, `month` (a date on
    its first day, Japan time) and `tag` (a taggit Tag) when given."""
    events = _listing(index)
    now = timezone.now()
    if past:
        events = events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    else:
        events = events.filter(ends_at__gte=now).order_by("starts_at", "pk")
    if kind:
        events = events.filter(kind=kind)
    if region is not None:
        events = events.filter(region=region)
    if month is not None:
        events = _in_month(events, month)
    if tag is not None:
        events = events.filter(tags=tag)
    return events


def _in_month(events, month):
    start, end = month_bounds(month)
    return events.filter(starts_at__lt=end, ends_at__gte=start)


def _listing(index):
    return public_event_list().child_of(index)


def public_event_list():
    """Every live, public event of the site, unordered, with its municipality, header image
    and tags (one query, and one for each of those prefetched)."""
    return (
        EventPage.objects.live()
        .public()
        .select_related("region", "header_image")
        .prefetch_related("tags", "header_image__renditions")
    )


def event_feed_list(*, index, tag=None):
    """What the index's calendar feeds carry: every event not yet ended or ended within
    FEED_RECENT_DAYS, soonest first (a calendar app drops what a feed no longer lists)."""
    since = timezone.now() - timedelta(days=FEED_RECENT_DAYS)
    events = (
        EventPage.objects.child_of(index)
        .live()
        .public()
        .filter(ends_at__gte=since)
        .select_related("calendar_version")
    )
    if tag is not None:
        events = events.filter(tags=tag)
    return events.order_by("starts_at", "pk")


def event_regions(*, index):
    """The municipalities that events under `index` are in (the filter's choices)."""
    from community.models import Region

    region_ids = EventPage.objects.child_of(index).live().public().values("region_id")
    return Region.objects.filter(pk__in=region_ids)


def month_bounds(month):
    """The aware start of `month` (a date on its first day) and of the next, Japan time."""
    next_month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    zone = japan_zone()
    return (
        datetime.combine(month, time.min, tzinfo=zone),
        datetime.combine(next_month, time.min, tzinfo=zone),
    )


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    events: list = field(default_factory=list)


def month_weeks(*, index, month):
    """The weeks (Monday first) of `month` as lists of CalendarDay, each with the events that
    take place that day (an event of several days on each of them)."""
    events = _in_month(_listing(index), month).order_by("starts_at", "pk")
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    days = {day: CalendarDay(day, day.month == month.month) for week in weeks for day in week}
    for event in events:
        first, last = japan_date(event.starts_at), japan_date(event.ends_at)
        day = first
        while day <= last:
            if day in days:
                days[day].events.append(event)
            day += timedelta(days=1)
    return [[days[day] for day in week] for week in weeks]


def seats_left(*, event):
    """{slot id: seats left (None: no limit)} of what people register for ("" for an event
    without time slots); a slot nobody has registered for yet has its whole capacity."""
    return _seats_left(event, EventSeats.objects.filter(event=event))


def _seats_left(event, rows):
    left = dict(event.seat_capacities())
    for seats in rows:
        if seats.slot_id in left:
            left[seats.slot_id] = (
                None if seats.capacity is None else max(0, seats.capacity - seats.taken)
            )
    return left


def seats_left_in_all(*, events):
    """{event pk: the seats left over all its time slots, None for no limit}, for `events`
    in one query."""
    rows = {}
    for seats in EventSeats.objects.filter(event__in=[event.pk for event in events]):
        rows.setdefault(seats.event_id, []).append(seats)
    totals = {}
    for event in events:
        left = _seats_left(event, rows.get(event.pk, [])).values()
        totals[event.pk] = None if None in left else sum(left)
    return totals


def home_event_list(*, home, limit=HOME_EVENTS):
    """The next `limit` live, public events below `home` that have not ended, soonest first.
    Cancelled ones are left out: the home page offers what a resident can still go to (the
    event list keeps them, with their badge, for those who had planned to)."""
    events = (
        EventPage.objects.descendant_of(home)
        .live()
        .public()
        .filter(ends_at__gte=timezone.now())
        .exclude(status=EventStatus.CANCELLED)
        .select_related("region")
        .order_by("starts_at", "pk")
    )
    return list(events[:limit])


def related_articles(*, event):
    """The live articles staff linked to `event`, in their order."""
    links = EventPageRelatedArticle.objects.filter(page=event, article__live=True)
    return [link.article for link in links.select_related("article").order_by("sort_order")]


def member_registration(*, event, member):
    """The member's active registration for `event` (registered, waiting or confirming), or
    None."""
    if member is None or not member.is_authenticated:
        return None
    return Registration.objects.active().filter(event=event, member=member).first()


def registration_by_token(*, event, token):
    """The registration of `event` named by `token` (its page's secret). Raises Http404 for
    any other token, and for a registration whose personal data are erased."""
    registration = (
        Registration.objects.select_related("event", "member")
        .filter(event=event, token=token, erased_at=None)
        .first()
    )
    if registration is None:
        raise Http404
    return registration


def pending_expired(registration, now=None):
    """Whether `registration` waited for its e-mail confirmation longer than the
    PENDING_EXPIRES the e-mail promised."""
    now = now or timezone.now()
    return registration.status == RegistrationStatus.PENDING and (
        registration.created_at < now - PENDING_EXPIRES
    )


def expired_pending_registration(*, event, email):
    """The registration of `email` for `event` that expired waiting for its confirmation, or
    None."""
    registration = Registration.objects.filter(
        event=event, email=email.strip().lower(), member=None, status=RegistrationStatus.PENDING
    ).first()
    return registration if registration and pending_expired(registration) else None


def waiting_position(registration):
    """Its place (1 = next) in its slot's waiting list, or None if it is not waiting."""
    if registration.status != RegistrationStatus.WAITING:
        return None
    ahead = Registration.objects.waiting_in_order().filter(
        event_id=registration.event_id, slot_id=registration.slot_id
    )
    created = registration.created_at
    earlier = Q(created_at__lt=created) | Q(created_at=created, pk__lt=registration.pk)
    return ahead.filter(earlier).count() + 1


def registration_state(event, now=None):
    """Why people can or cannot register now, as one word the template explains."""
    now = now or timezone.now()
    if event.status != EventStatus.SCHEDULED:
        return event.status
    if event.registration_open(now):
        return "open"
    if event.registration_opens_at and now < event.registration_opens_at:
        return "not_yet"
    return "closed"
