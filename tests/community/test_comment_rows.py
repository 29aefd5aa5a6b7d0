"""A page's comment rows kept per page generation (community.selectors.comment_rows) with
rendered pages' fragments on: the thread read from them is the thread read from the database,
for every viewer, and whatever a thread shows is new on the next read — comments, likes,
moderation, an author's new name, the viewer's own comments waiting for review."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.models import CommentStatus
from community.services.comments import comment_delete
from community.services.likes import like_toggle
from community.services.members import member_profile_update
from tests.community.thread_checks import comment_section, signed_in
from tests.factories import CommentFactory, StaffUserFactory, established_member

pytestmark = pytest.mark.django_db


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
    client = signed_in(users[viewer])
    settings.PAGE_FRAGMENT_SECONDS = 0
    read = comment_section(client, article.url + query)
    settings.PAGE_FRAGMENT_SECONDS = 300

    kept = comment_section(client, article.url + query)
    with CaptureQueriesContext(connection) as queries:
        served = comment_section(client, article.url + query)

    assert kept == read and served == read
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert '"community_comment"."depth" = 1' not in sql  # no top level read: the kept rows


def test_what_a_thread_shows_is_new_on_the_next_read(settings, article, thread):
    settings.PAGE_FRAGMENT_SECONDS = 300
    reader = signed_in(established_member())
    comment_section(reader, article.url)

    CommentFactory(page=article, body_source="新しい意見です。")
    assert "新しい意見です。" in comment_section(reader, article.url)

    like_toggle(member=established_member(), comment=thread["reply"])
    html = comment_section(reader, article.url)
    button = html.split(f'id="like-comment-{thread["reply"].pk}"')[1]
    assert 'like-form__count">1</span>' in button[:400]

    comment_delete(comment=thread["top"], actor=thread["author"])
    assert "電子申請は便利です。" not in comment_section(reader, article.url)


def test_an_author_renamed_is_shown_renamed_at_once(settings, article, thread):
    settings.PAGE_FRAGMENT_SECONDS = 300
    reader = signed_in(established_member())
    assert "窓口の常連" in comment_section(reader, article.url)
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

    html = comment_section(reader, article.url)
    assert "新しい名前" in html and "窓口の常連" not in html
    assert "事業者" in html


def test_a_viewers_comment_waiting_for_review_is_theirs_alone(settings, article, thread):
    settings.PAGE_FRAGMENT_SECONDS = 300
    writer = established_member()
    CommentFactory(
        page=article, author=writer, status=CommentStatus.PENDING, body_source="確認待ちの意見。"
    )
    other = signed_in(established_member())
    assert "確認待ちの意見。" not in comment_section(other, article.url)  # rows kept without it

    assert "確認待ちの意見。" in comment_section(signed_in(writer), article.url)
    assert "確認待ちの意見。" not in comment_section(other, article.url)
