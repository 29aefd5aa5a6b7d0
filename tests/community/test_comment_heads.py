"""Each comment's head kept in the cache (community.selectors.comment_heads): a thread read
from the cached heads is the thread written, for every viewer, and whatever a head shows —
the text, the author's name or public profile, moderation — is new on the next read."""

import pytest
from django.core.cache import cache
from django.test import Client

from community.services.comments import comment_edit
from community.services.members import member_profile_update
from tests.community.thread_checks import comment_section, signed_in
from tests.factories import CommentFactory, StaffUserFactory, established_member

pytestmark = pytest.mark.django_db


def _reader():
    """A signed-in reader: the anonymous page cache (purged on commit) is not what is tested."""
    return signed_in(established_member())


@pytest.fixture
def thread(article):
    author = established_member(display_name="窓口の常連", stakeholder_type_public=True)
    top = CommentFactory(page=article, author=author, body_source="電子申請は便利です。")
    reply = CommentFactory(page=article, parent=top, body_source="同感です。")
    CommentFactory(page=article, parent=reply, in_reply_to=reply)
    CommentFactory(page=article, author=StaffUserFactory(groups=["Editors"]), is_official=True)
    return {"author": author, "top": top}


def test_the_thread_read_from_cached_heads_is_the_thread_written(article, thread):
    member = _reader()
    moderator = Client()
    moderator.force_login(StaffUserFactory(groups=["Moderators"]))

    for client in (Client(), member, moderator):
        cache.clear()
        written = comment_section(client, article.url)
        assert comment_section(client, article.url) == written  # every head from the cache
    assert "窓口の常連" in written and "電子申請は便利です。" in written


def test_a_comment_edited_is_shown_edited_at_once(article, thread):
    reader = _reader()
    comment_section(reader, article.url)

    comment_edit(comment=thread["top"], editor=thread["author"], body="紙の申請も残してほしい。")

    html = comment_section(reader, article.url)
    assert "紙の申請も残してほしい。" in html and "電子申請は便利です。" not in html


def test_an_author_renamed_is_shown_renamed_at_once(article, thread):
    reader = _reader()
    comment_section(reader, article.url)
    author = thread["author"]

    member_profile_update(
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
    assert "事業者" in html  # the public stakeholder type, changed too
