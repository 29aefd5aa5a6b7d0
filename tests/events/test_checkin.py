"""Checking people in on the day (events.views.checkin): by code (what the QR scanner sends),
by name, the idempotent check-in, undo, walk-ins and the attendance on the screen."""

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import EventSeats, RegistrationStatus
from events.notices import registration_full_url
from tests.factories import EventPageFactory, RegistrationFactory, log_in_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, event_index):
    log_in_as(client, "Event staff")  # who edit the events under every event index
    return client


@pytest.fixture
def hanako(event):
    event.questions = [
        ("single_choice", {"text": "手話通訳", "choices": ["必要", "不要"], "required": False})
    ]
    event.save()
    return RegistrationFactory(
        event=event,
        name="受付 花子",
        answers={event.questions[0].id: {"question": "手話通訳", "value": "必要", "text": "必要"}},
    )


def test_the_scanned_personal_page_url_checks_the_person_in(staff_client, event, hanako):
    url = reverse("event_staff:check_in_token", args=[event.pk])

    page = staff_client.post(url, {"token": registration_full_url(hanako)}, follow=True)

    hanako.refresh_from_db()
    assert hanako.checked_in_at is not None
    text = page.content.decode()
    assert "受付しました：受付 花子" in text
    assert "手話通訳" in text and "必要" in text  # their needs, on the card


def test_checking_in_twice_says_when_it_was_done(staff_client, event, hanako):
    url = reverse("event_staff:check_in", args=[event.pk, hanako.pk])
    staff_client.post(url)
    hanako.refresh_from_db()
    first = hanako.checked_in_at

    page = staff_client.post(url, follow=True)

    hanako.refresh_from_db()
    assert hanako.checked_in_at == first
    assert f"受付済み（{timezone.localtime(first):%H:%M}）" in page.content.decode()


def test_a_code_of_another_event_is_refused_with_what_to_do(staff_client, event, event_index):
    elsewhere = RegistrationFactory(event=EventPageFactory(parent=event_index))

    page = staff_client.post(
        reverse("event_staff:check_in_token", args=[event.pk]),
        {"token": elsewhere.token},
        follow=True,
    )

    assert "お名前で検索してください" in page.content.decode()
    elsewhere.refresh_from_db()
    assert elsewhere.checked_in_at is None


def test_the_code_typed_in_shows_the_person_without_javascript(staff_client, event, hanako):
    page = staff_client.get(
        reverse("event_staff:checkin", args=[event.pk]), {"token": hanako.token}
    )

    assert [registration for registration, *_ in page.context["found"]] == [hanako]
    assert reverse("event_staff:check_in", args=[event.pk, hanako.pk]) in page.content.decode()


def test_search_by_name_finds_the_person_and_offers_the_button(staff_client, event, hanako):
    page = staff_client.get(
        reverse("event_staff:checkin", args=[event.pk]), {"q": "はなこ 受付"[4:]}
    )

    assert "受付 花子" in page.content.decode()


def test_someone_waiting_is_not_checked_in_and_staff_are_told_why(staff_client, event):
    waiting = RegistrationFactory(event=event, name="待機 二郎", status=RegistrationStatus.WAITING)

    page = staff_client.post(
        reverse("event_staff:check_in", args=[event.pk, waiting.pk]), follow=True
    )

    waiting.refresh_from_db()
    assert waiting.checked_in_at is None
    assert "当日参加として追加してください" in page.content.decode()


def test_undo_takes_back_the_check_in(staff_client, event, hanako):
    staff_client.post(reverse("event_staff:check_in", args=[event.pk, hanako.pk]))

    page = staff_client.post(
        reverse("event_staff:check_in_undo", args=[event.pk, hanako.pk]), follow=True
    )

    hanako.refresh_from_db()
    assert hanako.checked_in_at is None
    assert "受付を取り消しました" in page.content.decode()


def test_a_walk_in_is_added_once_and_counted(staff_client, event):
    screen = staff_client.get(reverse("event_staff:checkin", args=[event.pk]))
    once = screen.context["walk_in_form"].initial["once"]
    url = reverse("event_staff:walk_in", args=[event.pk])
    data = {"name": "飛び込み 太郎", "stakeholder_type": "business", "once": once}

    staff_client.post(url, data)
    page = staff_client.post(url, data, follow=True)  # a double tap

    assert event.registrations.filter(walk_in=True).count() == 1
    assert page.context["counts"]["walk_ins"] == 1
    assert page.context["counts"]["attended"] == 1
    assert not EventSeats.objects.filter(event=event, taken__gt=0).exists()


def test_a_walk_in_without_a_name_is_refused(staff_client, event):
    page = staff_client.post(
        reverse("event_staff:walk_in", args=[event.pk]), {"name": "", "once": "x"}, follow=True
    )

    assert not event.registrations.exists()
    assert "お名前を入力してください" in page.content.decode()


def test_the_screen_withholds_small_groups(staff_client, event):
    for _ in range(2):
        registration = RegistrationFactory(event=event, stakeholder_type="municipal")
        staff_client.post(reverse("event_staff:check_in", args=[event.pk, registration.pk]))

    page = staff_client.get(reverse("event_staff:checkin", args=[event.pk]))

    counts = {row.label: row.count for row in page.context["attendance"]}
    assert counts["自治体職員"] is None
    assert page.context["attendance_total"] == 2


def test_a_check_in_needs_a_post(staff_client, event, hanako):
    response = staff_client.get(reverse("event_staff:check_in", args=[event.pk, hanako.pk]))

    assert response.status_code == 405
