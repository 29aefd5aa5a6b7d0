"""Each e-mail a registrant can receive, as they read it (Japanese), and the change notices
sent when an event page is published postponed, cancelled, back on a date or at new times."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from community.models import Notification
from events.models import (
    EventKind,
    EventPage,
    FollowUpInvitation,
    Registration,
    RegistrationStatus,
)
from events.models.pages import EventStatus
from events.notices import Notice, event_change_tell, notice_send
from events.services import registration_create
from tests.factories import (
    EventPageFactory,
    MemberFactory,
    RegistrationFactory,
    SurveyPageFactory,
)

pytestmark = pytest.mark.django_db

STARTS = datetime(2030, 1, 15, 1, 0, tzinfo=UTC)  # 10:00 in Japan


@pytest.fixture
def briefing(event_index):
    return EventPageFactory(
        parent=event_index,
        title="書かない窓口 説明会",
        slug="kakanai",
        starts_at=STARTS,
        ends_at=STARTS + timedelta(hours=2),
        venue_name="七尾市役所 3階 大会議室",
        venue_address="石川県七尾市袖ケ江町イ部25",
        access_notes="七尾駅から徒歩15分",
        status_note="講師の体調不良のため、延期します。",
    )


@pytest.fixture
def guest(briefing):
    return RegistrationFactory(event=briefing, name="山田 花子", email="hanako@example.jp")


def sent(registration, notice):
    mail.outbox.clear()
    notice_send(registration_id=registration.pk, notice=notice)
    [message] = mail.outbox
    return message


def lines(message):
    return message.body.splitlines()


def test_the_registered_e_mail_reads_in_full(guest):
    message = sent(guest, Notice.REGISTERED)

    assert message.subject == "[寄り合い] 申し込みを受け付けました：書かない窓口 説明会"
    assert message.to == ["hanako@example.jp"]
    url = "http://localhost/events/kakanai/"
    assert message.body == (
        "山田 花子 さん\n\n"
        "「書かない窓口 説明会」に申し込みました。\n\n"
        "イベント： 書かない窓口 説明会\n"
        "日時： 2030年1月15日 10:00–12:00\n"
        "会場： 七尾市役所 3階 大会議室（石川県七尾市袖ケ江町イ部25）\n\n"
        "カレンダー用のファイル（event.ics）を添付しました。開くと、お使いのカレンダーに予定を"
        "追加できます。\n\n"
        "申し込み内容（受付でQRコードをお見せください。取り消しもこちらからできます）：\n"
        f"{url}r/{guest.token}/\n\n"
        f"イベントのページ： {url}\n\n"
        "-- \n"
        "寄り合い\n"
    )
    assert message.attachments[0][0] == "event.ics"


# (notice, subject after 「[寄り合い] 」, lines the person reads, carries the calendar file)
NOTICES = [
    (
        Notice.CONFIRM_EMAIL,
        "メールアドレスの確認のお願い",
        [
            "「書かない窓口 説明会」へのお申し込みありがとうございます。24時間以内に次のリンクを"
            "開くと、申し込みが完了します。",
            "お心当たりのない場合は、このメールを破棄してください。",
        ],
        False,
    ),
    (
        Notice.WAITING,
        "キャンセル待ちで受け付けました",
        [
            "「書かない窓口 説明会」のキャンセル待ちに登録しました。",
            "空きが出しだい、メールでお知らせします。",
            "お申し込みの内容（取り消しもこちらからできます）：",
        ],
        False,
    ),
    (
        Notice.PROMOTED,
        "空きが出たため、申し込みが確定しました",
        ["空きが出たため、「書かない窓口 説明会」への申し込みが確定しました。"],
        True,
    ),
    (
        Notice.CANCELLED,
        "申し込みを取り消しました",
        [
            "「書かない窓口 説明会」への申し込みを取り消しました。",
            "改めて参加をご希望の場合は、イベントのページからもう一度お申し込みください。",
        ],
        False,
    ),
    (
        Notice.EVENT_POSTPONED,
        "イベントは延期になりました",
        [
            "お申し込みの「書かない窓口 説明会」は延期になりました。",
            "講師の体調不良のため、延期します。",
            "当初の日時： 2030年1月15日 10:00–12:00",
            "お申し込みはそのまま有効です。新しい日時が決まりしだい、メールでお知らせします。",
            "参加を取りやめる場合は、こちらから取り消せます：",
        ],
        False,
    ),
    (
        Notice.EVENT_CANCELLED,
        "イベントは中止になりました",
        [
            "お申し込みの「書かない窓口 説明会」は中止になりました。",
            "講師の体調不良のため、延期します。",
            "お手続きは不要です。ご迷惑をおかけし、申し訳ございません。",
        ],
        True,
    ),
    (
        Notice.EVENT_RESCHEDULED,
        "イベントの新しい日時のお知らせ",
        [
            "お申し込みの「書かない窓口 説明会」の新しい開催日時をお知らせします。",
            "日時： 2030年1月15日 10:00–12:00",
            "お申し込みはそのまま有効です。新しい日時にご都合がつかない場合は、ほかの方が参加"
            "できるよう、こちらから取り消してください：",
        ],
        True,
    ),
    (
        Notice.REMINDER_DAY,
        "イベントは明日です",
        [
            "「書かない窓口 説明会」は明日です。",
            "アクセス： 七尾駅から徒歩15分",
            "申し込み内容（受付でQRコードをお見せください。取り消しもこちらからできます）：",
        ],
        True,
    ),
    (
        Notice.REMINDER_HOUR,
        "イベントはまもなく始まります",
        [
            "「書かない窓口 説明会」は1時間後に始まります。",
            "会場： 七尾市役所 3階 大会議室（石川県七尾市袖ケ江町イ部25）",
        ],
        False,
    ),
]


@pytest.mark.parametrize(("notice", "subject", "expected", "calendar"), NOTICES)
def test_each_notice_reads_well(briefing, guest, notice, subject, expected, calendar):
    status = {
        Notice.EVENT_POSTPONED: EventStatus.POSTPONED,
        Notice.EVENT_CANCELLED: EventStatus.CANCELLED,
    }.get(notice, EventStatus.SCHEDULED)
    briefing.status = status
    briefing.save()

    message = sent(guest, notice)

    assert message.subject == f"[寄り合い] {subject}：書かない窓口 説明会"
    assert lines(message)[0] == "山田 花子 さん"
    for line in expected:
        assert line in lines(message)
    assert bool(message.attachments) == calendar
    assert "http://localhost/events/kakanai/" in message.body


def test_a_desk_registration_names_its_time_slot(event_index):
    desk = EventPageFactory(
        parent=event_index,
        starts_at=STARTS,
        ends_at=STARTS + timedelta(hours=3),
        slots=[(STARTS + timedelta(hours=1), STARTS + timedelta(hours=1, minutes=30), 2)],
    )
    desk.refresh_from_db()
    [(slot_id, *_)] = desk.slot_list
    registration = RegistrationFactory(event=desk, slot_id=slot_id, name="山田")

    assert "時間枠： 11:00–11:30" in lines(sent(registration, Notice.REGISTERED))


def test_an_online_event_says_where_the_url_will_be_and_never_gives_it(event_index):
    online = EventPageFactory(
        parent=event_index,
        kind=EventKind.ONLINE,
        venue_name="",
        online_url="https://meet.example.jp/secret",
    )
    registration = RegistrationFactory(event=online, name="山田")

    message = sent(registration, Notice.REGISTERED)

    assert (
        "参加方法：オンライン（参加用のURLは、開始の30分前からお申し込みのページに表示されます）"
        in lines(message)
    )
    assert "secret" not in message.body
    assert b"secret" not in message.attachments[0][1].encode()


def test_the_follow_up_reads_well_and_links_the_page_of_its_invitation(
    briefing, guest, survey_index
):
    survey = SurveyPageFactory(parent=survey_index, slug="after", title="説明会のふりかえり")
    invitation = FollowUpInvitation.objects.create(event=briefing, page=survey)
    mail.outbox.clear()

    notice_send(registration_id=guest.pk, notice=Notice.FOLLOW_UP, invitation_id=invitation.pk)

    [message] = mail.outbox
    assert message.subject == (
        "[寄り合い] ご参加ありがとうございました。ご意見をお聞かせください：書かない窓口 説明会"
    )
    assert lines(message)[:5] == [
        "山田 花子 さん",
        "",
        "ご参加ありがとうございました。「説明会のふりかえり」でご意見をお聞かせください。",
        "",
        "http://localhost/surveys/after/",
    ]
    assert not message.attachments


def test_a_member_s_follow_up_notification_leads_to_the_survey(client, briefing, survey_index):
    member = MemberFactory()
    registration = RegistrationFactory(event=briefing, member=member, name="", email="")
    survey = SurveyPageFactory(parent=survey_index, slug="after", title="説明会のふりかえり")
    invitation = FollowUpInvitation.objects.create(event=briefing, page=survey)

    notice_send(
        registration_id=registration.pk, notice=Notice.FOLLOW_UP, invitation_id=invitation.pk
    )

    [notification] = Notification.objects.filter(recipient=member)
    assert notification.message == (
        "ご参加ありがとうございました。「説明会のふりかえり」でご意見をお聞かせください。"
    )
    client.force_login(member)
    opened = client.post(reverse("community:notification_open", args=[notification.pk]))
    assert opened.status_code == 302
    assert opened["Location"] == "/surveys/after/"


def test_a_follow_up_whose_page_was_deleted_since_is_not_sent(briefing, guest, survey_index):
    survey = SurveyPageFactory(parent=survey_index)
    invitation = FollowUpInvitation.objects.create(event=briefing, page=survey)
    survey.delete()
    mail.outbox.clear()

    notice_send(registration_id=guest.pk, notice=Notice.FOLLOW_UP, invitation_id=invitation.pk)

    assert mail.outbox == []


def test_a_member_also_finds_the_change_in_their_notifications(briefing):
    member = MemberFactory()
    registration = RegistrationFactory(event=briefing, member=member, name="", email="")
    briefing.status = EventStatus.CANCELLED
    briefing.save()

    message = sent(registration, Notice.EVENT_CANCELLED)

    assert message.to == [member.email]
    [notification] = Notification.objects.filter(recipient=member)
    assert notification.message == "お申し込みの「書かない窓口 説明会」は中止になりました。"


def test_stale_notices_are_not_sent(briefing, guest):
    mail.outbox.clear()
    notice_send(registration_id=guest.pk, notice=Notice.EVENT_POSTPONED)  # still scheduled
    guest.status = RegistrationStatus.CANCELLED
    guest.save()
    notice_send(registration_id=guest.pk, notice=Notice.REMINDER_DAY)
    briefing.status = EventStatus.CANCELLED
    briefing.save()
    notice_send(registration_id=guest.pk, notice=Notice.EVENT_CANCELLED)  # they cancelled first

    assert mail.outbox == []


# --- Change notices, on publishing the page -----------------------------------------------


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish the event with `fields` changed, as staff do; returns the e-mails sent."""

    def publish(event, **fields):
        mail.outbox.clear()
        for name, value in fields.items():
            setattr(event, name, value)
        with django_capture_on_commit_callbacks(execute=True):
            event.save_revision().publish()
        return mail.outbox[:]

    return publish


@pytest.fixture
def registrants(briefing):
    """Two registered members, one waiting, one who cancelled, one confirming by e-mail."""
    briefing.capacity = 2
    briefing.registration_opens_at = None
    briefing.save()
    people = [MemberFactory() for _ in range(4)]
    for person in people:
        registration_create(event=briefing, member=person)
    Registration.objects.filter(member=people[3]).update(status=RegistrationStatus.CANCELLED)
    registration_create(event=briefing, name="山田", email="yamada@example.jp")
    return sorted([person.email for person in people[:3]] + ["yamada@example.jp"])


def test_a_postponement_tells_each_active_registrant_once(briefing, registrants, publish):
    told = publish(briefing, status=EventStatus.POSTPONED)

    assert sorted(message.to[0] for message in told) == registrants
    assert all("延期" in message.subject for message in told)
    assert publish(briefing, title="書かない窓口 説明会（延期）") == []
    assert Registration.objects.filter(event_status_told=EventStatus.POSTPONED).count() == 4


def test_a_new_date_then_a_cancellation_are_each_told(briefing, registrants, publish):
    publish(briefing, status=EventStatus.POSTPONED)
    later = STARTS + timedelta(days=14)

    rescheduled = publish(
        briefing, status=EventStatus.SCHEDULED, starts_at=later, ends_at=later + timedelta(hours=2)
    )
    cancelled = publish(briefing, status=EventStatus.CANCELLED)

    assert len(rescheduled) == len(cancelled) == 4
    assert "日時： 2030年1月29日 10:00–12:00" in lines(rescheduled[0])
    ics = next(m for m in cancelled if m.attachments).attachments[0][1]
    [vevent] = Calendar.from_ical(ics).walk("VEVENT")
    assert str(vevent["status"]) == "CANCELLED"


def test_a_cancellation_frees_no_seats_and_keeps_every_registration(briefing, registrants, publish):
    before = list(Registration.objects.values_list("pk", "status"))

    publish(briefing, status=EventStatus.CANCELLED)

    assert list(Registration.objects.values_list("pk", "status")) == before
    assert briefing.seats.get().taken == 2


def test_a_scheduled_event_published_again_tells_nobody(briefing, registrants, publish):
    assert publish(briefing, lead="会場の案内を更新しました。") == []


def test_a_past_event_marked_cancelled_tells_nobody(briefing, registrants, publish):
    past = timezone.now() - timedelta(days=3)

    assert publish(briefing, status=EventStatus.CANCELLED, starts_at=past, ends_at=past) == []


# --- New times while the event stays scheduled ----------------------------------------------

AFTERNOON = STARTS + timedelta(hours=4)  # 14:00 in Japan


@pytest.fixture
def published(briefing, registrants, publish):
    """The briefing as first published (SEQUENCE 0), its registrants told of nothing yet."""
    assert publish(briefing, title="書かない窓口 説明会") == []
    return briefing


def test_new_times_tell_each_active_registrant_once_with_the_new_calendar_file(
    published, registrants, publish
):
    told = publish(published, starts_at=AFTERNOON, ends_at=AFTERNOON + timedelta(hours=2))

    assert sorted(message.to[0] for message in told) == registrants  # not the one who cancelled
    for message in told:
        assert message.subject == "[寄り合い] イベントの新しい日時のお知らせ：書かない窓口 説明会"
        assert "お申し込みの「書かない窓口 説明会」の新しい開催日時をお知らせします。" in (
            lines(message)
        )
        assert "日時： 2030年1月15日 14:00–16:00" in lines(message)
    seated = [message for message in told if message.attachments]
    assert len(seated) == 2  # the two holding a seat; waiting and confirming people hold none
    for message in seated:
        [vevent] = Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")
        assert vevent.decoded("dtstart") == AFTERNOON
        assert vevent["sequence"] == 1
    assert event_change_tell(event_id=published.pk) == 0  # the task run again


def test_members_find_the_new_times_in_their_notifications(published, registrants, publish):
    publish(published, starts_at=AFTERNOON, ends_at=AFTERNOON + timedelta(hours=2))

    notified = Notification.objects.filter(notice=Notice.EVENT_RESCHEDULED)
    assert sorted(notified.values_list("recipient__email", flat=True)) == [
        email for email in registrants if email.startswith("member")
    ]
    assert {notification.message for notification in notified} == {
        "お申し込みの「書かない窓口 説明会」の新しい開催日時をお知らせします。"
    }


@pytest.mark.parametrize(
    "fields",
    [
        {"ends_at": STARTS + timedelta(hours=3)},
        {"all_day": True},
    ],
    ids=["end", "all-day"],
)
def test_any_change_of_the_times_is_told(published, registrants, publish, fields):
    assert len(publish(published, **fields)) == len(registrants)


def test_the_same_times_published_again_or_text_only_tell_nobody(published, publish):
    publish(published, starts_at=AFTERNOON, ends_at=AFTERNOON + timedelta(hours=2))

    assert publish(published, starts_at=AFTERNOON, ends_at=AFTERNOON + timedelta(hours=2)) == []
    assert publish(published, title="書かない窓口 説明会（会場変更なし）") == []


def test_someone_registered_after_the_move_is_not_told_of_it_later(published, publish):
    publish(published, starts_at=AFTERNOON, ends_at=AFTERNOON + timedelta(hours=2))
    page = EventPage.objects.get(pk=published.pk)  # as the next request loads it
    newcomer, _ = registration_create(event=page, member=MemberFactory())

    assert publish(page, lead="会場の案内を更新しました。") == []
    newcomer.refresh_from_db()
    assert newcomer.sequence_told == 1


def test_a_return_to_schedule_at_new_times_is_told_once(published, registrants, publish):
    publish(published, status=EventStatus.POSTPONED)

    back = publish(
        published,
        status=EventStatus.SCHEDULED,
        starts_at=AFTERNOON,
        ends_at=AFTERNOON + timedelta(hours=2),
    )

    assert sorted(message.to[0] for message in back) == registrants
    assert publish(published, title="書かない窓口 説明会") == []


def test_new_times_of_a_past_event_tell_nobody(published, publish):
    past = timezone.now() - timedelta(days=3)

    assert publish(published, starts_at=past, ends_at=past + timedelta(hours=2)) == []
