from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.erasure import pending_delete, registrations_erase
from events.models import Registration, RegistrationStatus
from events.services import registration_create
from tests.factories import EventPageFactory, MemberFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def ended(event_index, days_ago, **fields):
    end = timezone.now() - timedelta(days=days_ago)
    return EventPageFactory(
        parent=event_index, starts_at=end - timedelta(hours=2), ends_at=end, **fields
    )


def counts(event):
    rows = Registration.objects.filter(event=event)
    return Counter(rows.values_list("status", "stakeholder_type", "walk_in", "slot_id")), sum(
        1 for r in rows if r.checked_in_at
    )


def test_registrations_past_their_event_s_days_lose_personal_data_and_keep_counts(event_index):
    old = ended(event_index, 31, erase_after_days=30)
    member = MemberFactory()
    RegistrationFactory(
        event=old, member=member, name="", email="", answers={"q": "手話通訳が必要"}
    )
    RegistrationFactory(event=old, checked_in_at=timezone.now(), stakeholder_type="business")
    RegistrationFactory(event=old, walk_in=True, checked_in_at=timezone.now())
    RegistrationFactory(event=old, status=RegistrationStatus.CANCELLED)
    before = counts(old)

    assert registrations_erase() == 4

    assert counts(old) == before
    for registration in Registration.objects.filter(event=old):
        assert (registration.name, registration.email, registration.answers) == ("", "", {})
        assert registration.member_id is None and registration.erased_at is not None
    assert type(member).objects.filter(pk=member.pk).exists()  # only the link is cut


def test_erasure_waits_for_each_event_s_own_days(event_index):
    recent = ended(event_index, 10, erase_after_days=30)
    soon = ended(event_index, 29, erase_after_days=30)
    short = ended(event_index, 2, erase_after_days=1)
    upcoming = EventPageFactory(parent=event_index, erase_after_days=0)
    for event in (recent, soon, short, upcoming):
        RegistrationFactory(event=event)

    assert registrations_erase() == 1

    assert list(Registration.objects.exclude(erased_at=None).values_list("event", flat=True)) == [
        short.pk
    ]


def test_erasing_again_changes_nothing(event_index):
    old = ended(event_index, 100)
    RegistrationFactory(event=old)
    registrations_erase()
    erased_at = Registration.objects.get().erased_at

    assert registrations_erase() == 0
    assert Registration.objects.get().erased_at == erased_at


def test_unconfirmed_registrations_are_deleted_after_a_day(event):
    stale, _ = registration_create(event=event, name="山田", email="old@example.jp")
    fresh, _ = registration_create(event=event, name="佐藤", email="new@example.jp")
    Registration.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(hours=25))
    seated, _ = registration_create(event=event, member=MemberFactory())

    assert pending_delete() == 1

    assert set(Registration.objects.values_list("pk", flat=True)) == {fresh.pk, seated.pk}
    assert event.seats.get().taken == 1


def test_the_command_erases_and_deletes(event_index, capsys):
    RegistrationFactory(event=ended(event_index, 100))

    call_command("events_erase")
    call_command("events_erase")

    out = capsys.readouterr().out.splitlines()
    assert out == [
        "Erased 1 registration(s); deleted 0 unconfirmed registration(s).",
        "Erased 0 registration(s); deleted 0 unconfirmed registration(s).",
    ]
