"""/api/v1/topics/ and /api/v1/opinions/: what an anonymous visitor sees on the topics' pages,
field by field, and nothing else."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from community.models import Comment, CommentStatus, TopicClosure
from community.services.comments import comment_create
from core.channels import Channel
from tests.factories import (
    MemberFactory,
    OpinionFactory,
    TopicIndexPageFactory,
    TopicPageFactory,
    established_member,
)

pytestmark = pytest.mark.django_db

TOPIC_KEYS = {
    "id",
    "title",
    "slug",
    "url",
    "question",
    "background_html",
    "background_text",
    "starts_at",
    "ends_at",
    "status",
    "asks_stance",
    "conclusion",
    "opinion_count",
    "first_published_at",
    "last_published_at",
    "changed_at",
}
OPINION_KEYS = {
    "id",
    "topic_id",
    "body_html",
    "body_text",
    "stance",
    "created_at",
    "edited_at",
    "changed_at",
    "author_name",
    "author_attributes",
    "is_official",
    "like_count",
    "agree_count",
    "disagree_count",
    "pass_count",
}


@pytest.fixture
def topic_index(home_page):
    return TopicIndexPageFactory(parent=home_page)


@pytest.fixture
def topic(topic_index):
    return TopicPageFactory(parent=topic_index)


def opinion_ids(client, query=""):
    return [item["id"] for item in client.get(f"/api/v1/opinions/{query}").json()["results"]]


def test_a_topic_is_listed_with_exactly_its_public_fields(client, topic):
    OpinionFactory(page=topic)

    data = client.get("/api/v1/topics/").json()

    (item,) = data["results"]
    assert set(item) == TOPIC_KEYS
    assert item["url"] == f"http://localhost/topics/{topic.slug}/"
    assert item["status"] == "open"
    assert item["opinion_count"] == 1
    assert item["background_html"] == "<p>本庁で始めた書かない窓口の利用が増えています。</p>"
    assert item["background_text"] == "本庁で始めた書かない窓口の利用が増えています。"
    assert item["conclusion"] is None
    assert client.get(f"/api/v1/topics/{topic.pk}/").json() == item


def test_a_closed_topic_carries_its_conclusion(client, topic):
    TopicClosure.objects.create(
        topic=topic, conclusion="まとめ", conclusion_html="<p>まとめ<br>です</p>"
    )

    item = client.get(f"/api/v1/topics/{topic.pk}/").json()

    assert item["status"] == "closed"
    assert set(item["conclusion"]) == {"html", "text", "closed_at"}
    assert item["conclusion"]["text"] == "まとめ\nです"


def test_draft_and_private_topics_and_their_opinions_never_appear(client, topic_index):
    shown = TopicPageFactory(parent=topic_index)
    draft = TopicPageFactory(parent=topic_index, live=False)
    private = TopicPageFactory(parent=topic_index)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    visible = OpinionFactory(page=shown)
    OpinionFactory(page=draft)
    OpinionFactory(page=private)

    assert [item["id"] for item in client.get("/api/v1/topics/").json()["results"]] == [shown.pk]
    assert client.get(f"/api/v1/topics/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v1/topics/{private.pk}/").status_code == 404
    assert opinion_ids(client) == [visible.pk]
    assert opinion_ids(client, f"?topic={private.pk}") == []


def test_an_opinion_has_exactly_its_public_fields_and_never_the_email(client, topic):
    member = MemberFactory(email="tanaka@example.jp", display_name="たなか", region_public=True)
    opinion = OpinionFactory(page=topic, author=member)

    response = client.get("/api/v1/opinions/")

    (item,) = response.json()["results"]
    assert set(item) == OPINION_KEYS
    assert item["topic_id"] == topic.pk
    assert item["author_name"] == "たなか"
    assert item["author_attributes"] == [{"label": "市区町村・地域", "value": member.region_label}]
    assert item["stance"] == "agree"
    assert item["body_text"] == opinion.body_source
    assert b"tanaka@example.jp" not in response.content
    assert b"author_id" not in response.content


def test_an_opinion_staff_keyed_in_is_attributed_to_its_channel(client, topic):
    OpinionFactory(page=topic, author=None, channel=Channel.POST)

    (item,) = client.get("/api/v1/opinions/").json()["results"]

    assert item["author_name"] == "郵送でいただいたご意見"
    assert item["author_attributes"] == []


def test_hidden_deleted_pending_opinions_and_replies_never_appear(client, topic):
    shown = OpinionFactory(page=topic)
    for status in (CommentStatus.HIDDEN, CommentStatus.DELETED, CommentStatus.PENDING):
        OpinionFactory(page=topic, status=status)
    OpinionFactory(page=topic, parent=shown, stance="")

    assert opinion_ids(client) == [shown.pk]
    assert opinion_ids(client, f"?topic={topic.pk}") == [shown.pk]
    topic_item = client.get(f"/api/v1/topics/{topic.pk}/").json()
    assert topic_item["opinion_count"] == 1


def test_the_topic_filter_keeps_one_topics_opinions(client, topic_index):
    first, second = TopicPageFactory(parent=topic_index), TopicPageFactory(parent=topic_index)
    mine = OpinionFactory(page=first)
    OpinionFactory(page=second)

    assert opinion_ids(client, f"?topic={first.pk}") == [mine.pk]


def counts_of(client):
    (item,) = client.get("/api/v1/opinions/").json()["results"]
    return item["agree_count"], item["disagree_count"], item["pass_count"]


def test_vote_counts_are_null_while_the_open_topic_shows_them_only_to_voters(client, topic):
    OpinionFactory(page=topic, agree_count=4, disagree_count=1, pass_count=2)

    assert counts_of(client) == (None, None, None)


def test_vote_counts_are_shown_when_the_topic_always_shows_them(client, topic_index):
    topic = TopicPageFactory(parent=topic_index, vote_counts_shown="always")
    OpinionFactory(page=topic, agree_count=4, disagree_count=1, pass_count=2)

    assert counts_of(client) == (4, 1, 2)


def test_vote_counts_are_shown_once_the_topic_is_closed_or_ended(client, topic_index):
    closed = TopicPageFactory(parent=topic_index)
    TopicClosure.objects.create(topic=closed, conclusion="ok", conclusion_html="<p>ok</p>")
    ended = TopicPageFactory(
        parent=topic_index,
        starts_at=timezone.now() - timedelta(days=9),
        ends_at=timezone.now() - timedelta(days=1),
    )
    for topic in (closed, ended):
        OpinionFactory(page=topic, agree_count=3)

    results = client.get("/api/v1/opinions/").json()["results"]

    assert [item["agree_count"] for item in results] == [3, 3]


def test_script_in_an_opinion_comes_out_as_the_sites_sanitised_html(client, topic):
    comment_create(
        author=established_member(),
        page=topic,
        body='<script>alert("x")</script> 詳細はhttps://example.jp/aをご覧ください',
        stance="agree",
    )

    (item,) = client.get("/api/v1/opinions/").json()["results"]

    assert "<script>" not in item["body_html"]
    assert "&lt;script&gt;" in item["body_html"]
    assert 'rel="nofollow ugc noopener"' in item["body_html"]
    # the plain text is what the page shows as text: the characters the member typed
    assert item["body_text"].startswith('<script>alert("x")</script>')


def test_updated_since_and_the_cursor_read_each_changed_opinion_once(client, topic):
    now = timezone.now()
    old = OpinionFactory(page=topic, changed_at=now - timedelta(days=3))
    changed = [OpinionFactory(page=topic, changed_at=now - timedelta(hours=h)) for h in (3, 2, 1)]
    Comment.objects.filter(pk=changed[0].pk).update(changed_at=now - timedelta(minutes=1))

    since = (now - timedelta(days=1)).isoformat().replace("+", "%2B")
    seen, url = [], f"/api/v1/opinions/?limit=2&updated_since={since}"
    while url:
        data = client.get(url).json()
        seen += [item["id"] for item in data["results"]]
        url = data["next"]

    assert seen == [changed[1].pk, changed[2].pk, changed[0].pk]
    assert old.pk not in seen


def test_a_page_of_opinions_costs_the_same_queries_whatever_its_size(client, topic_index):
    topics = [TopicPageFactory(parent=topic_index, vote_counts_shown="always") for _ in range(3)]
    for number in range(30):
        OpinionFactory(page=topics[number % 3], author=MemberFactory(region_public=True))
    OpinionFactory(page=topics[0], author=None, channel=Channel.POST)

    queries = []
    for limit in (5, 30):
        client.get(f"/api/v1/opinions/?limit={limit}")  # the site's root paths, cached
        with CaptureQueriesContext(connection) as captured:
            assert len(client.get(f"/api/v1/opinions/?limit={limit}").json()["results"]) == limit
        queries.append(len(captured))

    assert queries[0] == queries[1], queries


def test_a_topic_whose_period_ended_is_read_again_by_harvesters(client, topic_index):
    published = timezone.now() - timedelta(days=10)
    ended = timezone.now() - timedelta(days=1)
    topic = TopicPageFactory(
        parent=topic_index,
        last_published_at=published,
        starts_at=published,
        ends_at=ended,
    )

    data = client.get("/api/v1/topics/", {"updated_since": ended.isoformat()}).json()

    assert [item["id"] for item in data["results"]] == [topic.pk]
    assert data["results"][0]["changed_at"] == timezone.localtime(ended).isoformat()
