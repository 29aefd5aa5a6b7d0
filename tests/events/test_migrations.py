"""The data steps of the events migrations, on the rows they meet."""

from importlib import import_module

import pytest
from django.apps import apps
from wagtail.models import Page

from events.models import EventCalendarVersion, Registration
from events.models.pages import EventStatus
from tests.factories import EventPageFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

sequence_told = import_module("events.migrations.0004_registration_sequence_told")


def test_existing_registrations_count_as_told_of_their_event_s_present_times(event, event_index):
    EventCalendarVersion.objects.filter(event=event).delete()
    EventCalendarVersion.objects.create(
        event=event,
        sequence=3,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        status=EventStatus.SCHEDULED,
    )
    never_published = EventPageFactory(parent=event_index)
    moved = RegistrationFactory(event=event)
    other = RegistrationFactory(event=never_published, sequence_told=2)

    sequence_told.forwards(apps, None)

    assert Registration.objects.get(pk=moved.pk).sequence_told == 3
    assert Registration.objects.get(pk=other.pk).sequence_told == 0


published_at = import_module("events.migrations.0006_live_pages_published_at")


def test_live_events_never_published_get_their_publishing_times(event_index):
    first = EventPageFactory(parent=event_index)
    bare = EventPageFactory(parent=event_index)
    draft = EventPageFactory(parent=event_index, live=False, first_published_at=None)
    Page.objects.filter(pk=first.pk).update(last_published_at=None)
    Page.objects.filter(pk=bare.pk).update(first_published_at=None, last_published_at=None)

    published_at.published_at_fill(apps, None)

    first_after, bare_after, draft_after = (
        Page.objects.get(pk=page.pk) for page in (first, bare, draft)
    )
    assert first_after.last_published_at == first.first_published_at
    assert first_after.first_published_at == first.first_published_at
    assert bare_after.last_published_at == bare_after.first_published_at is not None
    assert draft_after.last_published_at is None
