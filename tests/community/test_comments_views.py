"""Comments over HTTP: reading them on the article page, posting, editing, deleting, liking and
reporting, for each kind of visitor (community.views.comments, templates/community/)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.models import Comment, CommentStatus, DiscussionMode, Like, Report
from tests.factories import (
    ArticlePageFactory,
    CommentFactory,
    MemberFactory,
    PageDiscussionFactory,
    StaffUserFactory,
)


@pytest.fixture
def article(article_index):
    return ArticlePageFactory(parent=article_index)


@pytest.fixture
def member(db):
    return MemberFactory(email_verified=True)


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def unverified_client(client, db):
    client.force_login(MemberFactory())
    return client


def _html(response):
    return response.content.decode()


def _post_url(article):
    return reverse("community:comment_post", args=[article.pk])


# --- Reading ----------------------------------------------------------------------------------


def test_article_page_shows_the_thread_with_nested_replies(client, article):
    top = CommentFactory(page=article, body_source="最初の意見", body_html="<p>最初の意見</p>")
    reply = CommentFactory(parent=top, body_source="返信です", body_html="<p>返信です</p>")

    html = _html(client.get(article.url))

    assert 'id="comments"' in html
    assert f'id="comment-{top.pk}"' in html and f'id="comment-{reply.pk}"' in html
    assert html.index(f'id="comment-{top.pk}"') < html.index("返信です")
    assert "コメント" in html and "(2)" in html


def test_hostile_html_renders_inert(client, article):
    CommentFactory(page=article, body_source='<script>alert(1)</script><img src=x onerror="x()">')

    html = _html(client.get(article.url))

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html


def test_deleted_comment_keeps_its_replies_under_a_placeholder(client, article):
    top = CommentFactory(page=article, status=CommentStatus.DELETED, body_source="", body_html="")
    CommentFactory(parent=top, body_source="残る返信", body_html="<p>残る返信</p>")

    html = _html(client.get(article.url))

    assert "このコメントは削除されました" in html
    assert "残る返信" in html


def test_comment_without_author_is_by_a_deleted_user(client, article):
    CommentFactory(page=article, author=None)

    assert "退会したユーザー" in _html(client.get(article.url))


def test_staff_comment_has_the_official_badge_and_no_member_link(client, article):
    staff = StaffUserFactory(display_name="運営チーム")
    CommentFactory(page=article, author=staff, is_official=True)

    html = _html(client.get(article.url))

    assert "公式" in html
    assert reverse("community:member_detail", args=[staff.pk]) not in html


def test_member_name_links_to_their_public_page(client, article, member):
    CommentFactory(page=article, author=member)

    html = _html(client.get(article.url))

    assert reverse("community:member_detail", args=[member.pk]) in html


def test_edited_comment_is_marked(client, article):
    from django.utils import timezone

    CommentFactory(page=article, edited_at=timezone.now())

    assert "編集済み" in _html(client.get(article.url))


def test_anonymous_reader_gets_sign_in_links_back_to_the_comments(client, article):
    html = _html(client.get(article.url))

    assert f"?next={article.url}%23comments" in html
    assert "<textarea" not in html


def test_unverified_member_is_asked_to_confirm_their_address(unverified_client, article):
    html = _html(unverified_client.get(article.url))

    assert reverse("account_email") in html
    assert "<textarea" not in html


def test_member_gets_the_form_without_maxlength(member_client, article):
    html = _html(member_client.get(article.url))

    assert "<textarea" in html and "maxlength" not in html
    assert 'name="website"' in html  # honeypot
    assert "aria-live" in html


def test_closed_discussion_says_so(member_client, article):
    PageDiscussionFactory(page=article, mode=DiscussionMode.CLOSED)

    html = _html(member_client.get(article.url))

    assert "<textarea" not in html
    assert "このページのコメント受付は終了しています。" in html


def test_reply_link_fills_the_parent_of_the_one_form(member_client, article):
    top = CommentFactory(page=article)

    html = _html(member_client.get(f"{article.url}?reply_to={top.pk}"))

    assert f'name="parent" value="{top.pk}"' in html


def _page_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _comments_with_replies(article, count):
    for _ in range(count):
        CommentFactory(parent=CommentFactory(parent=CommentFactory(page=article)))


def test_article_page_queries_do_not_grow_with_comments(member_client, article_index, member):
    few, many = ArticlePageFactory(parent=article_index), ArticlePageFactory(parent=article_index)
    _comments_with_replies(few, 2)
    _comments_with_replies(many, 60)
    for comment in Comment.objects.filter(page=many)[:10]:
        Like.objects.create(member=member, comment=comment)
    _page_queries(member_client, few.url)  # warm caches (site, settings)

    assert _page_queries(member_client, few.url) == _page_queries(member_client, many.url)


# --- Posting ----------------------------------------------------------------------------------


def test_anonymous_post_goes_to_sign_in(client, article):
    response = client.post(_post_url(article), {"body": "こんにちは"})

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not Comment.objects.exists()


def test_unverified_member_is_refused_with_a_message(unverified_client, article):
    response = unverified_client.post(_post_url(article), {"body": "こんにちは"}, follow=True)

    assert "投稿する前に、メールアドレスの確認を済ませてください。" in _html(response)
    assert not Comment.objects.exists()


def test_posting_without_javascript_lands_on_the_comment(member_client, article, member):
    response = member_client.post(_post_url(article), {"body": "窓口の予約が便利でした"})

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{article.url}#comment-{comment.pk}"
    assert comment.author == member and comment.status == CommentStatus.PUBLISHED


def test_reply_is_posted_under_its_parent(member_client, article):
    top = CommentFactory(page=article)

    member_client.post(_post_url(article), {"body": "同感です", "parent": top.pk})

    assert Comment.objects.get(body_source="同感です").parent == top


def test_refused_comment_keeps_the_typed_text(member_client, article):
    text = "あ" * 5001

    response = member_client.post(_post_url(article), {"body": text})

    html = _html(response)
    assert response.status_code == 400
    assert text in html
    assert "コメントは5,000文字までです（現在5,001文字）。" in html
    assert reverse("community:comment_post", args=[article.pk]) in html


def test_empty_comment_gets_the_japanese_message(member_client, article):
    response = member_client.post(_post_url(article), {"body": "   "})

    assert response.status_code == 400
    assert "コメントを入力してから投稿してください。" in _html(response)


def test_too_soon_is_429(member_client, article):
    member_client.post(_post_url(article), {"body": "一つ目"})

    response = member_client.post(_post_url(article), {"body": "二つ目"})

    assert response.status_code == 429
    assert "二つ目" in _html(response)


def test_premoderated_comment_waits_and_says_so(member_client, article):
    PageDiscussionFactory(page=article, mode=DiscussionMode.PREMODERATED)

    response = member_client.post(_post_url(article), {"body": "確認待ち"}, follow=True)

    assert Comment.objects.get().status == CommentStatus.PENDING
    assert "承認後に公開されます" in _html(response)


def test_honeypot_posts_nothing(member_client, article):
    member_client.post(_post_url(article), {"body": "spam", "website": "http://spam.example"})

    assert not Comment.objects.exists()


def test_csrf_is_enforced(member, article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    response = client.post(_post_url(article), {"body": "こんにちは"})

    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_english_url_works(member_client, article):
    response = member_client.post(f"/en{_post_url(article)}", {"body": "Hello"})

    assert response.status_code == 302


# --- Likes ------------------------------------------------------------------------------------


def test_comment_like_toggles(member_client, article):
    comment = CommentFactory(page=article)
    url = reverse("community:comment_like", args=[comment.pk])

    first = member_client.post(url)
    comment.refresh_from_db()
    assert comment.like_count == 1
    assert first["Location"].endswith(f"#comment-{comment.pk}")

    member_client.post(url)
    comment.refresh_from_db()
    assert comment.like_count == 0


def test_page_like_toggles_and_shows_its_count(member_client, article):
    url = reverse("community:page_like", args=[article.pk])

    member_client.post(url)

    assert Like.objects.filter(page=article).count() == 1
    assert 'class="like-form__count">1<' in _html(member_client.get(article.url))


def test_likes_need_a_post_and_a_signed_in_member(client, member_client, article):
    comment = CommentFactory(page=article)
    url = reverse("community:comment_like", args=[comment.pk])

    assert member_client.get(url).status_code == 405
    client.logout()
    assert reverse("account_login") in client.post(url)["Location"]


# --- Edit, delete, report ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["comment_edit", "comment_delete", "comment_report"])
def test_anonymous_is_sent_to_sign_in(client, article, name):
    comment = CommentFactory(page=article)

    response = client.get(reverse(f"community:{name}", args=[comment.pk]))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("name", ["comment_edit", "comment_report"])
def test_unverified_member_is_refused(unverified_client, article, name):
    comment = CommentFactory(page=article)

    response = unverified_client.get(reverse(f"community:{name}", args=[comment.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email")


def test_author_edits_their_comment(member_client, article, member):
    comment = CommentFactory(page=article, author=member)
    url = reverse("community:comment_edit", args=[comment.pk])

    assert member_client.get(url).status_code == 200
    response = member_client.post(url, {"body": "書き直しました"})

    comment.refresh_from_db()
    assert comment.body_source == "書き直しました"
    assert response["Location"].endswith(f"#comment-{comment.pk}")


def test_others_cannot_edit_or_delete(member_client, article):
    comment = CommentFactory(page=article)

    edit_url = reverse("community:comment_edit", args=[comment.pk])
    assert member_client.get(edit_url).status_code == 404
    delete_url = reverse("community:comment_delete", args=[comment.pk])
    assert member_client.post(delete_url).status_code == 403
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED


def test_author_deletes_after_confirming(member_client, article, member):
    comment = CommentFactory(page=article, author=member)
    url = reverse("community:comment_delete", args=[comment.pk])

    assert member_client.get(url).status_code == 200
    member_client.post(url)

    comment.refresh_from_db()
    assert comment.status == CommentStatus.DELETED


def test_moderator_deletes_others_comments(client, article):
    comment = CommentFactory(page=article)
    client.force_login(StaffUserFactory(groups=["Moderators"]))

    client.post(reverse("community:comment_delete", args=[comment.pk]))

    comment.refresh_from_db()
    assert comment.status == CommentStatus.DELETED


def test_report_once(member_client, article):
    comment = CommentFactory(page=article)
    url = reverse("community:comment_report", args=[comment.pk])

    assert member_client.get(url).status_code == 200
    first = member_client.post(url, {"reason": "spam"})
    second = member_client.post(url, {"reason": "spam"})

    assert first["Location"].endswith(f"#comment-{comment.pk}")
    assert second.status_code == 400
    assert "このコメントはすでに通報済みです。" in _html(second)
    assert Report.objects.count() == 1


def test_own_comment_cannot_be_reported(member_client, article, member):
    comment = CommentFactory(page=article, author=member)

    response = member_client.post(
        reverse("community:comment_report", args=[comment.pk]), {"reason": "spam"}
    )

    assert response.status_code == 400
    assert not Report.objects.exists()


def test_anonymous_like_is_a_sign_in_link_back_to_the_comment(client, article):
    comment = CommentFactory(page=article)

    html = _html(client.get(article.url))

    assert f"?next={article.url}%23comment-{comment.pk}" in html
    assert reverse("community:comment_like", args=[comment.pk]) not in html
