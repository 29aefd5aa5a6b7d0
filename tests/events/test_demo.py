"""The demo events `manage.py seed_demo` adds, seeded once for this module (as
tests/articles/test_seed_demo_site.py does: in a transaction rolled back after the last test)."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import translation

from community.models import User
from events.models import EventIndexPage, EventPage, EventSeats, Registration, RegistrationStatus
from events.models.pages import EventKind, EventStatus
from tests.factories import TOTPAuthenticatorFactory


def seed():
    with translation.override("en"):
        call_command("seed_demo", stdout=StringIO())


def snapshot():
    return {
        "events": list(EventPage.objects.order_by("pk").values_list("pk", "slug", "status")),
        "registrations": Registration.objects.count(),
        "seats": sorted(EventSeats.objects.values_list("event", "slot_id", "capacity", "taken")),
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        seed()
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_seeding_again_changes_no_event_registration_or_seat(demo):
    first = snapshot()

    seed()

    assert snapshot() == first
    assert len(first["events"]) == 7


@pytest.mark.django_db
def test_the_events_are_live_under_the_index_with_every_kind_and_status(demo):
    index = EventIndexPage.objects.live().get()
    events = EventPage.objects.child_of(index).live()

    assert index.title == "イベント"
    assert {e.kind for e in events} == set(EventKind.values)
    assert Counter(e.status for e in events) == {
        EventStatus.SCHEDULED: 5,
        EventStatus.POSTPONED: 1,
        EventStatus.CANCELLED: 1,
    }
    assert all(e.region and e.region.name == "七尾市" for e in events)
    briefing = events.get(slug="kakanai-madoguchi-briefing")
    assert briefing.survey is not None
    assert briefing.related_articles.count() == 3


@pytest.mark.django_db
def test_seats_taken_are_the_seated_registrations_of_each_slot(demo):
    for seats in EventSeats.objects.all():
        seated = Registration.objects.filter(
            event=seats.event_id,
            slot_id=seats.slot_id,
            status=RegistrationStatus.REGISTERED,
            walk_in=False,
        ).count()
        assert seats.taken == seated, seats
        assert seats.capacity is None or seats.taken <= seats.capacity


@pytest.mark.django_db
def test_the_desk_has_four_slots_two_full_with_people_waiting(demo):
    desk = EventPage.objects.get(kind=EventKind.DESK)
    seats = {s.slot_id: s for s in EventSeats.objects.filter(event=desk)}
    waiting = Counter(
        Registration.objects.filter(event=desk, status="waiting").values_list("slot_id", flat=True)
    )

    assert [(seats[slot_id].taken, waiting[slot_id]) for slot_id, *_ in desk.slot_list] == [
        (3, 2),
        (3, 1),
        (2, 0),
        (0, 0),
    ]
    assert Registration.objects.filter(event=desk, member__email="member@yoriai.example").exists()


@pytest.mark.django_db
def test_the_workshop_asks_its_questions_and_the_answers_are_kept(demo):
    workshop = EventPage.objects.get(kind=EventKind.WORKSHOP, status=EventStatus.SCHEDULED)
    questions = [child.value["text"] for child in workshop.questions]
    answers = [r.answers for r in Registration.objects.filter(event=workshop)]

    assert questions == ["手話通訳が必要ですか", "駐車場を利用しますか"]
    assert all(len(a) == 2 for a in answers)
    sign = next(child.id for child in workshop.questions)
    assert sum(a[sign]["value"] == "はい" for a in answers) == 1


@pytest.mark.django_db
def test_the_past_event_has_check_ins_walk_ins_and_its_report(demo):
    past = EventPage.objects.get(slug="my-number-desk-hokubu")
    registered = Registration.objects.filter(event=past, status=RegistrationStatus.REGISTERED)
    booked = registered.filter(walk_in=False)

    assert past.is_past and past.report
    assert registered.filter(walk_in=True, checked_in_at__isnull=False).count() == 2
    assert booked.filter(checked_in_at__isnull=False).count() / booked.count() == 12 / 17


@pytest.mark.django_db
def test_registrants_of_the_changed_events_count_as_told(demo):
    changed = Registration.objects.filter(
        event__status__in=[EventStatus.POSTPONED, EventStatus.CANCELLED]
    )

    assert changed.count() == 11
    assert not changed.filter(~Q(event_status_told=F("event__status"))).exists()


@pytest.mark.django_db
def test_the_demo_event_staff_account_opens_the_check_in_of_a_demo_event(demo, client):
    staff = User.objects.get(email="events@yoriai.example")
    TOTPAuthenticatorFactory(user=staff)  # staff screens ask for a second factor first
    client.force_login(staff)
    event = EventPage.objects.live().filter(registrations__isnull=False).distinct().first()

    response = client.get(reverse("event_staff:checkin", args=[event.pk]))

    assert response.status_code == 200


@pytest.mark.django_db
def test_the_demo_home_page_shows_the_next_events_and_an_article_links_back(demo, client):
    home = client.get("/").content.decode()
    article = client.get("/articles/my-number-card-adoption/").content.decode()

    assert "近日開催のイベント" in home and "イベント一覧へ" in home
    assert '<span class="page-links__label">関連イベント</span>' in article
    assert "マイナンバーカード出張申請窓口（港町公民館）</a>" in article
