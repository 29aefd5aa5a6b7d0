"""A page's comment rows kept per page generation (community.selectors.comment_rows) with
rendered pages' fragments on: the thread read from them is the thread read from the database,
for every viewer, and whatever a thread shows is new on the next read — comments, likes,
moderation, an author's new name, the viewer's own comments waiting for review."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from community.models import CommentStatus
from community.services.comments import comment_delete
from community.services.likes import like_toggle
from community.services.members import member_profile_update
from tests.factories import CommentFactory, StaffUserFactory, established_member

pytestmark = pytest.mark.django_db
PER_REQUEST = re.compile(r'(csrfmiddlewaretoken" value=|_TOKEN": |csrf-token" content=)"[^"]*"')


def _thread(client, url):
    html = PER_REQUEST.sub("", client.get(url).content.decode())
    return html[html.index('<section id="comments"') :]


def _signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def thread(article):
    author = established_member(display_name="窓口の常連")
    top = CommentFactory(page=article, author=author, body_source="電子申請は便利です。")
    reply = CommentFactory(page=article, parent=top, body_source="同感です。")
    CommentFactory(page=article, parent=reply, in_reply_to=reply)
    CommentFactory(page=article, author=StaffUserFactory(groups=["Editors"]), is_official=True)
    return {"author": author, "top": top, "reply": reply}


@pytest.mark.parametrize("viewer", ["member", "author", "moderator"])
@pytest.mark.parametrize("query", ["", "?sort=newest", "?comments_page=1&sort=liked"])
def test_the_thread_from_kept_rows_is_the_thread_read(settings, article, thread, viewer, query):
    users = {
        "member": established_member(),
        "author": thread["author"],
        "moderator": StaffUserFactory(groups=["Moderators"]),
    }
    client = _signed_in(users[viewer])
    settings.PAGE_FRAGMENT_SECONDS = 0
    read = _thread(client, article.url + query)
    settings.PAGE_FRAGMENT_SECONDS = 300

    kept = _thread(client, article.url + query)
    with CaptureQueriesContext(connection) as queries:
        served = _thread(client, article.url + query)

    assert kept == read and served == read
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert '"community_comment"."depth" = 1' not in sql  # no top level read: the kept rows


def test_what_a_thread_shows_is_new_on_the_next_read(settings, article, thread):
    settings.PAGE_FRAGMENT_SECONDS = 300
    reader = _signed_in(established_member())
    _thread(reader, article.url)

    CommentFactory(page=article, body_source="新しい意見です。")
    assert "新しい意見です。" in _thread(reader, article.url)

    like_toggle(member=established_member(), comment=thread["reply"])
    button = _thread(reader, article.url).split(f'id="like-comment-{thread["reply"].pk}"')[1]
    assert 'like-form__count">1</span>' in button[:400]

    comment_delete(comment=thread["top"], actor=thread["author"])
    assert "電子申請は便利です。" not in _thread(reader, article.url)


def test_an_author_renamed_is_shown_renamed_at_once(settings, article, thread):
    settings.PAGE_FRAGMENT_SECONDS = 300
    reader = _signed_in(established_member())
    assert "窓口の常連" in _thread(reader, article.url)
    author = thread["author"]

    member_profile_update(  # purges no page: the rows are kept, the authors read afresh
        member=author,
        display_name="新しい名前",
        bio="",
        stakeholder_type="business",
        prefecture=author.prefecture,
        region=author.region,
        region_name="",
        stakeholder_type_public=True,
        region_public=False,
    )

    html = _thread(reader, article.url)
    assert "新しい名前" in html and "窓口の常連" not in html
    assert "事業者" in html


def test_a_viewers_comment_waiting_for_review_is_theirs_alone(settings, article, thread):
    settings.PAGE_FRAGMENT_SECONDS = 300
    writer = established_member()
    CommentFactory(
        page=article, author=writer, status=CommentStatus.PENDING, body_source="確認待ちの意見。"
    )
    other = _signed_in(established_member())
    assert "確認待ちの意見。" not in _thread(other, article.url)  # rows kept without it

    assert "確認待ちの意見。" in _thread(_signed_in(writer), article.url)
    assert "確認待ちの意見。" not in _thread(other, article.url)
