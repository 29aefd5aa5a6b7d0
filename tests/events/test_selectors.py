from datetime import date, timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from community.models import Region
from events.models import Registration, RegistrationStatus
from events.selectors import (
    event_feed_list,
    event_list,
    event_regions,
    expired_pending_registration,
    month_weeks,
    pending_expired,
    registration_by_token,
    seats_left,
    waiting_position,
)
from events.services import registration_cancel, registration_create
from tests.factories import EventPageFactory, MemberFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def at(days, hour=10):
    """An aware moment `days` from today at `hour`, Japan time."""
    today = timezone.localdate()
    return timezone.make_aware(timezone.datetime(today.year, today.month, today.day, hour)) + (
        timedelta(days=days)
    )


def make(index, days, **kwargs):
    return EventPageFactory(
        parent=index, starts_at=at(days), ends_at=at(days) + timedelta(hours=2), **kwargs
    )


def test_upcoming_events_come_soonest_first_and_past_ones_latest_first(event_index):
    later, sooner = make(event_index, 10), make(event_index, 2)
    old, older = make(event_index, -3), make(event_index, -30)

    assert list(event_list(index=event_index)) == [sooner, later]
    assert list(event_list(index=event_index, past=True)) == [old, older]


def test_an_event_under_way_is_still_upcoming(event_index):
    under_way = EventPageFactory(
        parent=event_index,
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() + timedelta(hours=1),
    )

    assert list(event_list(index=event_index)) == [under_way]


def test_drafts_and_other_indexes_are_left_out(event_index, home_page):
    make(event_index, 3, live=False)

    assert list(event_list(index=event_index)) == []


def test_filters_by_kind_region_and_month(event_index):
    region = Region.objects.create(prefecture="01", name="東川町")
    workshop = make(event_index, 40, kind="workshop", region=region)
    make(event_index, 41, kind="briefing")
    month = timezone.localdate(workshop.starts_at).replace(day=1)

    assert list(event_list(index=event_index, kind="workshop")) == [workshop]
    assert list(event_list(index=event_index, region=region)) == [workshop]
    in_month = list(event_list(index=event_index, month=month))
    assert workshop in in_month
    assert list(event_regions(index=event_index)) == [region]


def test_the_month_calendar_puts_each_event_on_its_days(event_index):
    start = timezone.make_aware(timezone.datetime(2030, 12, 30, 10))
    two_days = EventPageFactory(
        parent=event_index, starts_at=start, ends_at=start + timedelta(days=1)
    )

    weeks = month_weeks(index=event_index, month=date(2030, 12, 1))

    days = {cell.day: cell for week in weeks for cell in week}
    assert all(len(week) == 7 and week[0].day.weekday() == 0 for week in weeks)
    assert days[date(2030, 12, 30)].events == [two_days]
    assert days[date(2030, 12, 31)].events == [two_days]
    assert days[date(2030, 12, 29)].events == []
    assert not days[date(2030, 11, 25)].in_month


def test_an_event_at_0030_japan_time_is_on_its_japanese_day(event_index):
    start = timezone.make_aware(timezone.datetime(2030, 12, 1, 0, 30))  # 11-30 15:30 UTC
    event = EventPageFactory(
        parent=event_index, starts_at=start, ends_at=start + timedelta(hours=1)
    )

    weeks = month_weeks(index=event_index, month=date(2030, 12, 1))

    days = {cell.day: cell for week in weeks for cell in week}
    assert days[date(2030, 12, 1)].events == [event]
    assert days[date(2030, 11, 30)].events == []


def test_the_feed_keeps_a_month_of_past_events(event_index):
    upcoming, recent = make(event_index, 5), make(event_index, -10)
    make(event_index, -60)

    assert list(event_feed_list(index=event_index)) == [recent, upcoming]


def test_seats_left_without_registrations_with_them_and_without_limit(event_index):
    limited = EventPageFactory(parent=event_index, capacity=2)
    unlimited = EventPageFactory(parent=event_index)

    assert seats_left(event=limited) == {"": 2}
    registration_create(event=limited, member=MemberFactory())
    assert seats_left(event=limited) == {"": 1}
    registration_create(event=limited, member=MemberFactory())
    registration_create(event=limited, member=MemberFactory())
    assert seats_left(event=limited) == {"": 0}
    assert seats_left(event=unlimited) == {"": None}


def test_waiting_positions_follow_the_order_of_arrival(event_index):
    event = EventPageFactory(parent=event_index, capacity=1)
    seated = registration_create(event=event, member=MemberFactory())[0]
    first = registration_create(event=event, member=MemberFactory())[0]
    second = registration_create(event=event, member=MemberFactory())[0]

    assert waiting_position(seated) is None
    assert (waiting_position(first), waiting_position(second)) == (1, 2)
    registration_cancel(registration=seated)
    second.refresh_from_db()
    assert waiting_position(second) == 1


def test_a_registration_by_token_is_only_found_on_its_event(event_index):
    event, other = EventPageFactory(parent=event_index), EventPageFactory(parent=event_index)
    registration = RegistrationFactory(event=event)

    assert registration_by_token(event=event, token=registration.token) == registration
    with pytest.raises(Http404):
        registration_by_token(event=other, token=registration.token)
    Registration.objects.filter(pk=registration.pk).update(erased_at=timezone.now())
    with pytest.raises(Http404):
        registration_by_token(event=event, token=registration.token)


def test_pending_registrations_expire_after_24_hours(event):
    registration = RegistrationFactory(
        event=event, status=RegistrationStatus.PENDING, email="late@example.jp"
    )

    assert not pending_expired(registration)
    assert expired_pending_registration(event=event, email="LATE@example.jp") is None
    later = timezone.now() + timedelta(hours=24, minutes=1)
    assert pending_expired(registration, now=later)
    Registration.objects.filter(pk=registration.pk).update(
        created_at=timezone.now() - timedelta(hours=25)
    )
    assert expired_pending_registration(event=event, email="LATE@example.jp") == registration
