"""Every comment URL for every kind of visitor, odd Unicode through the real posting form, and
hostile text on the article page (community.views.comments, community.urls).

The matrix is the contract of the views' access decorators: who is sent to sign in, who to
confirm an e-mail address, who gets 403/404/405, and who succeeds — and that nothing changes
unless the request succeeds.
"""

import re
import unicodedata
from datetime import timedelta
from urllib.parse import quote, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from community.models import Comment, CommentStatus, Like, Report
from tests.factories import (
    CommentFactory,
    MemberFactory,
    StaffUserFactory,
    established_member,
)


@pytest.fixture
def comment(article):
    """A published comment posted an hour ago (so its author is not held back by pacing)."""
    return CommentFactory(
        page=article, author=established_member(), created_at=timezone.now() - timedelta(hours=1)
    )


def _html(response):
    return response.content.decode()


# --- Permission matrix ------------------------------------------------------------------------

ACTORS = ("anonymous", "unverified", "member", "author", "moderator")

# Expected answers: a status code, or where the visitor is redirected.
LOGIN = "sign-in page, back to this URL"
CONFIRM_EMAIL = "e-mail confirmation page"
TO_COMMENT = "the page at #comment-<id> of the comment acted on or posted"
TO_COMMENTS = "the page at #comments"


def _row(anonymous, unverified, member, author, moderator):
    return dict(zip(ACTORS, (anonymous, unverified, member, author, moderator), strict=True))


POST_ONLY = _row(LOGIN, 405, 405, 405, 405)  # GET on a POST-only view

MATRIX = {
    # The permalink of notifications and e-mails: the comment in its thread, for everyone.
    ("comment_permalink", "GET"): _row(TO_COMMENT, TO_COMMENT, TO_COMMENT, TO_COMMENT, TO_COMMENT),
    ("comment_permalink", "POST"): _row(405, 405, 405, 405, 405),
    ("comment_post", "GET"): POST_ONLY,
    ("comment_post", "POST"): _row(LOGIN, CONFIRM_EMAIL, TO_COMMENT, TO_COMMENT, TO_COMMENT),
    ("page_like", "GET"): POST_ONLY,
    ("page_like", "POST"): _row(LOGIN, CONFIRM_EMAIL, TO_COMMENTS, TO_COMMENTS, TO_COMMENTS),
    # Only the author edits; to anyone else the comment does not exist.
    ("comment_edit", "GET"): _row(LOGIN, CONFIRM_EMAIL, 404, 200, 404),
    ("comment_edit", "POST"): _row(LOGIN, CONFIRM_EMAIL, 404, TO_COMMENT, 404),
    # Deleting needs no verified address (one's own text can always be taken back).
    ("comment_delete", "GET"): _row(LOGIN, 403, 403, 200, 200),
    ("comment_delete", "POST"): _row(LOGIN, 403, 403, TO_COMMENTS, TO_COMMENTS),
    ("comment_like", "GET"): POST_ONLY,
    ("comment_like", "POST"): _row(LOGIN, CONFIRM_EMAIL, TO_COMMENT, TO_COMMENT, TO_COMMENT),
    # The author sees the form but is refused on sending it (400, nothing recorded).
    ("comment_report", "GET"): _row(LOGIN, CONFIRM_EMAIL, 200, 200, 200),
    ("comment_report", "POST"): _row(LOGIN, CONFIRM_EMAIL, TO_COMMENT, 400, TO_COMMENT),
}

POST_DATA = {
    "comment_post": {"body": "窓口の予約制、私の町でも始まりました。"},
    "comment_edit": {"body": "書き直しました。"},
    "comment_report": {"reason": "spam"},
}
PAGE_URLS = {"comment_post", "page_like"}


def _actor_client(client, actor, comment):
    users = {
        "unverified": MemberFactory,
        "member": established_member,
        "author": lambda: comment.author,
        "moderator": lambda: StaffUserFactory(groups=["Moderators"]),  # community.moderate_comment
    }
    if actor != "anonymous":
        client.force_login(users[actor]())
    return client


def _state(page):
    """Everything a comment URL may change, to tell a refused request from a successful one."""
    return (
        list(
            Comment.objects.filter(page=page)
            .order_by("pk")
            .values_list("pk", "status", "body_source", "like_count", "report_count")
        ),
        list(Like.objects.order_by("pk").values_list("member_id", "comment_id", "page_id")),
        list(Report.objects.order_by("pk").values_list("reporter_id", "comment_id", "reason")),
    )


def _redirect_check(response, expected, *, url, article):
    location = response["Location"]
    if expected == LOGIN:
        assert location == f"{reverse('account_login')}?next={url}"
    elif expected == CONFIRM_EMAIL:
        assert location == reverse("account_email")
    else:
        # The query string (which page of the thread, a notice) is the page's business.
        newest = Comment.objects.filter(page=article).latest("pk")  # the posted one, if any
        fragment = "comments" if expected == TO_COMMENTS else f"comment-{newest.pk}"
        parts = urlsplit(location)
        assert (parts.path, parts.fragment) == (article.url, fragment)


@pytest.mark.parametrize(
    ("name", "method", "actor", "expected"),
    [
        pytest.param(name, method, actor, expected, id=f"{name}-{method}-{actor}")
        for (name, method), row in MATRIX.items()
        for actor, expected in row.items()
    ],
)
def test_permission_matrix(client, article, comment, name, method, actor, expected):
    url = reverse(f"community:{name}", args=[article.pk if name in PAGE_URLS else comment.pk])
    client = _actor_client(client, actor, comment)
    before = _state(article)

    send = client.get if method == "GET" else client.post
    response = send(url, POST_DATA.get(name, {}) if method == "POST" else None)

    if isinstance(expected, int):
        assert response.status_code == expected
    else:
        assert response.status_code == 302
        _redirect_check(response, expected, url=url, article=article)
    succeeded = method == "POST" and expected in (TO_COMMENT, TO_COMMENTS)
    assert (_state(article) != before) == succeeded


def test_the_matrix_covers_every_comment_url():
    from community.urls import urlpatterns

    comment_urls = {
        pattern.name
        for pattern in urlpatterns
        if str(pattern.pattern).startswith("comments/")
        # Following a page: tests/community/test_notifications_*; votes on opinions (topics
        # only): the matrix of tests/community/test_topic_pages.py.
        and pattern.name not in {"follow_toggle", "opinion_vote"}
    }

    assert comment_urls == {name for name, _method in MATRIX}


# --- Odd Unicode through the posting form -----------------------------------------------------


def _post_form_encoded(client, url, text):
    """POST `text` as a browser sends a form (application/x-www-form-urlencoded, UTF-8).
    Lone surrogates go as the bytes a broken client would send (%ED%A0%80 for U+D800)."""
    body = quote(text.encode("utf-8", "surrogatepass"), safe="")
    return client.post(url, f"body={body}", content_type="application/x-www-form-urlencoded")


@pytest.fixture
def member_client(client, db):
    client.force_login(established_member())
    return client


ZALGO = "Z" + "\u0336\u0301\u0302\u0317" * 20 + "ALGO"

STORED = [
    pytest.param("右から\u202e左へ\u202cの偽装", "右から左への偽装", id="rtl-override-removed"),
    pytest.param(
        "隔離\u2066abc\u2069と埋め込み\u202b", "隔離abcと埋め込み", id="bidi-isolates-removed"
    ),
    pytest.param("制御\x1b[31m文字\x7f\x85", "制御[31m文字", id="control-characters-removed"),
    pytest.param(
        "ゼロ\u200b幅\u200cの\u200d文字\u2060と\ufeff印\u200e\u200f",
        "ゼロ\u200b幅\u200cの\u200d文字\u2060と\ufeff印\u200e\u200f",
        id="zero-width-kept",
    ),
    pytest.param(
        "賛成です👍🏽👩🏿‍💻👨‍👩‍👧‍👦🏳️‍🌈🇯🇵🏴󠁧󠁢󠁥󠁮󠁧󠁿",
        "賛成です👍🏽👩🏿‍💻👨‍👩‍👧‍👦🏳️‍🌈🇯🇵🏴󠁧󠁢󠁥󠁮󠁧󠁿",
        id="emoji-zwj-skin-tones-flags-kept",
    ),
    pytest.param(
        "申請\ud800です\udfff", "申請\ufffd\ufffd\ufffdです\ufffd\ufffd\ufffd", id="lone-surrogates"
    ),
    pytest.param("か\u3099ら\u309ae\u0301", "がら\u309aé", id="combining-marks-composed-nfc"),
    pytest.param(ZALGO, unicodedata.normalize("NFC", ZALGO), id="stacked-combining-marks-kept"),
    pytest.param(
        "ＤＸ推進　ｈｔｔｐｓ：／／ｅｘａｍｐｌｅ．ｊｐ ｶﾀｶﾅ",
        "ＤＸ推進　ｈｔｔｐｓ：／／ｅｘａｍｐｌｅ．ｊｐ ｶﾀｶﾅ",
        id="full-width-and-half-width-kept-unlinked",
    ),
    pytest.param("行\u2028区切り\u2029段落", "行\u2028区切り\u2029段落", id="line-separators-kept"),
]


@pytest.mark.parametrize(("typed", "stored"), STORED)
def test_odd_unicode_is_stored_and_shown_safely(member_client, article, typed, stored):
    response = _post_form_encoded(
        member_client, reverse("community:comment_post", args=[article.pk]), typed
    )

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert comment.body_source == stored
    assert comment.body_html == escape(stored)
    html = _html(member_client.get(article.url))
    assert f'<div class="comment__body">{escape(stored)}</div>' in html


def _post_or_edit_url(view, comment):
    if view == "comment_post":
        return reverse("community:comment_post", args=[comment.page_id])
    return reverse("community:comment_edit", args=[comment.pk])


@pytest.mark.parametrize("view", ["comment_post", "comment_edit"])
def test_a_nul_character_is_removed_like_other_control_characters(client, comment, view):
    client.force_login(comment.author)
    url = _post_or_edit_url(view, comment)

    response = _post_form_encoded(client, url, "電子\x00申請に賛成です")

    assert response.status_code == 302
    assert Comment.objects.latest("pk").body_source == "電子申請に賛成です"


def test_a_nul_character_in_report_details_is_removed(client, comment):
    client.force_login(established_member())
    url = reverse("community:comment_report", args=[comment.pk])
    details = quote("電話番号が\x00書かれています".encode(), safe="")

    response = client.post(
        url, f"reason=other&text={details}", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 302
    assert Report.objects.get().text == "電話番号が書かれています"


EMPTY = [
    pytest.param("\u200b\u200c\u200d\u2060\ufeff", id="only-zero-width"),
    pytest.param("\u3000\u3000\n\u3000", id="only-full-width-spaces"),
    pytest.param("\u202e\u202d\u2066", id="only-bidi-controls"),
    pytest.param("\x01\x1b\x7f", id="only-control-characters"),
]


@pytest.mark.parametrize("typed", EMPTY)
def test_nothing_visible_is_refused_in_japanese(member_client, article, typed):
    url = reverse("community:comment_post", args=[article.pk])

    response = _post_form_encoded(member_client, url, typed)

    assert response.status_code == 400
    assert "コメントを入力してから投稿してください。" in _html(response)
    assert not Comment.objects.exists()


# --- Hostile text on the article page ---------------------------------------------------------

HOSTILE = [
    '<svg/onload=alert(1)><iframe src="javascript:alert(1)"></iframe>',
    "<style>body{display:none}</style><link rel=stylesheet href=//evil.example/x.css>",
    "<a href=\"javascript:alert(1)\" onclick='alert(2)'>公式サイト</a> javascript:alert(3)",
    'https://example.jp/"><script>alert(1)</script>',
    "https://example.jp/a'onmouseover='alert(1)' と https://example.jp/b`x",
    "{{ request.user.password }}{% debug %}&lt;script&gt;",
    "<!-- <textarea> --></div></article><form action=//evil.example><input name=x>",
]
ALLOWED_LINK = re.compile(r'<a href="https://[^"<>\s`\']*" rel="nofollow ugc noopener">')


def _comment_body(html, comment):
    """The inner HTML of `comment`'s body as the article page shows it."""
    start = html.index(f'id="comment-{comment.pk}"')
    match = re.compile(r'<div class="comment__body">(.*?)</div>\s*<footer', re.S).search(
        html, start
    )
    return match.group(1)


@pytest.mark.parametrize("typed", HOSTILE)
def test_hostile_text_posted_through_the_form_renders_inert(member_client, article, typed):
    url = reverse("community:comment_post", args=[article.pk])
    member_client.post(url, {"body": typed})
    comment = Comment.objects.get()

    html = _html(member_client.get(article.url))

    body = _comment_body(html, comment)
    tags = re.findall(r"<[^>]*>", body)
    assert all(ALLOWED_LINK.fullmatch(tag) or tag == "</a>" for tag in tags), tags
    assert re.sub(r"<[^>]*>", "", body) == escape(typed)
    assert "alert(" not in "".join(tags)
    assert "<script>alert" not in html


def test_a_comment_edited_into_hostile_text_renders_inert(client, article, comment):
    client.force_login(comment.author)
    hostile = '<img src=x onerror="alert(1)">'

    client.post(reverse("community:comment_edit", args=[comment.pk]), {"body": hostile})

    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    html = _html(client.get(article.url))
    assert _comment_body(html, comment) == escape(hostile)
    assert "<img src=x" not in html


def test_moderators_see_hostile_text_inert_in_the_admin(client, comment):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client.force_login(comment.author)
    client.post(reverse("community:comment_edit", args=[comment.pk]), {"body": hostile})
    client.post(reverse("community:comment_edit", args=[comment.pk]), {"body": f"2: {hostile}"})
    client.force_login(established_member())
    report = {"reason": "other", "text": f"details {hostile}"}
    client.post(reverse("community:comment_report", args=[comment.pk]), report)
    assert Report.objects.get().text == f"details {hostile}"
    client.force_login(StaffUserFactory(groups=["Moderators"]))

    for url in (
        reverse("moderation:comment", args=[comment.pk]),
        reverse("moderation:queue") + "?status=all",
    ):
        html = _html(client.get(url))

        assert escape(hostile) in html, url
        assert "<script>alert" not in html and "<img src=x" not in html, url
