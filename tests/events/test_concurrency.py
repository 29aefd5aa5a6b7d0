"""Capacity and idempotency under registrations and cancellations arriving at once (threads with
their own database connections; run on PostgreSQL in .ci/run, and on SQLite)."""

import random
import threading
import time

import pytest
from django.db import OperationalError, connection

from events.models import EventSeats, Registration, RegistrationStatus
from events.services import registration_cancel, registration_create
from tests.factories import EventIndexPageFactory, EventPageFactory, HomePageFactory, MemberFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _waiting_for_locks(call):
    """`call()`, again while SQLite's shared in-memory test database says "table is locked" (it
    does not wait for a writer as a file database does; PostgreSQL waits on its own)."""
    for _attempt in range(400):
        try:
            return call()
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            time.sleep(random.uniform(0.005, 0.02))
    raise AssertionError("gave up waiting for the database")


def _all_at_once(calls):
    """Run each of `calls` in its own thread, released together; returns their results."""
    barrier, results, errors = threading.Barrier(len(calls)), [], []

    def run(call):
        try:
            barrier.wait()
            results.append(_waiting_for_locks(call))
        except Exception as error:  # reported by the caller's assertion
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


@pytest.fixture
def event():
    return EventPageFactory(parent=EventIndexPageFactory(parent=HomePageFactory()), capacity=10)


def test_thirty_registering_at_once_for_ten_seats_seat_exactly_ten_and_lose_nobody(event):
    members = [MemberFactory() for _ in range(30)]

    _all_at_once([lambda m=m: registration_create(event=event, member=m) for m in members])

    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert len(statuses) == 30
    assert statuses.count(RegistrationStatus.REGISTERED) == 10
    assert statuses.count(RegistrationStatus.WAITING) == 20
    assert EventSeats.objects.get(event=event).taken == 10


def test_ten_cancelling_at_once_seat_the_next_ten_in_order(event):
    registrations = [registration_create(event=event, member=MemberFactory())[0] for _ in range(25)]
    seated, waiting = registrations[:10], registrations[10:]

    _all_at_once([lambda r=r: registration_cancel(registration=r) for r in seated])

    status = dict(Registration.objects.values_list("pk", "status"))
    assert [status[r.pk] for r in waiting[:10]] == [RegistrationStatus.REGISTERED] * 10
    assert [status[r.pk] for r in waiting[10:]] == [RegistrationStatus.WAITING] * 5
    assert EventSeats.objects.get(event=event).taken == 10


def test_one_member_registering_from_eight_tabs_at_once_registers_once(event):
    member = MemberFactory()

    results = _all_at_once([lambda: registration_create(event=event, member=member)] * 8)

    assert len({registration.pk for registration, _ in results}) == 1
    assert sum(created for _, created in results) == 1
    assert EventSeats.objects.get(event=event).taken == 1
