"""Each comment's shell kept in the cache for each way a viewer sees it
(community.selectors.comment_shells): a thread read from cached shells is the thread written
without any cache, byte for byte, for every kind of viewer on articles and topics; one
viewer's shells never show another's likes, votes or rights; and the request's own CSRF token
is in every form."""

import re

import pytest
from django.test import Client

from community.models import Comment
from community.selectors import comment_shells
from community.services.likes import like_toggle
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
def people(db):
    return {
        "author": established_member(display_name="窓口の常連"),
        "reader": established_member(display_name="読む人"),
        "moderator": StaffUserFactory(groups=["Moderators"]),
    }


@pytest.fixture
def article_thread(article, people):
    author = people["author"]
    top = CommentFactory(page=article, author=author, body_source="電子申請は便利です。")
    reply = CommentFactory(page=article, parent=top, body_source="同感です。")
    CommentFactory(page=article, parent=reply, in_reply_to=reply, author=people["reader"])
    CommentFactory(page=article, author=StaffUserFactory(groups=["Editors"]), is_official=True)
    like_toggle(member=people["reader"], comment=top)
    return {"top": top, "reply": reply}


@pytest.fixture
def topic(topic_index, people):
    topic = TopicPageFactory(parent=topic_index)
    first = OpinionFactory(page=topic, author=people["author"], body_source="全支所に広げるべき。")
    OpinionFactory(page=topic, author=people["reader"], stance="disagree")
    CommentFactory(page=topic, parent=first, author=people["reader"])
    opinion_vote(member=people["reader"], opinion=first, choice="agree")
    return topic


def _urls(article, topic, article_thread):
    return [
        article.url,
        f"{article.url}?sort=newest",
        f"{article.url}?posted={article_thread['top'].pk}",
        f"{article.url}?reply_to={article_thread['reply'].pk}",
        topic.url,
        f"/en{article.url}",
    ]


@pytest.mark.parametrize("viewer", ["anonymous", "author", "reader", "moderator"])
def test_the_thread_from_cached_shells_is_the_thread_written_without_them(
    monkeypatch, article, topic, article_thread, people, viewer
):
    client = Client() if viewer == "anonymous" else signed_in(people[viewer])
    urls = _urls(article, topic, article_thread)
    with monkeypatch.context() as patched:  # no shell read or kept: each written in place
        patched.setattr(community_tags, "comment_shells_prefetch", lambda *a, **k: None)
        written = [comment_section(client, url) for url in urls]

    stored = [comment_section(client, url) for url in urls]
    served = [comment_section(client, url) for url in urls]

    assert stored == written
    assert served == written


def test_one_viewers_shells_never_show_another_viewers_likes_or_rights(
    article, article_thread, people
):
    viewers_marks_check(article, article_thread["top"], people)


def test_a_like_or_a_vote_is_shown_at_once(article, article_thread, topic, people):
    reader = signed_in(people["reader"])
    reply = article_thread["reply"]

    def like_button():
        return comment_section(reader, article.url).split(f'id="like-comment-{reply.pk}"')[1][:400]

    assert 'like-form__count">0</span></button>' in like_button()

    like_toggle(member=people["author"], comment=reply)

    assert 'like-form__count">1</span></button>' in like_button()
    author = signed_in(people["author"])
    opinion = Comment.objects.get(page_id=topic.pk, author=people["reader"], depth=1)
    votes = f'<div class="opinion-vote" id="opinion-vote-{opinion.pk}">'
    shown = comment_section(author, topic.url).split(votes)[1].split(FOOTER)[0]
    assert 'aria-pressed="true"' not in shown and "opinion-vote__counts" not in shown

    opinion_vote(member=people["author"], opinion=opinion, choice="pass")

    shown = comment_section(author, topic.url).split(votes)[1].split(FOOTER)[0]
    assert 'value="pass" aria-pressed="true"' in shown and "opinion-vote__counts" in shown


def test_every_form_of_the_thread_carries_the_requests_csrf_token(article, article_thread, people):
    client = signed_in(people["reader"])
    client.get(article.url)  # shells stored

    html = client.get(article.url).content.decode()

    tokens = TOKEN_RE.findall(html)
    assert len(tokens) >= 5  # the like buttons of the four comments, the page's, the form
    assert len(set(tokens)) == 1 and comment_shells.CSRF_PLACEHOLDER not in tokens
