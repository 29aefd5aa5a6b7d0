"""「お知らせ配信」 in the Wagtail admin (outreach.announcements.admin_views): every URL refused to
people without the permission, the author unable to approve their own, writing a draft with its
audience and counting it without saving, sending, approving, and the statistics once sent."""

import pytest
from django.urls import reverse
from django.utils import timezone

from community.models import Notification
from outreach.announcements.models import (
    Announcement,
    AnnouncementStatus,
    AudienceCondition,
    ConditionKind,
)
from tests.factories import MemberFactory, StaffUserFactory, log_in_as

GROUP = "Announcement staff"
TOKYO = "13"


@pytest.fixture
def author(db):
    return StaffUserFactory(groups=[GROUP])


@pytest.fixture
def announcement(author, article):
    announcement = Announcement.objects.create(
        title="アンケートのお願い", text="5分で答えられます。", page=article, created_by=author
    )
    AudienceCondition.objects.create(
        announcement=announcement, kind=ConditionKind.PREFECTURE, prefecture=TOKYO
    )
    return announcement


def _urls(announcement):
    one = [announcement.pk]
    return [
        ("get", reverse("announcements:index")),
        ("get", reverse("announcements:add")),
        ("post", reverse("announcements:add")),
        ("get", reverse("announcements:detail", args=one)),
        ("get", reverse("announcements:edit", args=one)),
        ("post", reverse("announcements:edit", args=one)),
        ("post", reverse("announcements:send", args=one)),
        ("post", reverse("announcements:approve", args=one)),
        ("post", reverse("announcements:cancel", args=one)),
        ("post", reverse("announcements:return_to_draft", args=one)),
    ]


@pytest.mark.parametrize("role", ["anonymous", "member", "Editors", "Moderators", "Event staff"])
def test_nobody_without_the_permission_reaches_a_screen(client, announcement, role):
    MemberFactory(prefecture=TOKYO)
    log_in_as(client, role)

    for method, url in _urls(announcement):
        response = getattr(client, method)(url, {"title": "侵入"})
        if role in ("anonymous", "member"):  # Wagtail sends them to sign in, showing nothing
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("account_login")), url
        else:
            assert response.status_code == 403, url
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.DRAFT
    assert not Notification.objects.exists()


def test_the_author_cannot_approve_their_own(client, announcement, author, settings):
    settings.ANNOUNCEMENT_APPROVAL_OVER = 0
    MemberFactory(prefecture=TOKYO)
    client.force_login(author)
    client.post(reverse("announcements:send", args=[announcement.pk]))
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.AWAITING_APPROVAL

    page = client.get(reverse("announcements:detail", args=[announcement.pk])).content.decode()
    response = client.post(reverse("announcements:approve", args=[announcement.pk]))

    assert "ほかの担当者の承認が必要です" in page and "承認して配信" not in page
    assert response.status_code == 403
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.AWAITING_APPROVAL


def test_a_colleague_approves_and_it_is_sent(
    client, announcement, settings, django_capture_on_commit_callbacks
):
    settings.ANNOUNCEMENT_APPROVAL_OVER = 0
    MemberFactory(prefecture=TOKYO)
    announcement.status = AnnouncementStatus.AWAITING_APPROVAL
    announcement.scheduled_at = timezone.now()
    announcement.save()
    client.force_login(StaffUserFactory(groups=[GROUP]))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("announcements:approve", args=[announcement.pk]))

    assert response.status_code == 302
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.SENT
    assert Notification.objects.count() == 1
    stats = client.get(response["Location"]).content.decode()
    assert "配信方法ごとの結果" in stats and "サイトの通知一覧" in stats


def _draft_data(article, **extra):
    return {
        "title": "説明会のご案内",
        "text": "東京で説明会を開きます。",
        "page": article.pk,
        "combinator": "and",
        "conditions-TOTAL_FORMS": "1",
        "conditions-INITIAL_FORMS": "0",
        "conditions-MIN_NUM_FORMS": "1",
        "conditions-MAX_NUM_FORMS": "1000",
        "conditions-0-kind": ConditionKind.PREFECTURE,
        "conditions-0-prefecture": TOKYO,
        **extra,
    }


def test_counting_shows_the_audience_without_saving(client, author, article, settings):
    settings.ANNOUNCEMENT_PRIVACY_MINIMUM = 5
    for _n in range(6):
        MemberFactory(prefecture=TOKYO)
    MemberFactory(prefecture=TOKYO, announcements=False)
    client.force_login(author)

    response = client.post(reverse("announcements:add"), _draft_data(article, count="1"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "配信人数：6人" in html and "メール（すぐに）" in html
    assert not Announcement.objects.exists()


def test_a_small_audience_is_not_counted_exactly(client, author, article):
    MemberFactory(prefecture=TOKYO)
    client.force_login(author)

    html = client.post(reverse("announcements:add"), _draft_data(article, count="1")).content
    assert "配信人数：5人未満" in html.decode()


def test_saving_a_draft_then_sending_it(
    client, author, article, django_capture_on_commit_callbacks
):
    member = MemberFactory(prefecture=TOKYO)
    client.force_login(author)

    saved = client.post(reverse("announcements:add"), _draft_data(article))
    announcement = Announcement.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("announcements:send", args=[announcement.pk]))

    assert saved.status_code == 302
    assert announcement.created_by == author
    assert list(announcement.conditions.values_list("prefecture", flat=True)) == [TOKYO]
    assert Notification.objects.get().recipient == member
    listing = client.get(reverse("announcements:index")).content.decode()
    assert "説明会のご案内" in listing and "配信済み" in listing


def test_a_condition_without_its_value_is_refused(client, author, article):
    client.force_login(author)

    data = _draft_data(article, **{"conditions-0-prefecture": ""})
    response = client.post(reverse("announcements:add"), data)

    assert response.status_code == 200
    assert "条件の対象を選んでください。" in response.content.decode()
    assert not Announcement.objects.exists()


def test_the_menu_item_is_shown_to_the_group_only(client, author):
    menu_url = reverse("announcements:index")
    client.force_login(author)
    assert menu_url in client.get(reverse("wagtailadmin_home")).content.decode()
    log_in_as(client, "Editors")
    assert menu_url not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_group_reaches_every_screen_of_a_draft(client, author, announcement):
    client.force_login(author)

    for name, args in [
        ("index", []),
        ("add", []),
        ("detail", [announcement.pk]),
        ("edit", [announcement.pk]),
    ]:
        response = client.get(reverse(f"announcements:{name}", args=args))
        assert response.status_code == 200, name
    assert "人数を数える" in client.get(reverse("announcements:add")).content.decode()
