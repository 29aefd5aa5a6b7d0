"""Open data of topics: one dataset per live, public topic with a published opinion, its CSV
and JSON files and their JSON Schema, with nothing the topic's page does not show."""

import json

import jsonschema
import pytest
from wagtail.models import PageViewRestriction

from api.opendata.topics import topic_datasets
from community.models import CommentStatus
from tests.factories import MemberFactory, OpinionFactory, TopicIndexPageFactory, TopicPageFactory

from .test_topics import OPINION_KEYS, TOPIC_KEYS

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic_index(home_page):
    return TopicIndexPageFactory(parent=home_page)


@pytest.fixture
def topic(topic_index):
    return TopicPageFactory(parent=topic_index)


def test_each_public_topic_with_a_published_opinion_is_a_dataset(rf, topic_index):
    shown = TopicPageFactory(parent=topic_index)
    opinion = OpinionFactory(page=shown)
    OpinionFactory(page=TopicPageFactory(parent=topic_index, live=False))
    OpinionFactory(page=TopicPageFactory(parent=topic_index), status=CommentStatus.PENDING)
    private = TopicPageFactory(parent=topic_index)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    OpinionFactory(page=private)

    (dataset,) = topic_datasets(rf.get("/"))

    assert dataset.identifier == f"topic-{shown.pk}"
    assert dataset.title == shown.title
    assert dataset.description == shown.question
    assert dataset.keywords == ["意見交換"]
    assert dataset.page_url == f"http://localhost/topics/{shown.slug}/"
    assert dataset.issued == shown.first_published_at
    assert dataset.modified == max(shown.last_published_at, opinion.changed_at)
    assert [d.url for d in dataset.distributions] == [
        f"http://testserver/opendata/topics/{shown.pk}.csv",
        f"http://testserver/opendata/topics/{shown.pk}.json",
    ]
    assert dataset.schema_url == "http://testserver/opendata/schemas/topic-opinions.json"


def test_the_csv_is_excel_ready_formula_safe_licensed_and_shows_only_published_opinions(
    client, topic
):
    member = MemberFactory(email="tanaka@example.jp", display_name="たなか")
    OpinionFactory(page=topic, author=member, body_source="=SUM(A1)", body_html="<p>=SUM(A1)</p>")
    for status in (CommentStatus.HIDDEN, CommentStatus.DELETED, CommentStatus.PENDING):
        OpinionFactory(
            page=topic, status=status, body_source="見えない", body_html="<p>見えない</p>"
        )

    response = client.get(f"/opendata/topics/{topic.pk}.csv")

    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffID,投稿日時,立場,意見,投稿者,賛成,反対,パス,いいね\r\n")
    rows = text.splitlines()[1:]
    assert len(rows) == 1
    assert ",'=SUM(A1),たなか,,,,0" in rows[0]  # counts hidden while the topic is open
    assert "見えない" not in text
    assert "tanaka@example.jp" not in text
    assert 'rel="license"' in response["Link"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_csv_columns_are_english_under_en(client, topic):
    OpinionFactory(page=topic)

    text = client.get(f"/en/opendata/topics/{topic.pk}.csv").content.decode("utf-8")

    assert text.startswith("\ufeffID,Posted at,Stance,Opinion,Author,Agree,Disagree,Pass,Likes")


def test_the_json_carries_the_topic_and_its_opinions_as_the_api_does(client, topic):
    member = MemberFactory(email="tanaka@example.jp")
    opinion = OpinionFactory(page=topic, author=member)
    OpinionFactory(page=topic, parent=opinion, stance="")
    OpinionFactory(page=topic, status=CommentStatus.HIDDEN)

    response = client.get(f"/opendata/topics/{topic.pk}.json")

    document = response.json()
    assert set(document) == {"dataset", "license", "data"}
    assert set(document["data"]) == {"topic", "opinions"}
    assert set(document["data"]["topic"]) == TOPIC_KEYS
    (item,) = document["data"]["opinions"]
    assert set(item) == OPINION_KEYS
    api_item = client.get(f"/api/v1/opinions/?topic={topic.pk}").json()["results"][0]
    assert item == api_item
    assert b"tanaka@example.jp" not in response.content
    assert 'rel="license"' in response["Link"]


def test_a_topic_without_a_public_opinion_or_page_has_no_files(client, topic_index):
    empty = TopicPageFactory(parent=topic_index)
    draft = TopicPageFactory(parent=topic_index, live=False)
    OpinionFactory(page=draft)

    for topic in (empty, draft):
        assert client.get(f"/opendata/topics/{topic.pk}.csv").status_code == 404
        assert client.get(f"/opendata/topics/{topic.pk}.json").status_code == 404


def test_the_schema_documents_the_json_file_and_the_file_follows_it(client, topic):
    OpinionFactory(page=topic)
    response = client.get(f"/opendata/topics/{topic.pk}.json")
    schema = json.loads(client.get("/opendata/schemas/topic-opinions.json").content)

    jsonschema.validate(response.json(), schema)
    assert set(schema["properties"]) == {"dataset", "license", "data"}
    assert set(schema["$defs"]["TopicOpinionsOut"]["properties"]) == {"topic", "opinions"}
    metadata = f"http://testserver/opendata/topic-{topic.pk}/metadata.jsonld"
    assert f'<{metadata}>; rel="describedby"' in response["Link"]
    assert response.json()["dataset"]["metadata"] == metadata
    opinion = schema["$defs"]["OpinionOut"]
    assert set(opinion["properties"]) == OPINION_KEYS
    assert opinion["properties"]["is_official"]["description"] == "運営による投稿かどうか。"
