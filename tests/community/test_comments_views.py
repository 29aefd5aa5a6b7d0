"""Comments over HTTP: reading them on the article page, posting, editing, deleting, liking and
reporting, for each kind of visitor (community.views.comments, templates/community/)."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from community.models import Comment, CommentStatus, DiscussionMode, Like, Report
from tests.factories import (
    ArticlePageFactory,
    CommentFactory,
    MemberFactory,
    PageDiscussionFactory,
    StaffUserFactory,
)


@pytest.fixture
def member(db):
    return MemberFactory(email_verified=True)


@pytest.fixture
def unverified_client(client, db):
    client.force_login(MemberFactory())
    return client


def _html(response):
    return response.content.decode()


def _ja(message):
    """`message` as Japanese pages show it (for messages whose translation the lead merges)."""
    with translation.override("ja"):
        return gettext(message)


HONEYPOT_MESSAGE = _ja("Your comment has not been posted yet. Check it and post it again.")


def _post_url(article):
    return reverse("community:comment_post", args=[article.pk])


HTMX = {"HTTP_HX_REQUEST": "true"}  # the header htmx sends with each of its requests


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


def _comment_header(html, comment):
    """The header of `comment` (name, badges, attributes, date) as the page shows it."""
    start = html.index(f'id="comment-{comment.pk}"')
    return html[start : html.index("</header>", start)]


def _comment_actions(html, comment):
    """The actions under `comment` (スキ, 返信する, 編集, 削除, 通報)."""
    start = html.index(f'id="comment-{comment.pk}"')
    start = html.index('<footer class="comment__actions">', start)
    return html[start : html.index("</footer>", start)]


def test_commenter_shows_public_type_region_and_verified_badge(client, article):
    public = MemberFactory(
        email_verified=True,
        stakeholder_type="business",
        stakeholder_type_public=True,
        region_public=True,
        region__name="ニセコ町",
        verified_as="business",
    )
    private = MemberFactory(email_verified=True, stakeholder_type="municipal")
    shown, hidden = (
        CommentFactory(page=article, author=public),
        CommentFactory(page=article, author=private),
    )

    html = _html(client.get(article.url))

    header = _comment_header(html, shown)
    assert "地元企業・事業者" in header and "北海道 ニセコ町" in header
    assert "認証済み 事業者" in header
    header = _comment_header(html, hidden)
    assert "自治体職員" not in header and private.region.name not in header


def test_staff_see_only_what_the_commenter_made_public(client, article):
    private = MemberFactory(email_verified=True, stakeholder_type="municipal")
    comment = CommentFactory(page=article, author=private)
    client.force_login(StaffUserFactory(groups=["Moderators"]))

    header = _comment_header(_html(client.get(article.url)), comment)

    assert "自治体職員" not in header and private.region.name not in header


def test_anonymous_reader_sees_no_reply_or_report_links(client, article):
    comment = CommentFactory(page=article)

    html = _html(client.get(article.url))

    actions = _comment_actions(html, comment)
    assert "reply_to" not in actions
    assert reverse("community:comment_report", args=[comment.pk]) not in actions
    assert "ログイン" in html and "<textarea" not in html  # the sign-in prompt


def test_unverified_member_sees_no_reply_or_report_links(unverified_client, article):
    comment = CommentFactory(page=article)

    actions = _comment_actions(_html(unverified_client.get(article.url)), comment)

    assert "reply_to" not in actions
    assert reverse("community:comment_report", args=[comment.pk]) not in actions


def test_member_may_reply_to_and_report_others_but_not_report_their_own(
    member_client, article, member
):
    others = CommentFactory(page=article)
    own = CommentFactory(page=article, author=member)

    html = _html(member_client.get(article.url))

    actions = _comment_actions(html, others)
    assert f"?reply_to={others.pk}#comment-form" in actions
    assert reverse("community:comment_report", args=[others.pk]) in actions
    assert reverse("community:comment_delete", args=[others.pk]) not in actions
    actions = _comment_actions(html, own)
    assert f"?reply_to={own.pk}#comment-form" in actions
    assert reverse("community:comment_report", args=[own.pk]) not in actions
    assert reverse("community:comment_edit", args=[own.pk]) in actions
    assert reverse("community:comment_delete", args=[own.pk]) in actions


def test_closed_discussion_has_no_reply_links(member_client, article):
    comment = CommentFactory(page=article)
    PageDiscussionFactory(page=article, mode=DiscussionMode.CLOSED)

    actions = _comment_actions(_html(member_client.get(article.url)), comment)

    assert "reply_to" not in actions


def test_moderator_sees_delete_on_every_comment(client, article):
    top = CommentFactory(page=article)
    reply = CommentFactory(parent=top)
    client.force_login(StaffUserFactory(groups=["Moderators"]))

    html = _html(client.get(article.url))

    for comment in (top, reply):
        actions = _comment_actions(html, comment)
        assert reverse("community:comment_delete", args=[comment.pk]) in actions
        assert reverse("community:comment_edit", args=[comment.pk]) not in actions


def test_display_names_render_inert(client, article):
    author = MemberFactory(email_verified=True, display_name='<script>alert("名")</script>')
    comment = CommentFactory(page=article, author=author)

    html = _html(client.get(article.url))

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;名&quot;)&lt;/script&gt;" in _comment_header(html, comment)


def test_hostile_text_in_the_htmx_answer_renders_inert(member_client, article):
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">'

    html = _html(member_client.post(_post_url(article), {"body": hostile}, **HTMX))

    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_hostile_query_parameters_render_inert(member_client, article, member):
    CommentFactory(page=article, author=member)
    hostile = '"><script>alert(1)</script>'

    response = member_client.get(article.url, {"posted": hostile, "reply_to": hostile})

    html = _html(response)
    assert response.status_code == 200
    assert "<script>alert(1)" not in html
    assert "comment__notice" not in html  # no notice for a `posted` that is no comment
    assert 'name="parent" value=' not in html  # the form is not turned into a reply


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
    assert response["Location"] == f"{article.url}?posted={comment.pk}#comment-{comment.pk}"
    assert comment.author == member and comment.status == CommentStatus.PUBLISHED


def test_the_posted_notice_is_under_the_new_comment_not_at_the_top(member_client, article):
    response = member_client.post(
        _post_url(article), {"body": "窓口の予約が便利でした"}, follow=True
    )

    html = _html(response)
    comment = Comment.objects.get()
    assert html.count("コメントを投稿しました。") == 1
    assert 'class="messages"' not in html
    notice = html.index("コメントを投稿しました。")
    assert html.index(f'id="comment-{comment.pk}"') < html.index("窓口の予約が便利でした") < notice


def test_the_posted_notice_is_shown_to_the_author_only(client, article):
    comment = CommentFactory(page=article)

    html = _html(client.get(f"{article.url}?posted={comment.pk}"))

    assert "コメントを投稿しました。" not in html


def test_a_new_comment_on_a_later_page_of_the_thread_lands_on_that_page(member_client, article):
    CommentFactory.create_batch(50, page=article)

    response = member_client.post(_post_url(article), {"body": "51件目の意見です"})

    comment = Comment.objects.get(body_source="51件目の意見です")
    assert response["Location"] == (
        f"{article.url}?comments_page=2&posted={comment.pk}#comment-{comment.pk}"
    )
    page_two = _html(member_client.get(response["Location"]))
    assert f'id="comment-{comment.pk}"' in page_two and "コメントを投稿しました。" in page_two


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


def test_too_soon_is_a_wait_not_an_input_error(member_client, article):
    """A new member posting again at once reads 「あと…秒お待ちください」 as a notice with the
    seconds for the countdown, their text kept, and no 「入力内容を確認してください」."""
    member_client.post(_post_url(article), {"body": "一つ目"})

    response = member_client.post(_post_url(article), {"body": "二つ目"})

    html = _html(response)
    assert response.status_code == 429
    assert "二つ目" in html
    assert re.search(r"次のコメントを投稿できるまで、あと\d+秒お待ちください。", html)
    assert re.search(r'class="notice notice--warning comment-wait" role="status"', html)
    assert re.search(r'data-wait-seconds="\d+"', html)
    assert (
        'data-template-other="次のコメントを投稿できるまで、あと{seconds}秒お待ちください。"'
        in html
    )
    assert "入力内容を確認してください" not in html and "error-summary" not in html
    assert "<title>エラー" not in html


def test_premoderated_comment_waits_and_says_so(member_client, article):
    PageDiscussionFactory(page=article, mode=DiscussionMode.PREMODERATED)

    response = member_client.post(_post_url(article), {"body": "確認待ち"}, follow=True)

    assert Comment.objects.get().status == CommentStatus.PENDING
    assert "承認後に公開されます" in _html(response)


def test_honeypot_posts_nothing_but_keeps_the_text_with_a_neutral_message(member_client, article):
    # A person whose browser filled in the hidden field loses nothing and just posts again;
    # the message does not say why, so a bot learns nothing.
    data = {"body": "自動入力された人の意見", "website": "https://autofill.example"}

    response = member_client.post(_post_url(article), data)

    html = _html(response)
    assert response.status_code == 400
    assert not Comment.objects.exists()
    assert "自動入力された人の意見" in html
    assert HONEYPOT_MESSAGE in html
    assert "autofill.example" not in html  # the hidden field comes back empty
    assert "value=" not in re.search(r'<input[^>]*name="website"[^>]*>', html).group()


def test_honeypot_refusal_then_posting_again_posts(member_client, article):
    member_client.post(_post_url(article), {"body": "二度目で", "website": "x"})

    response = member_client.post(_post_url(article), {"body": "二度目で", "website": ""})

    assert response.status_code == 302
    assert Comment.objects.get().body_source == "二度目で"


def test_a_tampered_reply_field_keeps_the_text(member_client, article):
    response = member_client.post(_post_url(article), {"body": "消えない意見", "parent": "x"})

    assert response.status_code == 400
    assert "消えない意見" in _html(response)
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


def test_own_comment_report_page_says_so_without_a_form(member_client, article, member):
    comment = CommentFactory(page=article, author=member)
    url = reverse("community:comment_report", args=[comment.pk])

    page = member_client.get(url)
    posted = member_client.post(url, {"reason": "spam"})

    assert page.status_code == 200 and posted.status_code == 400
    for response in (page, posted):
        html = _html(response)
        assert "自分のコメントは通報できません。" in html
        assert 'name="reason"' not in html
        assert f"{article.url}#comment-{comment.pk}" in html
    assert not Report.objects.exists()


def test_anonymous_like_is_a_sign_in_link_back_to_the_comment(client, article):
    comment = CommentFactory(page=article)

    html = _html(client.get(article.url))

    assert f"?next={article.url}%23comment-{comment.pk}" in html
    assert reverse("community:comment_like", args=[comment.pk]) not in html


# --- htmx -------------------------------------------------------------------------------------


def test_htmx_is_loaded_deferred_on_pages_with_comments_only(client, article, article_index):
    from django.contrib.staticfiles import finders

    script = '<script src="/static/js/vendor/htmx-2.0.11.min.js" defer></script>'

    assert script in _html(client.get(article.url))
    assert "htmx" not in _html(client.get(article_index.url))
    assert finders.find("js/vendor/htmx-2.0.11.min.js")
    assert finders.find("js/vendor/htmx-2.0.11.LICENSE")


def test_every_htmx_form_sends_the_csrf_token(member_client, article, member):
    CommentFactory(page=article)
    CommentFactory(page=article, author=member)

    html = _html(member_client.get(article.url))

    forms = re.findall(r"<form[^>]*hx-post[^>]*>.*?</form>", html, re.S)
    assert len(forms) == 4  # the page's スキ, two comments' スキ, the comment form
    assert all('name="csrfmiddlewaretoken"' in form for form in forms)


def test_htmx_post_without_the_csrf_token_is_refused(member, article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    response = client.post(_post_url(article), {"body": "こんにちは"}, **HTMX)

    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_htmx_comment_like_answers_with_the_updated_button(member_client, article):
    comment = CommentFactory(page=article)
    url = reverse("community:comment_like", args=[comment.pk])

    liked = member_client.post(url, **HTMX)
    unliked = member_client.post(url, **HTMX)

    assert liked.status_code == 200
    html = _html(liked)
    assert html.lstrip().startswith('<form class="like-form"')
    assert 'aria-pressed="true"' in html and 'class="like-form__count">1<' in html
    assert f'hx-post="{url}"' in html and 'name="csrfmiddlewaretoken"' in html
    assert 'aria-pressed="false"' in _html(unliked) and ">0<" in _html(unliked)


def test_htmx_page_like_answers_with_the_updated_button(member_client, article):
    url = reverse("community:page_like", args=[article.pk])

    response = member_client.post(url, **HTMX)

    html = _html(response)
    assert response.status_code == 200
    assert html.lstrip().startswith('<div class="page-like">')
    assert 'aria-pressed="true"' in html and 'class="like-form__count">1<' in html


def test_htmx_like_refused_loads_the_whole_page_with_the_message(member_client, article):
    comment = CommentFactory(page=article, status=CommentStatus.HIDDEN)

    response = member_client.post(reverse("community:comment_like", args=[comment.pk]), **HTMX)

    assert response["HX-Redirect"] == f"{article.url}#comment-{comment.pk}"
    assert not Like.objects.exists()


def test_htmx_post_by_an_unverified_member_loads_the_confirmation_page(unverified_client, article):
    response = unverified_client.post(_post_url(article), {"body": "こんにちは"}, **HTMX)

    assert response["HX-Redirect"] == reverse("account_email")
    assert not Comment.objects.exists()


def test_htmx_post_answers_with_the_section_showing_the_comment_and_an_empty_form(
    member_client, article
):
    top = CommentFactory(page=article)

    response = member_client.post(
        _post_url(article), {"body": "返信をhtmxで", "parent": top.pk}, **HTMX
    )

    reply = Comment.objects.get(parent=top)
    html = _html(response)
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="comments"')
    assert response["HX-Reswap"] == f"outerHTML show:#comment-{reply.pk}:top"
    assert html.index(f'id="comment-{top.pk}"') < html.index("返信をhtmxで")
    assert html.index("返信をhtmxで") < html.index("コメントを投稿しました。")
    assert re.search(r"<textarea[^>]*>\s*</textarea>", html)  # the form is empty again
    assert 'name="parent" value=' not in html  # and no longer a reply


def test_htmx_refused_comment_comes_back_in_the_form_with_its_text(member_client, article):
    text = "あ" * 5001

    response = member_client.post(_post_url(article), {"body": text}, **HTMX)

    html = _html(response)
    assert response.status_code == 200  # htmx swaps only successful answers
    assert response["HX-Retarget"] == "#comment-form"
    assert response["HX-Reswap"] == "innerHTML"
    assert text in html
    assert "コメントは5,000文字までです（現在5,001文字）。" in html
    assert "<html" not in html and not Comment.objects.exists()


def test_htmx_too_soon_says_when_in_the_form(member_client, article):
    member_client.post(_post_url(article), {"body": "一つ目"})

    response = member_client.post(_post_url(article), {"body": "二つ目"}, **HTMX)

    assert response.status_code == 200
    assert response["HX-Retarget"] == "#comment-form"
    assert "二つ目" in _html(response)
    assert "data-wait-seconds" in _html(response)
    assert "入力内容を確認してください" not in _html(response)
    assert Comment.objects.count() == 1


def test_htmx_reply_refused_keeps_replying(member_client, article):
    top = CommentFactory(page=article)

    response = member_client.post(_post_url(article), {"body": " ", "parent": top.pk}, **HTMX)

    html = _html(response)
    assert f'name="parent" value="{top.pk}"' in html
    assert f"{top.author.public_name}さんへの返信" in html or top.author.public_name in html


def test_htmx_honeypot_comes_back_in_the_form_with_a_neutral_message(member_client, article):
    data = {"body": "自動入力", "website": "https://autofill.example"}

    response = member_client.post(_post_url(article), data, **HTMX)

    html = _html(response)
    assert response.status_code == 200
    assert "自動入力" in html and HONEYPOT_MESSAGE in html
    assert "autofill.example" not in html
    assert not Comment.objects.exists()


# --- Suspended members ------------------------------------------------------------------------


def _suspend(member):
    from community.models import Suspension

    return Suspension.objects.create(member=member, reason="同じ宣伝の連投")


def test_suspended_member_is_told_why_instead_of_the_form(member_client, article, member):
    comment = CommentFactory(page=article)
    _suspend(member)

    html = _html(member_client.get(article.url))

    assert "<textarea" not in html
    assert "同じ宣伝の連投" in html
    assert _ja("Confirm your e-mail address to join the discussion.") not in html
    actions = _comment_actions(html, comment)
    assert "reply_to" not in actions
    assert reverse("community:comment_report", args=[comment.pk]) not in actions


def test_a_suspended_member_sees_the_reason_in_the_form_with_their_text_kept(
    member_client, article, member
):
    _suspend(member)

    response = member_client.post(_post_url(article), {"body": "まだ書けますか"})
    htmx = member_client.post(_post_url(article), {"body": "まだ書けますか"}, **HTMX)

    assert response.status_code == 400
    for html in (_html(response), _html(htmx)):
        assert "同じ宣伝の連投" in html
        assert "まだ書けますか</textarea>" in html
    assert not Comment.objects.exists()


def test_a_suspended_member_liking_or_reporting_is_told_why_on_the_comment(
    member_client, article, member
):
    comment = CommentFactory(page=article)
    _suspend(member)

    like = member_client.post(reverse("community:comment_like", args=[comment.pk]))
    report = member_client.post(
        reverse("community:comment_report", args=[comment.pk]), {"reason": "spam"}
    )

    assert like["Location"].endswith(f"#comment-{comment.pk}")
    assert "同じ宣伝の連投" in _html(report)
    assert not Like.objects.exists() and not Report.objects.exists()


def test_comments_cannot_be_posted_on_pages_that_take_none(member_client, home_page):
    for page_id in (1, home_page.pk):  # the tree's root, the home page
        assert (
            member_client.post(
                reverse("community:comment_post", args=[page_id]), {"body": "ここにも"}
            ).status_code
            == 404
        )
        assert member_client.post(reverse("community:page_like", args=[page_id])).status_code == 404
    assert not Comment.objects.exists()


def test_a_refused_reply_never_names_the_author_of_a_comment_the_member_cannot_see(
    member_client, article, article_index
):
    other_page = ArticlePageFactory(parent=article_index)
    waiting = CommentFactory(page=other_page, status=CommentStatus.PENDING)
    waiting.author.display_name = "秘密の投稿者"
    waiting.author.save()

    response = member_client.post(
        _post_url(article), {"body": "x", "parent": waiting.pk, "website": "filled"}
    )

    assert "秘密の投稿者" not in _html(response)


def test_comments_on_restricted_or_unpublished_pages_are_out_of_reach(member_client, article):
    from wagtail.models import PageViewRestriction

    comment = CommentFactory(page=article, body_source="限定公開の記事へのコメント")
    PageViewRestriction.objects.create(page=article, restriction_type="password", password="x")

    report = member_client.get(reverse("community:comment_report", args=[comment.pk]))
    like = member_client.post(reverse("community:comment_like", args=[comment.pk]))

    assert report.status_code == 404 and like.status_code == 404
    assert not Like.objects.exists()


def test_a_permalink_finds_a_comment_pushed_to_a_later_page_by_newer_ones(client, article):
    from community.selectors.comments import COMMENTS_PER_PAGE

    first = CommentFactory(page=article)
    CommentFactory.create_batch(COMMENTS_PER_PAGE, page=article)

    oldest = client.get(reverse("community:comment_permalink", args=[first.pk]))
    newest_url = reverse("community:comment_permalink", args=[Comment.objects.latest("pk").pk])

    assert oldest["Location"] == f"{article.url}#comment-{first.pk}"
    assert client.get(newest_url)["Location"].startswith(f"{article.url}?comments_page=2#comment-")


def test_a_permalink_to_a_comment_on_an_unpublished_page_is_not_found(client, article):
    comment = CommentFactory(page=article)
    article.unpublish()

    assert client.get(reverse("community:comment_permalink", args=[comment.pk])).status_code == 404


def test_moderators_reach_a_comments_moderation_screen_from_the_page(client, article):
    comment = CommentFactory(page=article)
    moderation_url = reverse("moderation:comment", args=[comment.pk])

    reader_html = _html(client.get(article.url))
    client.force_login(StaffUserFactory(groups=["Moderators"]))
    moderator_html = _html(client.get(article.url))

    assert moderation_url not in reader_html
    assert f'href="{moderation_url}"' in moderator_html
