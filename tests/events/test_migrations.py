"""The data steps of the events migrations, on the rows they meet."""

from importlib import import_module

import pytest
from django.apps import apps

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
