from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from icalendar import Calendar

from community.models import Notification, NotificationKind
from events.models import EventSeats, Registration, RegistrationStatus
from events.models.pages import EventStatus
from events.services import (
    RegistrationClosed,
    registration_cancel,
    registration_confirm,
    registration_create,
    seats_sync,
)
from tests.factories import EventPageFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(django_capture_on_commit_callbacks):
    """registration_create with its e-mails sent (the callbacks after commit run)."""

    def register(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return registration_create(**kwargs)

    return register


@pytest.fixture
def run_callbacks(django_capture_on_commit_callbacks):
    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


def seats(event, slot_id=""):
    return EventSeats.objects.get(event=event, slot_id=slot_id)


def test_a_member_is_registered_at_once_and_told_with_the_calendar_file(event, register):
    member = MemberFactory()

    registration, created = register(event=event, member=member)

    assert created
    assert registration.status == RegistrationStatus.REGISTERED
    assert seats(event).taken == 1
    [message] = mail.outbox
    assert message.to == [member.email]
    assert event.title in message.subject
    [(filename, content, mimetype)] = message.attachments
    assert filename == "event.ics"
    assert mimetype.startswith("text/calendar")
    [vevent] = Calendar.from_ical(content).walk("VEVENT")
    assert str(vevent["summary"]) == event.title
    assert vevent.decoded("dtstart") == event.starts_at
    notification = Notification.objects.get(recipient=member)
    assert notification.kind == NotificationKind.NOTICE
    assert notification.message == f"「{event.title}」に申し込みました。"


def test_registering_twice_returns_the_first_registration(event, register):
    member = MemberFactory()
    first, _ = register(event=event, member=member)

    again, created = register(event=event, member=member)

    assert (again.pk, created) == (first.pk, False)
    assert seats(event).taken == 1


def test_the_database_refuses_a_second_active_registration_of_one_person(event):
    member = MemberFactory()
    registration_create(event=event, member=member)

    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=event, member=member, status=RegistrationStatus.WAITING)


def test_when_full_people_wait_in_order_and_a_cancellation_seats_the_first(event, register):
    first, second, third, fourth = (
        register(event=event, member=MemberFactory())[0] for _ in range(4)
    )
    assert [r.status for r in (first, second, third, fourth)] == ["registered"] * 2 + [
        "waiting"
    ] * 2
    mail.outbox.clear()

    registration_cancel(registration=first)

    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == RegistrationStatus.REGISTERED
    assert fourth.status == RegistrationStatus.WAITING
    assert seats(event).taken == 2


def test_cancelling_twice_frees_one_seat(event, run_callbacks):
    registration, _ = registration_create(event=event, member=MemberFactory())

    run_callbacks(registration_cancel, registration=registration)
    run_callbacks(registration_cancel, registration=registration)

    assert seats(event).taken == 0


def test_a_non_member_confirms_their_address_before_taking_a_seat(event, register, run_callbacks):
    registration, _ = register(event=event, name="山田 花子", email="Hanako@Example.jp")

    assert registration.status == RegistrationStatus.PENDING
    assert registration.email == "hanako@example.jp"
    assert not EventSeats.objects.filter(event=event, taken__gt=0).exists()
    [message] = mail.outbox
    assert f"r/{registration.token}/confirm/" in message.body

    registration = run_callbacks(registration_confirm, registration=registration)

    assert registration.status == RegistrationStatus.REGISTERED
    assert seats(event).taken == 1
    assert len(mail.outbox) == 2 and mail.outbox[1].attachments


def test_confirming_twice_takes_one_seat(event):
    registration, _ = registration_create(event=event, name="山田", email="a@example.jp")

    registration_confirm(registration=registration)
    registration_confirm(registration=registration)

    assert seats(event).taken == 1


def test_a_closed_event_refuses_registrations(event_index):
    cancelled = EventPageFactory(parent=event_index, status=EventStatus.CANCELLED)
    past = EventPageFactory(parent=event_index, starts_at=timezone.now() - timedelta(hours=1))
    later = EventPageFactory(
        parent=event_index, registration_opens_at=timezone.now() + timedelta(days=1)
    )

    for event in (cancelled, past, later):
        with pytest.raises(RegistrationClosed):
            registration_create(event=event, member=MemberFactory())


def test_each_time_slot_has_its_own_seats(event_index):
    start = timezone.now() + timedelta(days=3)
    desk = EventPageFactory(
        parent=event_index,
        slots=[
            (start, start + timedelta(minutes=30), 1),
            (start + timedelta(hours=1), start + timedelta(hours=2), 1),
        ],
    )
    desk.refresh_from_db()
    morning, afternoon = (slot_id for slot_id, *_ in desk.slot_list)

    one, _ = registration_create(event=desk, member=MemberFactory(), slot_id=morning)
    two, _ = registration_create(event=desk, member=MemberFactory(), slot_id=morning)
    three, _ = registration_create(event=desk, member=MemberFactory(), slot_id=afternoon)

    assert [one.status, two.status, three.status] == ["registered", "waiting", "registered"]
    with pytest.raises(ValueError):
        registration_create(event=desk, member=MemberFactory(), slot_id="no-such-slot")


def test_a_larger_capacity_seats_those_waiting_and_a_smaller_one_keeps_those_seated(event):
    people = [registration_create(event=event, member=MemberFactory())[0] for _ in range(4)]

    event.capacity = 3
    seats_sync(event=event)
    assert [Registration.objects.get(pk=r.pk).status for r in people] == [
        "registered",
        "registered",
        "registered",
        "waiting",
    ]

    event.capacity = 1
    seats_sync(event=event)
    assert seats(event).capacity == 3 and seats(event).taken == 3
    assert Registration.objects.filter(status="registered").count() == 3


def test_the_database_refuses_more_seats_than_capacity(event):
    registration_create(event=event, member=MemberFactory())
    registration_create(event=event, member=MemberFactory())

    with pytest.raises(IntegrityError), transaction.atomic():
        EventSeats.objects.filter(event=event).update(taken=3)
