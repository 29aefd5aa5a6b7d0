"""Checking in, walk-ins, follow-up invitations (events.attendance) and the attendance counts
with small groups withheld (events.selectors_staff.attendance_by_type)."""

import pytest
from django.core import mail

from community.models import Notification, StakeholderType
from events.attendance import (
    NotCheckable,
    attendance_check_in,
    attendance_undo,
    follow_up_invite,
    walk_in_add,
)
from events.models import EventSeats, FollowUpInvitation, RegistrationStatus
from events.selectors_staff import attendance_by_type, registration_search
from tests.factories import (
    MemberFactory,
    RegistrationFactory,
    StaffUserFactory,
    SurveyIndexPageFactory,
    SurveyPageFactory,
    TopicIndexPageFactory,
    TopicPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return StaffUserFactory(groups=["Event staff"])


def test_checking_in_twice_keeps_the_first_time(event, staff):
    registration = RegistrationFactory(event=event)

    first, checked_first = attendance_check_in(registration=registration, staff=staff)
    at = first.checked_in_at
    second, checked_second = attendance_check_in(registration=registration, staff=staff)

    assert (checked_first, checked_second) == (True, False)
    assert second.checked_in_at == at
    assert second.checked_in_by == staff


@pytest.mark.parametrize(
    "status",
    [RegistrationStatus.WAITING, RegistrationStatus.PENDING, RegistrationStatus.CANCELLED],
)
def test_someone_without_a_place_cannot_be_checked_in(event, staff, status):
    registration = RegistrationFactory(event=event, status=status)

    with pytest.raises(NotCheckable):
        attendance_check_in(registration=registration, staff=staff)

    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_undo_takes_the_check_in_back_once(event, staff):
    registration = RegistrationFactory(event=event)
    attendance_check_in(registration=registration, staff=staff)

    assert attendance_undo(registration=registration) is True
    assert attendance_undo(registration=registration) is False
    assert registration.checked_in_at is None


def test_a_walk_in_is_checked_in_and_takes_no_seat(event, staff):
    walk_in = walk_in_add(
        event=event, name=" 飛び込み 太郎 ", stakeholder_type=StakeholderType.BUSINESS, staff=staff
    )

    assert walk_in.name == "飛び込み 太郎"
    assert walk_in.walk_in and walk_in.checked_in_at is not None
    assert walk_in.status == RegistrationStatus.REGISTERED
    assert not walk_in.holds_seat
    assert not EventSeats.objects.filter(event=event).exists()


def test_search_ignores_width_and_kana(event):
    katakana = RegistrationFactory(event=event, name="サトウ ハナコ")
    wide = RegistrationFactory(event=event, name="ＳＵＺＵＫＩ Ｉｃｈｉｒｏ")
    RegistrationFactory(event=event, name="田中")
    member = RegistrationFactory(
        event=event, name="", email="", member=MemberFactory(display_name="やまだ")
    )

    assert list(registration_search(event, "さとう")) == [katakana]
    assert list(registration_search(event, "suzuki")) == [wide]
    assert list(registration_search(event, "ヤマダ")) == [member]
    assert list(registration_search(event, "  ")) == []


def _attend(event, stakeholder_type, count):
    for _ in range(count):
        registration = RegistrationFactory(event=event, stakeholder_type=stakeholder_type)
        attendance_check_in(registration=registration, staff=None)


def test_attendance_withholds_small_groups_and_one_more_so_none_can_be_worked_out(event):
    _attend(event, StakeholderType.RESIDENT, 7)
    _attend(event, StakeholderType.BUSINESS, 6)
    _attend(event, StakeholderType.MUNICIPAL, 2)

    rows, total = attendance_by_type(event)
    counts = {row.label: row.count for row in rows}

    assert total == 15
    assert counts["住民"] == 7
    assert counts["自治体職員"] is None
    # The 2 alone withheld would be 15 − 7 − 6; the smallest other group (0) goes too.
    assert sum(count is None for count in counts.values()) == 2
    assert counts["地元企業・事業者"] == 6


def test_attendance_shows_groups_at_the_minimum(event):
    _attend(event, StakeholderType.RESIDENT, 5)

    rows, total = attendance_by_type(event)

    assert total == 5
    assert all(row.count is not None for row in rows)


def test_follow_up_is_sent_to_reachable_attendees_once(
    event, staff, home_page, django_capture_on_commit_callbacks
):
    survey = SurveyPageFactory(parent=SurveyIndexPageFactory(parent=home_page))
    came = RegistrationFactory(event=event, email="came@example.jp")
    attendance_check_in(registration=came, staff=staff)
    RegistrationFactory(event=event, email="absent@example.jp")
    walk_in_add(event=event, name="当日", stakeholder_type="", staff=staff)  # no address

    with django_capture_on_commit_callbacks(execute=True):
        invitation, sent_now = follow_up_invite(event=event, page=survey, staff=staff)
    with django_capture_on_commit_callbacks(execute=True):
        again, sent_again = follow_up_invite(event=event, page=survey, staff=staff)

    assert (sent_now, sent_again) == (True, False)
    assert again == invitation and invitation.count == 1
    assert FollowUpInvitation.objects.count() == 1
    assert [message.to for message in mail.outbox] == [["came@example.jp"]]
    assert survey.get_full_url() in mail.outbox[0].body


def test_two_invitations_sent_close_together_each_lead_to_their_own_page(
    event, staff, home_page, django_capture_on_commit_callbacks
):
    """A survey, then an opinion exchange, before the first e-mails went: each e-mail and each
    notification leads to the page of its own invitation."""
    survey = SurveyPageFactory(parent=SurveyIndexPageFactory(parent=home_page), slug="after")
    topic = TopicPageFactory(parent=TopicIndexPageFactory(parent=home_page), slug="next")
    member = MemberFactory()
    came = RegistrationFactory(event=event, member=member, name="", email="")
    attendance_check_in(registration=came, staff=staff)

    with django_capture_on_commit_callbacks() as queued:
        follow_up_invite(event=event, page=survey, staff=staff)
        follow_up_invite(event=event, page=topic, staff=staff)
    mail.outbox.clear()
    for send in queued:  # the tasks run once both invitations are made
        send()

    links = [
        line
        for m in mail.outbox
        for line in m.body.splitlines()
        if "/after/" in line or "/next/" in line
    ]
    assert links == ["http://localhost/surveys/after/", "http://localhost/topics/next/"]
    notifications = Notification.objects.filter(recipient=member).order_by("pk")
    assert [n.page_id for n in notifications] == [survey.pk, topic.pk]
