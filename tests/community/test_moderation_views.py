"""The moderation screens in the Wagtail admin (community.views.moderation): who reaches them,
the queue's filters, single and bulk decisions, suspensions, the log and blocked words."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community.models import (
    BlockedWord,
    CommentStatus,
    ModerationAction,
    ModerationActionKind,
    Report,
    ReportReason,
    ReviewReason,
    Suspension,
)
from tests.factories import (
    ArticlePageFactory,
    CommentFactory,
    MemberFactory,
    StaffUserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(client):
    moderator = StaffUserFactory(groups=["Moderators"])
    client.force_login(moderator)
    return moderator


@pytest.fixture
def reported(article_index):
    comment = CommentFactory(
        page=ArticlePageFactory(parent=article_index, title="電子申請の第一歩"),
        body_source="連絡先は 090-0000-0000 です",
    )
    Report.objects.create(
        comment=comment, reporter=MemberFactory(), reason=ReportReason.PERSONAL_INFORMATION
    )
    return comment


def _urls(comment, suspension):
    return {
        "get": [
            reverse("moderation:queue"),
            reverse("moderation:comment", args=[comment.pk]),
            reverse("moderation:member_suspend", args=[comment.author_id]),
            reverse("moderation_log:log"),
            reverse("blocked_words:index"),
            reverse("blocked_words:add"),
        ],
        "post": [
            reverse("moderation:decide"),
            reverse("moderation:member_suspend", args=[comment.author_id]),
            reverse("moderation:suspension_lift", args=[suspension.pk]),
        ],
    }


@pytest.mark.parametrize("role", ["anonymous", "member", "Editors", "Analysts"])
def test_nobody_but_moderators_reaches_a_moderation_screen_or_changes_anything(
    client, reported, role
):
    suspension = Suspension.objects.create(member=reported.author, reason="様子見")
    if role == "member":
        client.force_login(MemberFactory(email_verified=True))
    elif role != "anonymous":
        client.force_login(StaffUserFactory(groups=[role]))
    urls = _urls(reported, suspension)

    for url in urls["get"]:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:  # to sign in, or Wagtail's "no permission" dashboard
            assert response["Location"] != url, url
    data = {"kind": "hide", "comments": [reported.pk], "length": "indefinite", "reason": "x"}
    for url in urls["post"]:
        assert client.post(url, data).status_code in (302, 403), url

    reported.refresh_from_db()
    suspension.refresh_from_db()
    assert reported.status == CommentStatus.PUBLISHED
    assert suspension.lifted_at is None
    assert Suspension.objects.count() == 1
    assert not ModerationAction.objects.exists()


def test_moderators_open_every_moderation_screen(client, moderator, reported):
    suspension = Suspension.objects.create(member=reported.author, reason="様子見")

    for url in _urls(reported, suspension)["get"]:
        assert client.get(url).status_code == 200, url


def test_the_queue_shows_what_needs_a_decision_with_its_reports(client, moderator, reported):
    waiting = CommentFactory(
        status=CommentStatus.PENDING,
        review_reason=ReviewReason.BLOCKED_WORD,
        body_source="禁止語を含む投稿",
    )
    untouched = CommentFactory(body_source="何の問題もない投稿")

    response = client.get(reverse("moderation:queue"))

    html = response.content.decode()
    assert "連絡先は 090-0000-0000 です" in html
    assert "禁止語を含む投稿" in html
    assert "何の問題もない投稿" not in html
    assert {c.pk for c in response.context["comments"]} == {reported.pk, waiting.pk}
    assert untouched.pk not in {c.pk for c in response.context["comments"]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "reported"}, {"reported"}),
        ({"status": "pending"}, {"waiting"}),
        ({"status": "hidden"}, {"hidden"}),
        ({"status": "all", "q": "電子申請の第一歩"}, {"reported"}),
        ({"status": "all", "q": "090-0000"}, {"reported"}),
    ],
)
def test_the_queue_filters(client, moderator, reported, query, expected):
    comments = {
        "reported": reported,
        "waiting": CommentFactory(status=CommentStatus.PENDING),
        "hidden": CommentFactory(status=CommentStatus.HIDDEN, review_reason=ReviewReason.REPORTS),
    }

    response = client.get(reverse("moderation:queue"), query)

    shown = {c.pk for c in response.context["comments"]}
    assert shown == {comments[name].pk for name in expected}


def test_the_queue_filters_by_page_and_by_member(client, moderator, reported):
    other = CommentFactory(status=CommentStatus.PENDING)

    by_page = client.get(reverse("moderation:queue"), {"status": "all", "page": reported.page_id})
    by_member = client.get(
        reverse("moderation:queue"), {"status": "all", "member": other.author_id}
    )

    assert [c.pk for c in by_page.context["comments"]] == [reported.pk]
    assert "電子申請の第一歩" in by_page.content.decode()
    assert [c.pk for c in by_member.context["comments"]] == [other.pk]


def test_a_bulk_hide_changes_every_ticked_comment_and_logs_the_reason(client, moderator):
    comments = CommentFactory.create_batch(3)
    next_url = reverse("moderation:queue") + "?status=all"

    response = client.post(
        reverse("moderation:decide"),
        {
            "kind": ModerationActionKind.HIDE,
            "comments": [c.pk for c in comments[:2]],
            "reason": "宣伝のため",
            "next": next_url,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == next_url
    statuses = [c.status for c in (c.__class__.objects.get(pk=c.pk) for c in comments)]
    assert statuses == [CommentStatus.HIDDEN, CommentStatus.HIDDEN, CommentStatus.PUBLISHED]
    assert ModerationAction.objects.filter(moderator=moderator, reason="宣伝のため").count() == 2
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["非表示：2件のコメント"]


@pytest.mark.parametrize("wanted", ["https://evil.example/", "//evil.example", "foo"])
def test_a_decision_sent_elsewhere_by_next_goes_back_to_the_queue(client, moderator, wanted):
    # `next=foo` was taken for a URL pattern name: a 500 after the comment was hidden.
    comment = CommentFactory()

    response = client.post(
        reverse("moderation:decide"), {"kind": "hide", "comments": [comment.pk], "next": wanted}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("moderation:queue")


def test_a_decision_without_comments_says_what_is_missing(client, moderator):
    response = client.post(reverse("moderation:decide"), {"kind": "hide"}, follow=True)

    assert "コメントを1件以上選んでください。" in response.content.decode()
    assert not ModerationAction.objects.exists()


def test_the_comment_screen_shows_text_history_reports_and_decisions(client, moderator, reported):
    client.post(
        reverse("moderation:decide"),
        {"kind": "hide", "comments": [reported.pk], "reason": "電話番号が載っている"},
    )

    html = client.get(reverse("moderation:comment", args=[reported.pk])).content.decode()

    assert "連絡先は 090-0000-0000 です" in html
    assert "電話番号が載っている" in html
    assert "個人情報" in html


def test_suspending_a_member_from_the_admin(client, moderator, reported):
    url = reverse("moderation:member_suspend", args=[reported.author_id])

    response = client.post(url, {"length": "7", "reason": "個人情報の書き込み"})

    assert response.status_code == 302
    suspension = Suspension.objects.get(member=reported.author)
    assert suspension.reason == "個人情報の書き込み"
    assert timedelta(days=7) - (suspension.ends_at - suspension.starts_at) < timedelta(seconds=5)
    assert "個人情報の書き込み" in client.get(url).content.decode()

    client.post(reverse("moderation:suspension_lift", args=[suspension.pk]))
    suspension.refresh_from_db()
    assert suspension.lifted_at is not None


def test_a_suspension_without_a_reason_or_end_is_refused_with_the_form_kept(
    client, moderator, reported
):
    url = reverse("moderation:member_suspend", args=[reported.author_id])

    response = client.post(url, {"length": "custom", "reason": ""})

    html = response.content.decode()
    assert response.status_code == 200
    assert "理由を入力してください。会員に表示されます。" in html
    assert "停止が終わる日時を選んでください。" in html
    assert not Suspension.objects.exists()


def test_the_log_lists_decisions_newest_first_and_filters_by_action(client, moderator, reported):
    client.post(reverse("moderation:decide"), {"kind": "hide", "comments": [reported.pk]})
    client.post(
        reverse("moderation:member_suspend", args=[reported.author_id]),
        {"length": "1", "reason": "一日停止"},
    )

    everything = client.get(reverse("moderation_log:log"))
    suspensions = client.get(reverse("moderation_log:log"), {"kind": "suspend"})

    assert [a.kind for a in everything.context["actions"]] == ["suspend", "hide"]
    assert [a.kind for a in suspensions.context["actions"]] == ["suspend"]


def test_each_log_cell_names_its_column_for_the_phones_cards(client, moderator, reported):
    client.post(reverse("moderation:decide"), {"kind": "hide", "comments": [reported.pk]})

    html = client.get(reverse("moderation_log:log")).content.decode()

    assert '<table class="listing staff-list">' in html
    for label in ("日時", "モデレーター", "操作", "対象", "理由"):
        assert f'<td data-label="{label}">' in html


def test_moderators_keep_the_blocked_words_list(client, moderator):
    response = client.post(reverse("blocked_words:add"), {"word": "ＳＰＡＭ", "note": "宣伝"})

    assert response.status_code == 302
    assert list(BlockedWord.objects.values_list("word", flat=True)) == ["spam"]


def test_the_queue_runs_a_fixed_number_of_queries(
    client, moderator, reported, django_assert_max_num_queries
):
    CommentFactory.create_batch(20, status=CommentStatus.PENDING)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("moderation:queue"))
    CommentFactory.create_batch(20, status=CommentStatus.PENDING)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("moderation:queue"))


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("moderation:queue", {"member": "9" * 25}),
        ("moderation:queue", {"page": "9" * 25, "q": "x" * 500, "status": "pending"}),
        ("moderation_log:log", {"member": "9" * 25, "moderator": "9" * 25}),
    ],
)
def test_ids_no_database_holds_are_ignored_not_a_server_error(client, moderator, name, query):
    assert client.get(reverse(name), query).status_code == 200


def test_a_decision_on_an_impossible_comment_id_is_refused_clearly(client, moderator):
    response = client.post(
        reverse("moderation:decide"), {"kind": "hide", "comments": ["9" * 25]}, follow=True
    )

    assert response.status_code == 200
    assert not ModerationAction.objects.exists()


def test_a_custom_suspension_end_is_read_as_japan_time(client, moderator, reported):
    url = reverse("moderation:member_suspend", args=[reported.author_id])
    end = (timezone.localtime() + timedelta(days=2)).replace(second=0, microsecond=0)

    client.post(
        url,
        {"length": "custom", "ends_at": end.strftime("%Y-%m-%dT%H:%M"), "reason": "二日間"},
    )

    assert Suspension.objects.get().ends_at == end


# --- A page's comment setting -----------------------------------------------------------------


@pytest.mark.parametrize("role", ["Editors", "Moderators"])
def test_editors_and_moderators_close_or_premoderate_a_pages_comments(client, article_index, role):
    from community.models import DiscussionMode, PageDiscussion

    article = ArticlePageFactory(parent=article_index)
    client.force_login(StaffUserFactory(groups=[role]))
    url = reverse("moderation:page_discussion", args=[article.pk])

    where = {  # 「コメントの設定」: in the page's menu, or on a comment's moderation screen
        "Editors": reverse("wagtailadmin_explore", args=[article_index.pk]),
        "Moderators": reverse("moderation:comment", args=[CommentFactory(page=article).pk]),
    }
    listing = client.get(where[role])
    response = client.post(url, {"mode": DiscussionMode.CLOSED})

    assert url in listing.content.decode()
    assert response.status_code == 302
    assert PageDiscussion.objects.get(page=article).mode == DiscussionMode.CLOSED
    client.post(url, {"mode": DiscussionMode.OPEN})
    assert not PageDiscussion.objects.exists()


@pytest.mark.parametrize("role", ["anonymous", "member", "Analysts"])
def test_nobody_else_changes_a_pages_comment_setting(client, article_index, role):
    from community.models import PageDiscussion

    article = ArticlePageFactory(parent=article_index)
    if role == "member":
        client.force_login(MemberFactory(email_verified=True))
    elif role != "anonymous":
        client.force_login(StaffUserFactory(groups=[role]))
    url = reverse("moderation:page_discussion", args=[article.pk])

    assert client.get(url).status_code in (302, 403)
    assert client.post(url, {"mode": "closed"}).status_code in (302, 403)
    assert not PageDiscussion.objects.exists()


def test_the_comment_setting_exists_only_for_pages_that_take_comments(client, moderator, home_page):
    url = reverse("moderation:page_discussion", args=[home_page.pk])

    assert client.get(url).status_code == 404
