"""Staff's screens of an event's registrations (「イベントの申込者」): who reaches each URL, the
list with its counts and filters, the page-menu actions, and inviting attendees afterwards."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import TaskResultStatus
from wagtail.models import GroupPagePermission
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from core.views.tasks_admin import STATUS_LABELS
from events.attendance import attendance_check_in
from events.models import EventIndexPage, RegistrationStatus
from tests.factories import (
    EventPageFactory,
    RegistrationFactory,
    StaffUserFactory,
    SurveyIndexPageFactory,
    SurveyPageFactory,
    log_in_as,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration(event):
    return RegistrationFactory(event=event, name="受付 花子", email="hanako@example.jp")


def staff_urls(event, registration):
    args = [event.pk]
    return [
        ("get", reverse("event_staff:registrations", args=args)),
        ("get", reverse("event_staff:csv", args=args)),
        ("get", reverse("event_staff:xlsx", args=args)),
        ("get", reverse("event_staff:follow_up", args=args)),
        ("post", reverse("event_staff:follow_up", args=args)),
        ("get", reverse("event_staff:checkin", args=args) + "?q=花子"),
        ("post", reverse("event_staff:check_in", args=[event.pk, registration.pk])),
        ("post", reverse("event_staff:check_in_undo", args=[event.pk, registration.pk])),
        ("post", reverse("event_staff:check_in_token", args=args)),
        ("post", reverse("event_staff:walk_in", args=args)),
    ]


@pytest.mark.parametrize("role", ["anonymous", "member", "Moderators", "Analysts", "Responders"])
def test_nobody_but_the_events_staff_reaches_a_screen(client, event, registration, role):
    log_in_as(client, role)

    for method, url in [("get", reverse("event_staff:index")), *staff_urls(event, registration)]:
        response = getattr(client, method)(url, {"token": registration.token, "name": "侵入"})
        if role in ("anonymous", "member"):  # Wagtail sends them to sign in, showing nothing
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("account_login")), url
        else:
            assert response.status_code == 403, url
        assert b"hanako@example.jp" not in response.content, url
    registration.refresh_from_db()
    assert registration.checked_in_at is None
    assert event.registrations.count() == 1


def test_event_staff_without_the_right_to_edit_the_event_are_refused(
    client, event_index, event, registration
):
    # An administrator took this section away from the group (Settings → Groups).
    GroupPagePermission.objects.filter(page=event_index, group__name="Event staff").delete()
    log_in_as(client, "Event staff")

    for method, url in staff_urls(event, registration):
        response = getattr(client, method)(url, {"token": registration.token})
        assert response.status_code == 403, url
    index = client.get(reverse("event_staff:index"))
    assert index.status_code == 200
    assert event.title not in index.content.decode()


@pytest.mark.parametrize("role", ["Event staff", "Editors", "superuser"])
def test_the_events_staff_reach_every_screen(client, event, registration, role):
    log_in_as(client, role)

    for method, url in staff_urls(event, registration)[:4]:
        response = getattr(client, method)(url)
        assert response.status_code == 200, url
    index = client.get(reverse("event_staff:index"))
    assert event.title in index.content.decode()


@pytest.fixture
def staff_client(client, event_index):
    log_in_as(client, "Event staff")  # who edit the events under every event index
    return client


def test_the_list_shows_people_answers_and_counts(staff_client, event):
    event.questions = [
        ("single_choice", {"text": "手話通訳", "choices": ["必要", "不要"], "required": False})
    ]
    event.save()
    question_id = event.questions[0].id
    RegistrationFactory(
        event=event,
        name="申込 一郎",
        answers={question_id: {"question": "手話通訳", "value": "必要", "text": "必要"}},
    )
    RegistrationFactory(event=event, name="待機 二郎", status=RegistrationStatus.WAITING)
    RegistrationFactory(event=event, name="取消 三郎", status=RegistrationStatus.CANCELLED)

    page = staff_client.get(reverse("event_staff:registrations", args=[event.pk]))
    text = page.content.decode()

    assert "申込 一郎" in text and "待機 二郎" in text and "取消 三郎" in text
    assert "手話通訳" in text and "必要" in text
    assert page.context["counts"] == {
        "registered": 1,
        "waiting": 1,
        "pending": 0,
        "cancelled": 1,
        "walk_ins": 0,
        "attended": 0,
    }


def test_the_list_filters_by_status_and_time_slot(staff_client, event_index):
    start = timezone.now().replace(hour=1, minute=0, second=0, microsecond=0) + timedelta(days=3)
    hour = timedelta(hours=1)
    event = EventPageFactory(
        parent=event_index, slots=[(start, start + hour, 3), (start + hour, start + 2 * hour, 3)]
    )
    first, second = (slot_id for slot_id, *_rest in event.slot_list)
    RegistrationFactory(event=event, name="午前 一郎", slot_id=first)
    RegistrationFactory(event=event, name="午後 二郎", slot_id=second)
    RegistrationFactory(event=event, name="午後 待機", slot_id=second, status="waiting")
    url = reverse("event_staff:registrations", args=[event.pk])

    by_slot = staff_client.get(url, {"slot": second}).content.decode()
    waiting = staff_client.get(url, {"status": "waiting"}).content.decode()

    assert "午後 二郎" in by_slot and "午後 待機" in by_slot and "午前 一郎" not in by_slot
    assert "午後 待機" in waiting and "午後 二郎" not in waiting
    assert "11:00–12:00" in by_slot  # the slot's Japan time


def test_an_event_page_offers_its_registrations_in_the_page_explorer(
    staff_client, event, event_index
):
    listing = staff_client.get(reverse("wagtailadmin_explore", args=[event_index.pk]))

    assert reverse("event_staff:registrations", args=[event.pk]) in listing.content.decode()
    assert reverse("event_staff:checkin", args=[event.pk]) in listing.content.decode()


def test_the_admin_menu_offers_registrations_only_to_event_staff(client, staff_client):
    menu_url = reverse("event_staff:index")
    assert menu_url in staff_client.get(reverse("wagtailadmin_home")).content.decode()

    client.force_login(StaffUserFactory(groups=["Analysts"]))
    assert menu_url not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_attendees_are_invited_to_the_survey_once(
    staff_client, event, home_page, django_capture_on_commit_callbacks
):
    survey = SurveyPageFactory(
        parent=SurveyIndexPageFactory(parent=home_page), title="参加後アンケート"
    )
    event.survey = survey
    event.save()
    came = RegistrationFactory(event=event, email="came@example.jp")
    attendance_check_in(registration=came, staff=None)
    url = reverse("event_staff:follow_up", args=[event.pk])

    with django_capture_on_commit_callbacks(execute=True):
        first = staff_client.post(url, {"page": survey.pk}, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        second = staff_client.post(url, {"page": survey.pk}, follow=True)

    assert "1人" in first.content.decode() and "参加後アンケート" in first.content.decode()
    assert "再送はしていません" in second.content.decode()
    assert len(mail.outbox) == 1
    assert survey.get_full_url() in mail.outbox[0].body


def test_without_a_survey_or_topic_the_follow_up_says_where_to_choose_one(staff_client, event):
    page = staff_client.get(reverse("event_staff:follow_up", args=[event.pk]))

    assert "プロモート" in page.content.decode()


def test_staff_screens_call_the_waiting_list_as_the_public_does(staff_client, event):
    """「キャンセル待ち」 everywhere staff look, as the person reads it on their own page; the
    background tasks screen keeps its own 「待機中」."""
    RegistrationFactory(event=event, name="待機 二郎", status=RegistrationStatus.WAITING)
    args = [event.pk]

    screens = {
        "イベントの申込者": staff_client.get(reverse("event_staff:index")),
        "申込者一覧": staff_client.get(reverse("event_staff:registrations", args=args)),
        "受付": staff_client.get(reverse("event_staff:checkin", args=args), {"q": "待機"}),
    }
    csv = staff_client.get(reverse("event_staff:csv", args=args))
    csv_rows = b"".join(csv.streaming_content).decode("utf-8").splitlines()

    for name, response in screens.items():
        text = response.content.decode()
        assert "キャンセル待ち" in text, name
        assert "待機中" not in text, name
    assert "<dt>キャンセル待ち</dt><dd>1</dd>" in screens["申込者一覧"].content.decode()
    assert "受付できません：キャンセル待ち" in screens["受付"].content.decode()
    assert csv_rows[1].split(",")[:2] == ["1", "キャンセル待ち"]
    with translation.override("ja"):
        assert str(STATUS_LABELS[TaskResultStatus.READY]) == "待機中"


def test_an_event_index_added_in_the_admin_is_given_to_event_staff(client, home_page):
    """An administrator adds a second イベント page; Event staff manage its events at once,
    without a visit to Settings → Groups."""
    log_in_as(client, "superuser")
    added = client.post(
        reverse("wagtailadmin_pages:add", args=["events", "eventindexpage", home_page.pk]),
        nested_form_data(
            {
                "title": "支所のイベント",
                "slug": "branch-events",
                "intro": "",
                "comments": inline_formset([]),
                "action-publish": "action-publish",
            }
        ),
    )
    assert added.status_code == 302
    index = EventIndexPage.objects.get(slug="branch-events")
    event = EventPageFactory(parent=index, title="支所の説明会")
    registration = RegistrationFactory(event=event, name="支所 花子")

    staff = Client()
    staff_member = StaffUserFactory(groups=["Event staff"])
    staff.force_login(staff_member)
    listing = staff.get(reverse("event_staff:registrations", args=[event.pk]))
    assert listing.status_code == 200
    assert "支所 花子" in listing.content.decode()
    assert "支所の説明会" in staff.get(reverse("event_staff:index")).content.decode()
    checked = staff.post(reverse("event_staff:check_in", args=[event.pk, registration.pk]))
    assert checked.status_code == 302
    assert event.permissions_for_user(staff_member).can_edit()
