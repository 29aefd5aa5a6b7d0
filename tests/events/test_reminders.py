import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from events.models import EventKind, Registration, RegistrationStatus
from events.models.pages import EventStatus
from events.reminders import reminders_send
from events.services import registration_cancel, registration_create
from tests.factories import EventPageFactory, MemberFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    """reminders_send at `now`, its e-mails sent; returns the e-mails' recipients."""

    def remind(now):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            reminders_send(now=now)
        return sorted(address for message in mail.outbox for address in message.to)

    return remind


def soon(event_index, hours, **fields):
    start = timezone.now().replace(microsecond=0) + hours * HOUR
    return EventPageFactory(parent=event_index, starts_at=start, ends_at=start + 2 * HOUR, **fields)


def members_registered(event, count, **kwargs):
    members = [MemberFactory() for _ in range(count)]
    for member in members:
        registration_create(event=event, member=member, **kwargs)
    return sorted(member.email for member in members)


def test_the_day_before_each_registered_person_is_reminded_once(event_index, remind):
    event = soon(event_index, 30, capacity=2)
    registered = members_registered(event, 2)
    members_registered(event, 1)  # waiting: no seat, no reminder
    cancelled = registration_create(event=event, member=MemberFactory())[0]
    registration_cancel(registration=cancelled)
    day_before = timezone.now() + 10 * HOUR  # 20 hours before the start

    assert remind(day_before) == registered
    assert "明日です" in mail.outbox[0].subject
    assert mail.outbox[0].attachments  # the calendar file again
    assert remind(day_before) == []
    assert remind(day_before + 5 * HOUR) == []
    assert Registration.objects.filter(reminded_day_at__isnull=False).count() == 2


def test_an_hour_before_each_registered_person_is_reminded_once(event_index, remind):
    event = soon(event_index, 30)
    registered = members_registered(event, 2)

    assert remind(event.starts_at - 50 * timezone.timedelta(minutes=1)) == registered
    assert "まもなく始まります" in mail.outbox[0].subject
    assert remind(event.starts_at - 10 * timezone.timedelta(minutes=1)) == []
    assert remind(event.starts_at + timezone.timedelta(minutes=1)) == []


def test_nobody_is_reminded_outside_the_windows(event_index, remind):
    event = soon(event_index, 30)
    members_registered(event, 1)

    assert remind(event.starts_at - 25 * HOUR) == []  # more than a day before
    assert remind(event.starts_at + HOUR) == []  # under way (its reminders were missed)
    assert not mail.outbox


def test_someone_registered_on_the_day_is_reminded_only_an_hour_before(event_index, remind):
    event = soon(event_index, 5)
    registered = members_registered(event, 1)

    assert remind(timezone.now() + HOUR) == []  # within the day, registered after it opened
    assert remind(event.starts_at - 30 * timezone.timedelta(minutes=1)) == registered


def test_erased_and_walk_in_registrations_and_non_members_seated(event_index, remind):
    event = soon(event_index, 30)
    RegistrationFactory(event=event, walk_in=True)
    RegistrationFactory(event=event, erased_at=timezone.now(), name="", email="")
    guest = RegistrationFactory(event=event, email="hanako@example.jp")

    assert remind(event.starts_at - 20 * HOUR) == [guest.email]


def test_events_not_scheduled_send_no_reminders(event_index, remind):
    for status in (EventStatus.POSTPONED, EventStatus.CANCELLED):
        event = soon(event_index, 30)
        members_registered(event, 1)
        event.status = status
        event.save()

    assert remind(timezone.now() + 10 * HOUR) == []


def test_each_time_slot_of_a_desk_is_reminded_before_its_own_start(event_index, remind):
    start = timezone.now().replace(microsecond=0) + 30 * HOUR
    desk = EventPageFactory(
        parent=event_index,
        starts_at=start,
        ends_at=start + 30 * HOUR,
        slots=[(start, start + HOUR, 5), (start + 28 * HOUR, start + 29 * HOUR, 5)],
    )
    desk.refresh_from_db()
    first, later = (slot_id for slot_id, *_ in desk.slot_list)
    morning = members_registered(desk, 2, slot_id=first)
    members_registered(desk, 1, slot_id=later)

    assert remind(start - 20 * HOUR) == morning


def test_the_hour_reminder_of_an_online_event_points_to_the_joining_url(event_index, remind):
    event = soon(event_index, 30, kind=EventKind.ONLINE, online_url="https://meet.example.jp/x")
    members_registered(event, 1)

    remind(event.starts_at - 40 * timezone.timedelta(minutes=1))

    [message] = mail.outbox
    assert "参加用のURLは、開始の30分前から次のページに表示されます：" in message.body
    assert "/r/" in message.body
    assert "meet.example.jp" not in message.body


def test_the_command_queues_the_reminders_due_now(event_index, django_capture_on_commit_callbacks):
    event = soon(event_index, 0.5)
    registered = members_registered(event, 1)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("events_remind", verbosity=0)
        call_command("events_remind", verbosity=0)

    assert [message.to[0] for message in mail.outbox if "まもなく" in message.subject] == registered


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_once_remind_each_person_once(event_index):
    event = soon(event_index, 30, capacity=None)
    registered = members_registered(event, 12)
    mail.outbox.clear()
    barrier, errors = threading.Barrier(2), []

    def run():
        try:
            barrier.wait()
            reminders_send(now=event.starts_at - 20 * HOUR)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(message.to[0] for message in mail.outbox) == registered
    reminded = Registration.objects.filter(status=RegistrationStatus.REGISTERED)
    assert reminded.filter(reminded_day_at__isnull=True).count() == 0
