"""A thread's list kept whole for each way a viewer sees it (community.selectors.comment_lists),
with rendered pages' fragments on as in production: the page served from a kept list is the
page written without any cache, byte for byte, for every kind of viewer on articles and
topics; readers without marks on the thread share one list; one viewer's list never shows
another's likes, votes or rights; what changes without a purge (an author's name, the answered
comment's author) is shown at once; every form carries the request's own CSRF token."""

import re

import pytest

from community.models import Comment
from community.selectors import comment_shells
from community.services.comments import comment_delete
from community.services.likes import like_toggle
from community.services.members import member_profile_update
from community.services.topics import opinion_vote
from community.templatetags import community_tags
from tests.community.thread_checks import comment_section, signed_in, viewers_marks_check
from tests.factories import (
    CommentFactory,
    OpinionFactory,
    StaffUserFactory,
    TopicPageFactory,
    established_member,
)

pytestmark = pytest.mark.django_db
TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')
FOOTER = '<footer class="comment__actions">'


@pytest.fixture
def fragments_on(settings):
    settings.PAGE_FRAGMENT_SECONDS = 300


@pytest.fixture
def people(db):
    return {
        "author": established_member(display_name="窓口の常連"),
        "reader": established_member(display_name="読む人"),
        "moderator": StaffUserFactory(groups=["Moderators"]),
    }


@pytest.fixture
def thread(article, people):
    author = people["author"]
    top = CommentFactory(page=article, author=author, body_source="電子申請は便利です。")
    reply = CommentFactory(page=article, parent=top, body_source="同感です。")
    answer = CommentFactory(page=article, parent=reply, in_reply_to=reply, author=people["reader"])
    CommentFactory(page=article, author=StaffUserFactory(groups=["Editors"]), is_official=True)
    like_toggle(member=people["reader"], comment=top)
    return {"top": top, "reply": reply, "answer": answer}


@pytest.fixture
def topic(topic_index, people):
    topic = TopicPageFactory(parent=topic_index)
    first = OpinionFactory(page=topic, author=people["author"], body_source="全支所に広げるべき。")
    OpinionFactory(page=topic, author=people["reader"], stance="disagree")
    CommentFactory(page=topic, parent=first, author=people["reader"])
    opinion_vote(member=people["reader"], opinion=first, choice="agree")
    return topic


def _never_written(*args, **kwargs):
    raise AssertionError("the list was written, not served from the cache")


@pytest.mark.parametrize("viewer", ["author", "reader", "moderator", "member"])
def test_the_page_from_a_kept_list_is_the_page_written_without_caches(
    monkeypatch, settings, article, topic, thread, people, viewer
):
    people["member"] = established_member()
    client = signed_in(people[viewer])
    urls = [
        article.url,
        f"{article.url}?sort=newest",
        f"{article.url}?sort=liked&comments_page=1",
        f"{article.url}?posted={thread['top'].pk}",
        f"{article.url}?reply_to={thread['reply'].pk}",
        topic.url,
        f"{topic.url}?sort=oldest",
        f"/en{article.url}",
    ]
    settings.PAGE_FRAGMENT_SECONDS = 0  # no rows, no lists; shells written in place
    with monkeypatch.context() as patched:
        patched.setattr(community_tags, "comment_shells_prefetch", lambda *a, **k: None)
        written = [comment_section(client, url) for url in urls]
    settings.PAGE_FRAGMENT_SECONDS = 300

    stored = [comment_section(client, url) for url in urls]
    monkeypatch.setattr(community_tags, "comment_shells_prefetch", _never_written)
    served = [comment_section(client, url) for url in urls]

    assert stored == written
    assert served == written


def test_readers_without_marks_share_one_list(monkeypatch, fragments_on, article, thread):
    comment_section(signed_in(established_member()), article.url)
    monkeypatch.setattr(community_tags, "comment_shells_prefetch", _never_written)

    html = comment_section(signed_in(established_member()), article.url)

    assert "電子申請は便利です。" in html


def test_one_viewers_list_never_shows_another_viewers_likes_or_rights(
    fragments_on, article, thread, people
):
    viewers_marks_check(article, thread["top"], people)


def test_the_viewers_own_like_and_vote_are_shown_at_once(fragments_on, article, topic, people):
    reply = CommentFactory(page=article, body_source="同感です。")
    author = signed_in(people["author"])

    def like_button():
        html = comment_section(author, article.url)
        return html.split(f'id="like-comment-{reply.pk}"')[1][:200]

    assert "button--liked" not in like_button()
    like_toggle(member=people["author"], comment=reply)
    assert "button--liked" in like_button()

    opinion = Comment.objects.get(page_id=topic.pk, author=people["reader"], depth=1)
    votes = f'<div class="opinion-vote" id="opinion-vote-{opinion.pk}">'
    shown = comment_section(author, topic.url).split(votes)[1].split(FOOTER)[0]
    assert 'aria-pressed="true"' not in shown and "opinion-vote__counts" not in shown

    opinion_vote(member=people["author"], opinion=opinion, choice="pass")

    shown = comment_section(author, topic.url).split(votes)[1].split(FOOTER)[0]
    assert 'value="pass" aria-pressed="true"' in shown and "opinion-vote__counts" in shown


def test_the_answered_comments_author_renamed_is_shown_renamed_at_once(
    fragments_on, article, thread, people
):
    answered_by = established_member(display_name="元の名前")
    answered = CommentFactory(page=article, parent=thread["reply"], author=answered_by)
    CommentFactory(page=article, parent=thread["reply"], in_reply_to=answered)
    comment_delete(comment=answered, actor=answered_by)  # not shown: nothing answers under it
    reader = signed_in(established_member())
    assert "返信先：元の名前" in comment_section(reader, article.url)

    member_profile_update(  # purges no page: the list's key names its authors as they are
        member=answered_by,
        display_name="改名した人",
        bio="",
        stakeholder_type=answered_by.stakeholder_type,
        prefecture=answered_by.prefecture,
        region=answered_by.region,
        region_name="",
        stakeholder_type_public=False,
        region_public=False,
    )

    assert "返信先：改名した人" in comment_section(reader, article.url)


def test_every_form_of_a_kept_list_carries_the_requests_csrf_token(
    fragments_on, article, thread, people
):
    client = signed_in(people["reader"])
    client.get(article.url)  # the list kept

    html = client.get(article.url).content.decode()

    tokens = TOKEN_RE.findall(html)
    assert len(tokens) >= 5  # the like buttons of the four comments, the page's, the form
    assert len(set(tokens)) == 1 and comment_shells.CSRF_PLACEHOLDER not in tokens
